import { describe, expect, it } from "vitest";
import {
  API_CSP,
  classifyPath,
  commonHeaders,
  contentDisposition,
  createNonce,
  fileCsp,
  isPreviewable,
  oidcOrigin,
  pageCsp,
  servedOverHttps,
} from "@/lib/security/headers";

function directive(csp: string, name: string): string | undefined {
  return csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d === name || d.startsWith(`${name} `))
    ?.slice(name.length)
    .trim();
}

describe("page CSP", () => {
  it("allows scripts only by nonce (strict-dynamic), never inline or eval in production, and is never framed", () => {
    const nonce = createNonce();
    const csp = pageCsp(nonce, { https: false });
    expect(directive(csp, "script-src")).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(directive(csp, "frame-ancestors")).toBe("'none'");
    expect(directive(csp, "object-src")).toBe("'none'");
    expect(directive(csp, "base-uri")).toBe("'self'");
    expect(directive(csp, "form-action")).toBe("'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(csp.split(";").some((d) => d.includes("unsafe-eval"))).toBe(false);
  });

  it("adds eval only for the dev server, upgrade-insecure-requests over https, and the OIDC gateway as a form target", () => {
    expect(directive(pageCsp("n", { https: false, dev: true }), "script-src")).toContain("'unsafe-eval'");
    expect(pageCsp("n", { https: true })).toContain("upgrade-insecure-requests");
    expect(directive(pageCsp("n", { https: false, formActionOrigins: ["https://id.example"] }), "form-action")).toBe("'self' https://id.example");
  });

  it("makes a different, unguessable nonce every time", () => {
    const nonces = new Set(Array.from({ length: 200 }, () => createNonce()));
    expect(nonces.size).toBe(200);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("headers on every answer", () => {
  it("sets nosniff, DENY, the referrer and permissions policies; HSTS only over https", () => {
    const h = commonHeaders({ https: false });
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    for (const feature of ["camera", "microphone", "geolocation", "payment"]) expect(h["Permissions-Policy"]).toContain(`${feature}=()`);
    expect(h["Strict-Transport-Security"]).toBeUndefined();
    expect(commonHeaders({ https: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}/);
  });

  it("trusts X-Forwarded-Proto only with TRUST_PROXY on; an https APP_URL is enough on its own", () => {
    expect(servedOverHttps({}, "https")).toBe(false);
    expect(servedOverHttps({ TRUST_PROXY: "false" }, "https")).toBe(false);
    expect(servedOverHttps({ TRUST_PROXY: "true" }, "https")).toBe(true);
    expect(servedOverHttps({ TRUST_PROXY: "1" }, "https, http")).toBe(true);
    expect(servedOverHttps({ TRUST_PROXY: "true" }, "http")).toBe(false);
    expect(servedOverHttps({ TRUST_PROXY: "true" }, null)).toBe(false);
    expect(servedOverHttps({ APP_URL: "https://stanza.comune.example" }, null)).toBe(true);
    expect(servedOverHttps({ APP_URL: "http://localhost:3000" }, "https")).toBe(false);
  });

  it("classifies paths: API answers, files with their own CSP, pages (the API docs page included)", () => {
    expect(classifyPath("/api/v1.0/services")).toBe("api");
    expect(classifyPath("/api/v1.0/bugliano/pratiche")).toBe("api");
    expect(classifyPath("/api/health")).toBe("api");
    expect(classifyPath("/api/health/ready")).toBe("api");
    expect(classifyPath("/api/ops/backup")).toBe("api");
    expect(classifyPath("/metrics")).toBe("api");
    expect(classifyPath("/api/docs")).toBe("page");
    expect(classifyPath("/comune-di-bugliano/logo")).toBe("file");
    expect(classifyPath("/comune-di-bugliano/allegati/0b7c2e59-0000-4000-8000-000000000000")).toBe("file");
    expect(classifyPath("/comune-di-bugliano/allegati")).toBe("page");
    expect(classifyPath("/comune-di-bugliano/servizi/logo")).toBe("page");
    expect(classifyPath("/comune-di-bugliano")).toBe("page");
    expect(classifyPath("/posta")).toBe("page");
    expect(API_CSP).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

describe("stored files", () => {
  it("previews only PDFs and raster or SVG images; everything else is a download", () => {
    for (const t of ["application/pdf", "image/png", "image/jpeg", "image/svg+xml"]) expect(isPreviewable(t)).toBe(true);
    for (const t of ["text/html", "application/xhtml+xml", "text/xml", "application/octet-stream", "image/x-icon", "application/zip"]) expect(isPreviewable(t)).toBe(false);
  });

  it("runs nothing in a file: images sandboxed, PDFs without sandbox (Chrome's viewer refuses it) but loading nothing", () => {
    const image = fileCsp("image/svg+xml");
    expect(directive(image, "default-src")).toBe("'none'");
    expect(image.split(";").map((d) => d.trim())).toContain("sandbox");
    expect(directive(image, "script-src")).toBeUndefined();
    const pdf = fileCsp("application/pdf");
    expect(directive(pdf, "default-src")).toBe("'none'");
    expect(directive(pdf, "frame-ancestors")).toBe("'none'");
    expect(directive(pdf, "script-src")).toBeUndefined();
  });

  it("names the file in Content-Disposition with an ASCII fallback and the exact UTF-8 name", () => {
    expect(contentDisposition("attachment", "delega firmata.pdf")).toBe(`attachment; filename="delega firmata.pdf"; filename*=UTF-8''delega%20firmata.pdf`);
    expect(contentDisposition("inline", 'perché "sì".pdf')).toBe(`inline; filename="perch_ _s__.pdf"; filename*=UTF-8''perch%C3%A9%20%22s%C3%AC%22.pdf`);
  });

  it("takes only the origin of the OIDC issuer", () => {
    expect(oidcOrigin("https://id.example/realms/spid")).toBe("https://id.example");
    expect(oidcOrigin(undefined)).toBeNull();
    expect(oidcOrigin("not a url")).toBeNull();
  });
});
