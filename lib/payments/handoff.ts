import { pick, type Lang } from "@/lib/i18n";
import { checkoutHandoffTexts } from "@/lib/i18n/payments-citizen";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/**
 * How the browser gets to a provider's checkout after the "Paga online" form. A checkout on this site (the demo's)
 * is a plain 303. One on another site cannot be: the pages' CSP allows forms to post only here (`form-action
 * 'self'`), and Chromium applies that to the redirect after the post too. So the answer is a small page of this site
 * that moves on by itself (meta refresh: a navigation, not a form) and offers the link in case it does not.
 * `redirectUrl` is the provider's answer, already checked to be an absolute http(s) URL.
 */
export function checkoutResponse(redirectUrl: string, appUrl: string, lang: Lang): Response {
  const target = new URL(redirectUrl);
  if (target.protocol !== "https:" && target.protocol !== "http:") throw new Error("checkout URL: http(s) only");
  if (target.origin === new URL(appUrl).origin) return new Response(null, { status: 303, headers: { Location: target.toString(), "Cache-Control": "no-store" } });
  const t = pick(checkoutHandoffTexts, lang);
  const href = esc(target.toString());
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${href}">
<title>${esc(t.title)}</title>
</head>
<body>
<main>
<h1>${esc(t.heading)}</h1>
<p>${esc(t.body)}</p>
<p><a href="${href}">${esc(t.go)}</a></p>
</main>
</body>
</html>`;
  return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
