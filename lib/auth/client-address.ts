import { isIP } from "node:net";

/**
 * The client's address for throttling, or null when it cannot be known.
 *
 * Next.js gives route handlers and server actions no socket: it copies the socket's address into
 * `X-Forwarded-For` only when the client sent none, so without a proxy the header is whatever the client chose.
 * Hence: with TRUST_PROXY on, the address is the LAST entry of X-Forwarded-For, the one our own proxy appended
 * (earlier entries come from the client and are not trusted); with TRUST_PROXY off no forwarded header is
 * believed and the address is unknown (null) — callers then rely on per-account limits only.
 */
export function clientAddress(headers: Headers | undefined, trustProxy: boolean): string | null {
  if (!trustProxy || !headers) return null;
  const entries = headers.get("x-forwarded-for")?.split(",") ?? [];
  const last = entries[entries.length - 1]?.trim().toLowerCase() ?? "";
  const bare = last.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return isIP(bare) ? bare : null;
}
