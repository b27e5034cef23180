import { z } from "zod";
import { samlLevelSchema } from "@/lib/auth/levels";
import { safeNext } from "@/lib/auth/safe-next";
import { getConfig } from "@/lib/config/env";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { NotFoundError } from "@/lib/errors";
import { getSpidSetup } from "@/lib/spid/setup";
import { requestCookie } from "@/lib/spid/acs";
import { REQUEST_TTL_MS } from "@/lib/spid/saml";
import { startSamlLogin } from "@/lib/spid/start-login";

const query = z.object({ idp: z.string().max(40), livello: samlLevelSchema.catch(2), next: z.string().max(2000).optional() });
const toLogin = (slug: string, code: string) => new Response(null, { status: 303, headers: { Location: `/${slug}/accedi?accesso=${encodeURIComponent(code)}`, "Cache-Control": "no-store" } });

/**
 * The links of "Entra con SPID" / "Entra con CIE" land here: records the AuthnRequest and sends the browser to the
 * chosen identity provider with it (HTTP-Redirect binding, signed). Links rather than forms, so the page needs
 * no script and the CSP's form-action stays 'self'.
 */
export const GET = browserRoute(
  { params: z.object({ ente: enteSlug }), who: "public", onError: (failure, _s, { ente }) => toLogin(ente?.slug ?? "", failure.code) },
  async ({ url, db, ente }) => {
    const config = getConfig();
    const setup = await getSpidSetup(config);
    if (!setup) throw new NotFoundError("spid.not_configured");
    const q = query.safeParse(Object.fromEntries(url.searchParams));
    if (!q.success) throw new NotFoundError("spid.unknown_idp");
    const next = safeNext(ente.slug, q.data.next);
    const { url: target, requestId } = await startSamlLogin(db, ente, { idpId: q.data.idp, level: q.data.livello, next }, { appUrl: config.appUrl, setup });
    return new Response(null, {
      status: 303,
      headers: { Location: target, "Cache-Control": "no-store", "Set-Cookie": requestCookie(config.appUrl, ente.slug, requestId, REQUEST_TTL_MS / 1000) },
    });
  },
);
