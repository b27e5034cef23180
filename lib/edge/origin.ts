/**
 * Is a state-changing request from a page of this very site? Browsers say where a request comes from in
 * `Sec-Fetch-Site` and `Origin`; a page on another port or subdomain of the same site is "same-site", not
 * "same-origin", and is refused too. A request that says neither is refused: every browser in use sends
 * `Origin` on a POST, so only a non-browser client lacks both, and those use the partner API.
 */
export function isSameOriginRequest(headers: Headers, opts: { trustProxy: boolean; appUrl?: string }): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return false;
  const origin = headers.get("origin");
  if (origin === null) return site !== null;
  if (origin === "null") return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const host = (opts.trustProxy ? headers.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined) || headers.get("host");
  if (host && originHost.toLowerCase() === host.toLowerCase()) return true;
  // The public address of the app (APP_URL) is its origin too, whatever Host a proxy passes on.
  if (opts.appUrl) {
    try {
      return new URL(opts.appUrl).origin === new URL(origin).origin;
    } catch {
      return false;
    }
  }
  return false;
}

export const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
