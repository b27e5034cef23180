import { NextResponse, type NextRequest } from "next/server";
import { isLang, LANG_COOKIE } from "@/lib/i18n";

/** The language switch posts here; we remember the choice and go back to the page it came from. */
export async function POST(request: NextRequest) {
  const form = await request.formData().catch(() => null);
  const lang = form?.get("lang");
  const referer = request.headers.get("referer");
  let back = "/";
  if (referer) {
    const url = new URL(referer);
    // Only ever return to a page of this site.
    if (url.host === request.headers.get("host")) back = `${url.pathname}${url.search}`;
  }
  // A relative Location: behind a proxy or on 127.0.0.1 the server's own idea of its URL may differ.
  const response = new NextResponse(null, { status: 303, headers: { Location: back } });
  if (isLang(lang)) response.cookies.set(LANG_COOKIE, lang, { path: "/", maxAge: 365 * 86_400, sameSite: "lax" });
  return response;
}
