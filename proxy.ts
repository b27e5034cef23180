import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config/env";
import { refuseCrossSiteWrite } from "@/lib/edge/cross-site";
import { REQUEST_ID_HEADER } from "@/lib/edge/request-id";
import { acceptRequestId } from "@/lib/ops/request-context";
import { API_CSP, classifyPath, commonHeaders, createNonce, oidcOrigin, pageCsp, servedOverHttps } from "@/lib/security/headers";

/**
 * Security headers on every answer (lib/security/headers.ts). A page's CSP carries a nonce made for this
 * request; it also goes on the request, where Next.js finds it and puts it on the scripts it renders.
 * First of all, a state-changing request from another origin is refused (lib/edge/cross-site.ts).
 *
 * Every request gets an id (`x-request-id`), on the request (the wrappers of lib/edge and lib/api put it in the
 * request context: logs, audit rows, outbox rows) and on the answer. A client's own id is kept only from a trusted
 * front proxy (TRUST_PROXY); from anyone else it is replaced.
 */
export function proxy(request: NextRequest) {
  const requestId = acceptRequestId(getConfig().trustProxy ? request.headers.get(REQUEST_ID_HEADER) : null);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  const refused = refuseCrossSiteWrite(request);
  const env = process.env;
  const opts = {
    https: servedOverHttps({ APP_URL: env.APP_URL, TRUST_PROXY: env.TRUST_PROXY }, request.headers.get("x-forwarded-proto")),
    dev: env.NODE_ENV === "development",
    formActionOrigins: [oidcOrigin(env.OIDC_ISSUER)].filter((o): o is string => o !== null),
  };
  const kind = classifyPath(request.nextUrl.pathname);
  let response: NextResponse;
  if (refused) {
    response = new NextResponse(refused.body, { status: refused.status, headers: refused.headers });
    response.headers.set("Content-Security-Policy", API_CSP);
  } else if (kind === "page") {
    const nonce = createNonce();
    const csp = pageCsp(nonce, opts);
    requestHeaders.set("Content-Security-Policy", csp);
    requestHeaders.set("x-nonce", nonce);
    response = NextResponse.next({ request: { headers: requestHeaders } });
    response.headers.set("Content-Security-Policy", csp);
  } else {
    response = NextResponse.next({ request: { headers: requestHeaders } });
    if (kind === "api") response.headers.set("Content-Security-Policy", API_CSP);
  }
  for (const [name, value] of Object.entries(commonHeaders(opts))) response.headers.set(name, value);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Static build files carry no HTML; everything else (pages, route handlers, the API) gets the headers.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
