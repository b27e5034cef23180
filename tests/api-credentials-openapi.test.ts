import { eq } from "drizzle-orm";
import { z } from "zod";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, partners } from "@/db/schema";
import { createPartnerAdmin, rotatePartnerSecret, updatePartnerAdmin } from "@/lib/admin/partners";
import { ATTACHMENT_TYPES, ENDPOINTS, buildOpenApiDocument } from "@/lib/api/openapi";
import { STATUS_CODE_EVENTS } from "@/lib/api/present";
import { resolveEvent } from "@/lib/api/status";
import { SNIFFED_TYPES } from "@/lib/storage/sniff";
import { statusChangeBodySchema } from "@/lib/api/schemas";
import { BadRequestError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { TestDatabase } from "./helpers/db";
import { basic, call, closeApiTest, openApiTest, setTestApiDeps, type ApiWorld } from "./helpers/api";
import { apiRouteFiles } from "./helpers/route-files";
import { adminCtx, MINIMAL_PDF, operatorCtx, submittedPratica } from "./helpers/fixtures";
import { transitionFor } from "@/lib/workflow/table";

let tdb: TestDatabase;
let w: ApiWorld;

beforeAll(async () => ({ tdb, w } = await openApiTest()));
beforeEach(() => setTestApiDeps(tdb.db));
afterAll(() => closeApiTest(tdb));

describe("partner credentials (lib/admin/partners, the admin pages' module)", () => {
  it("creates a partner whose secret is shown once and stored only as a hash; rotation revokes the old one", async () => {
    const ctx = adminCtx(tdb.db, w.ente, w.admin);
    const { partner, secret, webhookSecret } = await createPartnerAdmin(ctx, { slug: `gestionale-${Date.now()}`, name: "Gestionale", serviceIds: [w.service.id, w.protoService.id], webhookUrl: "https://partner.example/hook" });
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(webhookSecret).toBeTruthy();
    const [row] = await tdb.db.select().from(partners).where(eq(partners.id, partner.id));
    expect(row?.secretHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    const path = `/api/v1.0/${partner.slug}/pratiche`;
    expect((await call(path, { auth: basic(partner.slug, secret) })).status).toBe(200);

    const next = await rotatePartnerSecret(ctx, partner.id);
    expect((await call(path, { auth: basic(partner.slug, secret) })).status).toBe(401);
    expect((await call(path, { auth: basic(partner.slug, next) })).status).toBe(200);
    const actions = (await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, partner.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["partner.create", "partner.rotate_secret"]));
  });

  it("disables one service of a partner without touching the others", async () => {
    const ctx = adminCtx(tdb.db, w.ente, w.admin);
    const { partner, secret } = await createPartnerAdmin(ctx, { slug: `protocollo-${Date.now()}`, name: "Protocollo", serviceIds: [w.service.id, w.protoService.id] });
    const auth = basic(partner.slug, secret);
    const a = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "A" });
    const b = await submittedPratica(tdb.db, w.ente, w.protoService, w.citizen);
    const both = { name: "Protocollo", serviceIds: [w.service.id, w.protoService.id] };
    await updatePartnerAdmin(ctx, partner.id, { ...both, disabledServiceIds: [w.service.id] });
    expect((await call(`/api/v1.0/${partner.slug}/pratica/${a.id}`, { auth })).status).toBe(403);
    expect((await call(`/api/v1.0/${partner.slug}/pratica/${b.id}`, { auth })).status).toBe(200);
    await updatePartnerAdmin(ctx, partner.id, { ...both, disabledServiceIds: [] });
    expect((await call(`/api/v1.0/${partner.slug}/pratica/${a.id}`, { auth })).status).toBe(200);
  });

  it("is for admins of the ente, with services of that ente and unreserved slugs", async () => {
    await expect(createPartnerAdmin(operatorCtx(tdb.db, w.ente, w.operator), { slug: "abc-def", name: "Nome" })).rejects.toBeInstanceOf(ForbiddenError);
    const ctx = adminCtx(tdb.db, w.ente, w.admin);
    for (const slug of ["services", "schedainformativa", "serviziotexts"]) await expect(createPartnerAdmin(ctx, { slug, name: "Nome" })).rejects.toBeInstanceOf(ValidationError);
    await expect(createPartnerAdmin(ctx, { slug: "altro-ente", name: "Nome", serviceIds: [w.otherService.id] })).rejects.toBeInstanceOf(BadRequestError);
    await expect(updatePartnerAdmin(ctx, w.otherPartner.id, { name: "Nome", serviceIds: [] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updatePartnerAdmin(ctx, "00000000-0000-4000-8000-000000000000", { name: "Nome" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("OpenAPI document", () => {
  type Doc = { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>>; components: { schemas: Record<string, unknown> } };
  const doc = buildOpenApiDocument() as Doc;

  it("is OpenAPI 3.1 and documents exactly the routes that exist", () => {
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    // The route files under app/api/v1.0 and the methods each implements; the document does not describe itself.
    const routes = apiRouteFiles();
    expect(routes.map((r) => r.path)).toContain("/api/v1.0/openapi.json");
    const routed = routes.filter((r) => r.path !== "/api/v1.0/openapi.json").flatMap((r) => r.served.map((m) => `${m} ${r.path}`));
    expect(routed.length).toBeGreaterThanOrEqual(11);
    expect(routed.filter((op) => !documented.includes(op)), "routes missing from the OpenAPI document").toEqual([]);
    expect(documented.filter((op) => !routed.includes(op)), "documented operations no route file implements").toEqual([]);
  });

  it("resolves every $ref and takes request bodies from the handlers' own zod schemas", () => {
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/"#\/components\/schemas\/([A-Za-z0-9_]+)"/g)) expect(doc.components.schemas, m[1]).toHaveProperty(m[1] ?? "");
    const ref = doc.paths["/api/v1.0/{partner}/pratica/{pratica}/status"]?.post?.requestBody?.content["application/json"]?.schema.$ref;
    expect(ref).toBe("#/components/schemas/StatusChange");
    const direct = z.toJSONSchema(statusChangeBodySchema, { io: "input" }) as { $defs?: Record<string, unknown> };
    expect(doc.components.schemas.StatusChange).toEqual(direct.$defs?.StatusChange);
    expect(ENDPOINTS.filter((e) => e.manual)).toHaveLength(7);
  });

  it("documents the pratica's number next to its internal id", () => {
    const summary = doc.components.schemas.PraticaSummary as { properties: Record<string, { type?: unknown; description?: string; examples?: unknown[] }>; required: string[] };
    expect(summary.required).toContain("number");
    expect(summary.properties.number?.type).toEqual(["string", "null"]);
    expect(summary.properties.number?.examples).toEqual(["2026-000123"]);
    expect(summary.properties.number?.description).toMatch(/per ente e per anno/);
    expect(JSON.stringify(doc)).toContain("pratica.number");
  });
});

describe("status codes and the partner's events", () => {
  it("the OpenAPI description lists, for each state, the events a partner reaches it with", () => {
    const { description } = (buildOpenApiDocument() as { info: { description: string } }).info;
    expect(description).toContain("| 4000 | pending | In carico | assign, resume, cancel_payment |");
    expect(description).toContain("| 1500 | payment_pending | In attesa di pagamento | request_payment |");
    expect(description).toContain("| 7000 | accepted | Accettata | accept |");
    expect(description).toContain("| 9000 | rejected | Rifiutata | reject |");
    expect(description).toContain("| 4300 | integration_submitted | Integrazioni inviate | — |");
    expect(description).toContain("| 50000 | revoked | Annullata | — |");
    expect(STATUS_CODE_EVENTS[4000]).toEqual(["assign", "resume", "cancel_payment"]);
  });

  it("a status code sent as evento becomes one of the events the table lists for it", () => {
    for (const [code, events] of Object.entries(STATUS_CODE_EVENTS)) {
      for (const event of events) {
        for (const from of transitionFor(event).from) expect(resolveEvent(Number(code), from), `${code} from ${from}`).toBe(event);
      }
    }
  });
});

describe("OpenAPI document: headers and content types", () => {
  type Resp = { headers?: Record<string, { $ref: string }>; content: Record<string, unknown> };
  type Op = { responses: Record<string, Resp> };
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, Op>>; components: { headers: Record<string, unknown> } };
  const op = (path: string, method: string): Op => {
    const o = doc.paths[path]?.[method];
    if (!o) throw new Error(`${method} ${path} not documented`);
    return o;
  };
  const declared = (r: Resp | undefined) => Object.keys(r?.headers ?? {}).map((h) => h.toLowerCase());

  it("declares Location, X-RateLimit-*, Idempotent-Replayed, X-Checksum-Sha256, Content-Disposition, Retry-After, and they resolve", () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, o] of Object.entries(ops)) {
        const [okStatus, ok] = Object.entries(o.responses).find(([s]) => s.startsWith("2")) ?? [];
        expect(okStatus, `${method} ${path}`).toBeDefined();
        expect(declared(ok), `${method} ${path}`).toEqual(expect.arrayContaining(["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"]));
        if (method === "post") expect(declared(ok)).toContain("idempotent-replayed");
        expect(declared(o.responses["429"])).toContain("retry-after");
        expect(declared(o.responses["401"])).toContain("www-authenticate");
        for (const r of Object.values(o.responses))
          for (const h of Object.values(r.headers ?? {})) expect(doc.components.headers, h.$ref).toHaveProperty(h.$ref.replace("#/components/headers/", ""));
      }
    }
    expect(declared(op("/api/v1.0/{partner}/pratica/offline/create", "post").responses["201"])).toContain("location");
    const download = op("/api/v1.0/{partner}/pratica/{pratica}/allegati/{allegato}", "get").responses["200"];
    expect(declared(download)).toEqual(expect.arrayContaining(["content-disposition", "x-checksum-sha256"]));
  });

  it("lists the attachment types storage really accepts, not application/octet-stream", () => {
    const download = op("/api/v1.0/{partner}/pratica/{pratica}/allegati/{allegato}", "get").responses["200"];
    const types = Object.keys(download?.content ?? {});
    expect(types).toEqual([...ATTACHMENT_TYPES]);
    expect(types).toEqual(expect.arrayContaining(["application/pdf", "image/jpeg", "image/png", ...SNIFFED_TYPES]));
    expect(types).not.toContain("application/octet-stream");
  });

  it("every header a real answer carries is one its operation declares", async () => {
    const created = await call(`/api/v1.0/${w.partner.slug}/pratica/offline/create`, {
      auth: w.auth,
      json: {
        servizio: w.service.slug,
        richiedente: { codiceFiscale: "RSSMRA80A01H501U", nome: "Mario", cognome: "Rossi", email: "mario.rossi.headers@example.com" },
        dati: { oggetto: "Intestazioni" },
        allegati: [{ campo: "documento", nomeFile: "a.pdf", contenuto: MINIMAL_PDF.toString("base64") }],
      },
      headers: { "idempotency-key": `headers-${Date.now()}` },
    });
    expect(created.status).toBe(201);
    const detail = (await created.clone().json()) as { id: string; attachments: { id: string; url: string }[] };
    const ignore = new Set(["content-type", "cache-control", "x-content-type-options"]);
    const undeclared = (res: Response, path: string, method: string, status: number) =>
      [...res.headers.keys()].filter((h) => !ignore.has(h) && !declared(op(path, method).responses[String(status)]).includes(h));

    expect(undeclared(created, "/api/v1.0/{partner}/pratica/offline/create", "post", 201)).toEqual([]);
    const file = detail.attachments.find((a) => a.url.includes("/allegati/"));
    if (!file) throw new Error("no attachment");
    const download = await call(file.url, { auth: w.auth });
    expect(download.status).toBe(200);
    expect(ATTACHMENT_TYPES).toContain(download.headers.get("content-type"));
    expect(undeclared(download, "/api/v1.0/{partner}/pratica/{pratica}/allegati/{allegato}", "get", 200)).toEqual([]);
    await download.arrayBuffer();

    const statusPath = `/api/v1.0/${w.partner.slug}/pratica/${detail.id}/status`;
    const key = { "idempotency-key": `headers-status-${detail.id}` };
    await call(statusPath, { auth: w.auth, json: { evento: "assign" }, headers: key });
    const replay = await call(statusPath, { auth: w.auth, json: { evento: "assign" }, headers: key });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(undeclared(replay, "/api/v1.0/{partner}/pratica/{pratica}/status", "post", 200)).toEqual([]);
    const refused = await call(statusPath, { auth: w.auth, json: { evento: "accept" } });
    expect(undeclared(refused, "/api/v1.0/{partner}/pratica/{pratica}/status", "post", refused.status)).toEqual([]);
    const unauth = await call(statusPath, { auth: basic(w.partner.slug, "sbagliato"), json: { evento: "assign" } });
    expect(undeclared(unauth, "/api/v1.0/{partner}/pratica/{pratica}/status", "post", 401)).toEqual([]);
  });
});
