import { NextResponse } from "next/server";
import { siteRoute } from "@/lib/edge/routes";
import { isLang, LANG_COOKIE } from "@/lib/i18n";

/** Where to go back to: the page the switch was on, when it is a page of this site; else the home page. */
function backTo(req: Request): string {
  const referer = req.headers.get("referer");
  if (!referer || !URL.canParse(referer)) return "/";
  const url = new URL(referer);
  return url.host === req.headers.get("host") ? `${url.pathname}${url.search}` : "/";
}

/** The language switch posts here; we remember the choice and go back to the page it came from. */
export const POST = siteRoute(async ({ req }) => {
  const form = await req.formData().catch(() => null);
  const lang = form?.get("lang");
  // A relative Location: behind a proxy or on 127.0.0.1 the server's own idea of its URL may differ.
  const response = new NextResponse(null, { status: 303, headers: { Location: backTo(req) } });
  if (isLang(lang)) response.cookies.set(LANG_COOKIE, lang, { path: "/", maxAge: 365 * 86_400, sameSite: "lax" });
  return response;
});
