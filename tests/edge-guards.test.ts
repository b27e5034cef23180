import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toFailure } from "@/lib/edge/failure";
import { isSameOriginRequest } from "@/lib/edge/origin";
import { assertCleanFields, assertCleanJson, isCleanText } from "@/lib/edge/text";
import { BadRequestError, ConflictError, DomainError, NotFoundError, ValidationError, fieldError, zodFieldErrors } from "@/lib/errors";
import { errorText, errorTextFromUrl, isErrorCode } from "@/lib/i18n/errors";
import { placeholdersOf } from "@/lib/i18n";

const ROOT = path.resolve(import.meta.dirname, "..");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
const rel = (f: string) => path.relative(ROOT, f);

describe("every browser write goes through a wrapper", () => {
  const files = [...walk(path.join(ROOT, "app")), ...walk(path.join(ROOT, "lib")), ...walk(path.join(ROOT, "components"))].filter((f) => /\.(ts|tsx)$/.test(f));

  it("route handlers: each state-changing method is made with browserRoute, siteRoute, citizenPraticaFormRoute, withPartner or providerCallbackRoute", () => {
    const routes = files.filter((f) => f.endsWith(`${path.sep}route.ts`));
    expect(routes.length).toBeGreaterThan(15);
    const offenders: string[] = [];
    for (const f of routes) {
      const src = readFileSync(f, "utf8");
      // Auth.js's own endpoints (sign-in, callbacks from identity providers) carry their own CSRF token.
      if (rel(f) === path.join("app", "api", "auth", "[...nextauth]", "route.ts")) continue;
      for (const m of src.matchAll(/export\s+(async\s+function|function|const)\s+(POST|PUT|PATCH|DELETE)\b([^\n]*)/g)) {
        // unknownPath only answers 404 (the partner API's catch-all): it changes nothing.
        const wrapped = m[1] === "const" && /=\s*((browserRoute|siteRoute|citizenPraticaFormRoute|withPartner|providerCallbackRoute)\(|unknownPath;)/.test(m[3] ?? "");
        if (!wrapped) offenders.push(`${rel(f)} ${m[2]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("server actions: every export of a \"use server\" file is made with staffAction, citizenAction or publicAction", () => {
    const actionFiles = files.filter((f) => /^\s*["']use server["']/.test(readFileSync(f, "utf8")));
    expect(actionFiles.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const f of actionFiles) {
      const src = readFileSync(f, "utf8");
      for (const m of src.matchAll(/^export\s+(?!type\b)(async\s+function|function|const|let)\s+(\w+)([^\n]*)/gm)) {
        const wrapped = m[1] === "const" && /=\s*(staffAction|citizenAction|publicAction)\(/.test(m[3] ?? "");
        if (!wrapped) offenders.push(`${rel(f)} ${m[2]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("no error text travels in a URL: no redirect or Location is built from an error's message", () => {
    const offenders = files.filter((f) => /(redirect|Location|searchParams\.set|params\.set)\([^)]*\b(err|error|e)\.message/.test(readFileSync(f, "utf8"))).map(rel);
    expect(offenders).toEqual([]);
  });

  it("no domain error is recognised by matching its text", () => {
    const offenders = files.filter((f) => /\.(test|exec)\((err|error|e)\.message\)|(err|error|e)\.message\.match\(/.test(readFileSync(f, "utf8"))).map(rel);
    expect(offenders).toEqual([]);
  });
});

describe("isSameOriginRequest", () => {
  const opts = { trustProxy: false, appUrl: "https://stanza.comune.example" };
  const h = (init: Record<string, string>) => new Headers({ host: "127.0.0.1:3100", ...init });

  it("accepts the page's own origin, by Origin or by Sec-Fetch-Site", () => {
    expect(isSameOriginRequest(h({ origin: "http://127.0.0.1:3100" }), opts)).toBe(true);
    expect(isSameOriginRequest(h({ "sec-fetch-site": "same-origin" }), opts)).toBe(true);
    expect(isSameOriginRequest(h({ origin: "http://127.0.0.1:3100", "sec-fetch-site": "same-origin" }), opts)).toBe(true);
    expect(isSameOriginRequest(h({ origin: "https://stanza.comune.example" }), opts)).toBe(true);
  });

  it("refuses another port, another subdomain, another site, an opaque origin and a request that says nothing", () => {
    expect(isSameOriginRequest(h({ origin: "http://127.0.0.1:3199", "sec-fetch-site": "same-site" }), opts)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "http://127.0.0.1:3199" }), opts)).toBe(false);
    expect(isSameOriginRequest(new Headers({ host: "www.comune.example", origin: "https://evil.comune.example" }), opts)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }), opts)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "null" }), opts)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "not a url" }), opts)).toBe(false);
    expect(isSameOriginRequest(h({}), opts)).toBe(false);
    // A same-origin claim with a foreign Origin is still foreign.
    expect(isSameOriginRequest(h({ origin: "http://evil.example", "sec-fetch-site": "same-origin" }), opts)).toBe(false);
  });

  it("trusts X-Forwarded-Host only behind a trusted proxy", () => {
    const headers = new Headers({ host: "10.0.0.5:3000", "x-forwarded-host": "evil.example", origin: "http://evil.example" });
    expect(isSameOriginRequest(headers, { trustProxy: false })).toBe(false);
    expect(isSameOriginRequest(headers, { trustProxy: true })).toBe(true);
  });
});

