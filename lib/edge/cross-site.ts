import { getConfig } from "@/lib/config/env";
import { errorText } from "@/lib/i18n/errors";
import { isSameOriginRequest, UNSAFE_METHODS } from "./origin";

/**
 * Paths whose writes are not a browser's: the partner API (HTTP Basic), Auth.js (its own CSRF token, IdP posts) and
 * the payment providers' notifications (`/api/pagamenti/{ente}/notifica`, signed: lib/payments/provider.ts).
 */
const NOT_BROWSER_WRITES = /^\/api\/(v1\.0|auth|pagamenti)(\/|$)/;
/**
 * The SAML Assertion Consumer Service of an ente, `/{ente}/spid/acs`, and only it: an identity provider's page posts
 * the Response there from its own site. The route checks the Response itself (lib/spid/acs.ts).
 */
export const SAML_ACS_PATH = /^\/[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?\/spid\/acs$/;

/**
 * The proxy's first check: a state-changing request to a page, a server action or a browser route that does not
 * come from a page of this site is answered 403 before Next handles it. (Next's own check of a server action's
 * Origin throws, which used to be a 500; the wrappers check again, for routes reached another way.)
 */
export function refuseCrossSiteWrite(request: Request): Response | null {
  if (!UNSAFE_METHODS.has(request.method)) return null;
  const { pathname } = new URL(request.url);
  if (NOT_BROWSER_WRITES.test(pathname)) return null;
  if (request.method === "POST" && SAML_ACS_PATH.test(pathname)) return null;
  const config = getConfig();
  if (isSameOriginRequest(request.headers, { trustProxy: config.trustProxy, appUrl: config.appUrl })) return null;
  const body = { error: errorText("request.cross_site", {}, "it"), code: "request.cross_site", fieldErrors: {} };
  return Response.json(body, { status: 403, headers: { "Cache-Control": "no-store" } });
}
