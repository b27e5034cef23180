/**
 * The security headers every response carries (set by proxy.ts), kept pure so that tests can read them.
 *
 * Pages get a Content-Security-Policy with a fresh nonce per request: Next.js reads the nonce from the
 * request's CSP header and puts it on its own scripts, and 'strict-dynamic' lets those scripts load the
 * page's chunks. Styles stay 'unsafe-inline': the ente's colour is an inline <style>, a few elements use
 * style="…", and Radix's scroll lock adds a <style> element at run time without a nonce. A nonce in
 * style-src would switch 'unsafe-inline' off for all of them.
 */

export type HeaderOptions = {
  /** The public address is https (APP_URL), or a trusted proxy said so: HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** `next dev`: React needs eval for its debugging aids. Never in production. */
  dev?: boolean;
  /** Origins (besides 'self') a form may post or be redirected to, e.g. the OIDC gateway's. */
  formActionOrigins?: string[];
};

/** Random, unguessable, fresh for every request: 16 bytes in base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function pageCsp(nonce: string, opts: HeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${(opts.formActionOrigins ?? []).map((o) => ` ${o}`).join("")}`,
    "frame-ancestors 'none'",
  ];
  if (opts.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** API answers (JSON, CSV, problem+json) load nothing and are never framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * A stored file opened in the browser. Images are sandboxed (an SVG runs no script, even opened on its own);
 * PDFs are not, because Chrome refuses to start its PDF viewer in a sandboxed document, but they load nothing
 * and keep the inline styles the viewer's own page needs.
 */
export function fileCsp(mimeType: string): string {
  if (mimeType === "application/pdf") return "default-src 'none'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'none'";
  return "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";
}

/** Only these are ever shown inline (with ?anteprima=1); everything else is a download. */
export function isPreviewable(mimeType: string): boolean {
  return mimeType === "application/pdf" || /^image\/(png|jpeg|gif|webp|svg\+xml)$/.test(mimeType);
}

/** Content-Disposition with an ASCII fallback name and the exact UTF-8 one (RFC 6266). */
export function contentDisposition(kind: "inline" | "attachment", filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The headers that go on every response, page or not. */
export function commonHeaders(opts: HeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy":
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (opts.https) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

export type PathKind = "page" | "api" | "file";

/**
 * Which policy a path gets. Partner API, health and metrics answers: the API policy. The ente's logo and pratica files:
 * their route sets a CSP that fits the file, so the proxy must leave that header alone (the first value set
 * wins in Next.js). Everything else, /api/docs included, is a page.
 */
export function classifyPath(pathname: string): PathKind {
  if (pathname.startsWith("/api/v1.0/") || pathname === "/api/v1.0" || pathname === "/api/health" || pathname.startsWith("/api/health/") || pathname.startsWith("/api/ops/") || pathname === "/metrics") return "api";
  if (/^\/[^/]+\/(logo|allegati\/[^/]+)\/?$/.test(pathname)) return "file";
  return "page";
}

const TRUE = new Set(["1", "true", "yes", "on"]);

/**
 * Whether the browser reached us over https: the public address says so, or a proxy we were told to trust
 * (TRUST_PROXY) says so. A forwarded header from anyone else is ignored.
 */
export function servedOverHttps(env: { APP_URL?: string; TRUST_PROXY?: string }, forwardedProto: string | null): boolean {
  if (env.APP_URL?.toLowerCase().startsWith("https://")) return true;
  const trust = TRUE.has((env.TRUST_PROXY ?? "").toLowerCase());
  return trust && forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}

/** The origin of the OIDC gateway, if one is configured and its address is valid. */
export function oidcOrigin(issuer: string | undefined): string | null {
  if (!issuer) return null;
  try {
    return new URL(issuer).origin;
  } catch {
    return null;
  }
}