describe("errors are codes, translated at the edge", () => {
  it("every code has its English text, with the same parameters", async () => {
    const { errorText: text } = await import("@/lib/i18n/errors");
    const src = readFileSync(path.join(ROOT, "lib", "i18n", "errors.ts"), "utf8");
    const codes = [...src.matchAll(/^ {2}"([a-z_]+\.[a-z_.]+)":/gm)].map((m) => m[1]!);
    const unique = [...new Set(codes)];
    expect(unique.length).toBeGreaterThan(100);
    for (const code of unique) {
      expect(isErrorCode(code), code).toBe(true);
      if (!isErrorCode(code)) continue;
      const params = (s: string) => placeholdersOf(s).sort();
      const it = text(code, {}, "it");
      const en = text(code, {}, "en");
      expect(params(en), code).toEqual(params(it));
      if (code !== "field.custom" && code !== "operator_steps.issue") expect(en, code).not.toBe(it);
    }
  });

  it("a domain error keeps its code, parameters and field; its message is the Italian text", () => {
    const err = new ConflictError("form.version_conflict", { version: 7 });
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe("form.version_conflict");
    expect(err.message).toContain("versione 7");
    expect(errorText(err.code, err.params, "en")).toContain("version 7");
    expect(new BadRequestError("cursor.invalid", {}, { field: "cursor" }).field).toBe("cursor");
  });

  it("toFailure: one shape in the visitor's language; zod errors are field errors; a bug says nothing", () => {
    const v = toFailure(new ValidationError("request.invalid_input", [fieldError("email", "field.email")]), "en");
    expect(v).toEqual({ status: 422, failure: { error: "Please check the highlighted fields", code: "request.invalid_input", fieldErrors: { email: "Enter a valid email address" } } });
    const nf = toFailure(new NotFoundError("pratica.not_found"), "it");
    expect(nf).toEqual({ status: 404, failure: { error: "Pratica non trovata", code: "pratica.not_found", fieldErrors: {} } });
    const withField = toFailure(new BadRequestError("cursor.invalid", {}, { field: "cursor" }), "it");
    expect(withField.failure.fieldErrors.cursor).toBe(withField.failure.error);
    const zod = z.object({ name: z.string().min(3), n: z.number().max(5) }).safeParse({ name: "a", n: 9 });
    const zf = toFailure(zod.error, "it");
    expect(zf.status).toBe(422);
    expect(zf.failure.fieldErrors).toEqual({ name: "Almeno 3 caratteri", n: "Il valore massimo è 5" });
    const bug = toFailure(new Error("SELECT * FROM secret"), "it");
    expect(bug.status).toBe(500);
    expect(JSON.stringify(bug)).not.toContain("secret");
  });

  it("zod issues: built-in ones get field codes with their bounds, a schema's own text is kept", () => {
    const parsed = z.object({ a: z.string(), b: z.string().min(2, "Troppo corto, almeno due lettere"), c: z.email() }).safeParse({ b: "x", c: "nope" });
    const errors = zodFieldErrors(parsed.error!.issues);
    expect(errors.map((e) => [e.path, e.code, e.message])).toEqual([
      ["a", "field.invalid_type", "Valore non valido"],
      ["b", "field.custom", "Troppo corto, almeno due lettere"],
      ["c", "field.email", "Inserisci un indirizzo email valido"],
    ]);
  });

  it("a code in a URL shows only the catalogue's own text; anything else reads as the generic message", () => {
    expect(errorTextFromUrl("delivery.retry_only_failed", "it")).toBe("Si può riprovare solo un invio fallito");
    expect(errorTextFromUrl("Il tuo account è bloccato: chiama il 899…", "it")).toBe(errorText("request.internal", {}, "it"));
    expect(errorTextFromUrl("file.too_large", "en")).toBe(errorText("request.internal", {}, "en"));
    expect(errorTextFromUrl(["x"], "it")).toBe(errorText("request.internal", {}, "it"));
  });
});

describe("text PostgreSQL cannot hold is refused at the edge", () => {
  it("NUL and lone surrogates", () => {
    expect(isCleanText("Via Roma 1, àèìòù 😀")).toBe(true);
    expect(isCleanText("a\u0000b")).toBe(false);
    expect(isCleanText("a\ud800b")).toBe(false);
    expect(isCleanText("\udc00")).toBe(false);
    expect(isCleanText("\ud83d\ude00")).toBe(true);
  });

  it("JSON: bad strings and keys are field errors; a document nested 5,000 deep is a 400, not a stack overflow", () => {
    expect(() => assertCleanJson({ ok: "x", list: [1, "y", { z: null }] })).not.toThrow();
    const nul = (() => {
      try {
        assertCleanJson({ dati: { nome: "a\u0000" } });
      } catch (e) {
        return e;
      }
    })();
    expect(nul).toBeInstanceOf(ValidationError);
    expect((nul as ValidationError).fieldErrors[0]?.path).toBe("dati.nome");
    expect(() => assertCleanJson({ ["k\ud800"]: 1 })).toThrow(ValidationError);
    let deep: unknown = "fondo";
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(() => assertCleanJson(deep)).toThrow(BadRequestError);
    let deepArray: unknown = [];
    for (let i = 0; i < 5000; i++) deepArray = [deepArray];
    expect(() => assertCleanJson(deepArray)).toThrow(BadRequestError);
    expect(() => assertCleanJson(JSON.parse(`${"[".repeat(5000)}${"]".repeat(5000)}`))).toThrow(BadRequestError);
  });

  it("form fields, FormData included", () => {
    expect(() => assertCleanFields({ a: "ok", b: ["x", "y"] })).not.toThrow();
    expect(() => assertCleanFields({ a: ["ok", "b\u0000"] })).toThrow(ValidationError);
    const fd = new FormData();
    fd.set("body", "ciao\u0000");
    expect(() => assertCleanFields({ ente: "x", fd })).toThrow(ValidationError);
  });
});
