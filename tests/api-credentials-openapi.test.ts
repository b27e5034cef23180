import { eq } from "drizzle-orm";
import { z } from "zod";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, partners } from "@/db/schema";
import { createPartnerAdmin, rotatePartnerSecret, updatePartnerAdmin } from "@/lib/admin/partners";
import { setApiDeps } from "@/lib/api/deps";
import { ENDPOINTS, buildOpenApiDocument } from "@/lib/api/openapi";
import { rateLimiter } from "@/lib/api/rate-limit";
import { statusChangeBodySchema } from "@/lib/api/schemas";
import { BadRequestError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { ROUTES, basic, call, createApiWorld } from "./helpers/api";
import { adminCtx, operatorCtx, submittedPratica } from "./helpers/fixtures";

let tdb: TestDatabase;
let w: Awaited<ReturnType<typeof createApiWorld>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  w = await createApiWorld(tdb.db);
});
beforeEach(() => setApiDeps({ db: tdb.db, config: { demoMode: false, trustProxy: false } }));
afterAll(async () => {
  await rateLimiter.flush(tdb.db);
  setApiDeps(undefined);
  await tdb?.close();
});

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
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    const routed = ROUTES.flatMap((r) => Object.keys(r.methods).map((m) => `${m} ${r.pattern.replace(/:([a-z]+)/g, "{$1}")}`)).sort();
    expect(documented).toEqual(routed);
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
});
