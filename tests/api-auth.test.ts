import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiRateLimits, idempotencyKeys, partnerServices, partners, pratiche, statusHistory } from "@/db/schema";
import { RateLimiter } from "@/lib/api/rate-limit";
import { updatePartnerAdmin, rotatePartnerSecret } from "@/lib/admin/partners";
import { PARTNER_TTL_MS, authenticatePartner, forgetCachedPartners } from "@/lib/api/auth";
import { RateLimitedError, UnauthorizedError } from "@/lib/errors";
import { setApiDeps } from "@/lib/api/deps";
import type { TestDatabase } from "./helpers/db";
import { PARTNER_SECRET, basic, call, domainRowCounts, json, closeApiTest, openApiTest, type ApiWorld } from "./helpers/api";
import { adminCtx, submittedPratica } from "./helpers/fixtures";

let tdb: TestDatabase;
let w: ApiWorld;
const config = { demoMode: false, trustProxy: false };

beforeAll(async () => ({ tdb, w } = await openApiTest()));
beforeEach(() => {
  config.demoMode = false;
  config.trustProxy = false;
  setApiDeps({ db: tdb.db, config });
});
afterAll(() => closeApiTest(tdb));

type P = { status: number; code: string; title: string; type: string; detail: string; instance?: string; errors?: { path: string; message: string }[]; allowed_events?: string[]; retry_after?: number };

async function expectProblem(res: Response, status: number, code?: string): Promise<P> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await json<P>(res);
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  expect(body.type).toMatch(/^\/api\/docs#problem-/);
  if (code) expect(body.code).toBe(code);
  return body;
}

describe("authentication", () => {
  const path = () => `/api/v1.0/${w.partner.slug}/pratiche`;

  it("answers 200 with the right credential", async () => {
    const res = await call(path(), { auth: w.auth });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-limit")).toBe("100000");
  });

  it("asks for Basic credentials when there are none", async () => {
    const res = await call(path(), { auth: null });
    const p = await expectProblem(res, 401, "unauthorized");
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    expect(p.instance).toBe(path());
  });

  it.each([
    ["a Bearer token", "Bearer abc"],
    ["Basic without a colon", `Basic ${Buffer.from("nocolon").toString("base64")}`],
    ["Basic with garbage", "Basic !!!"],
    ["an empty secret", `Basic ${Buffer.from("partner:").toString("base64")}`],
  ])("refuses %s with 401", async (_label, header) => {
    await expectProblem(await call(path(), { auth: header }), 401, "unauthorized");
  });

  it("refuses an unknown partner and a wrong secret alike", async () => {
    const a = await expectProblem(await call(path(), { auth: basic("nessuno", PARTNER_SECRET) }), 401);
    const b = await expectProblem(await call(path(), { auth: basic(w.partner.slug, "sbagliato") }), 401);
    expect(a.detail).toBe(b.detail);
  });

  it("refuses a partner the admin disabled, at once, and lets it back in when re-enabled", async () => {
    expect((await call(path(), { auth: w.auth })).status).toBe(200); // the row is now cached
    const admin = adminCtx(tdb.db, w.ente, w.admin);
    const fields = { name: w.partner.name, serviceIds: [w.service.id, w.protoService.id, w.closedService.id], rateLimitPerMinute: 100_000 };
    await updatePartnerAdmin(admin, w.partner.id, { ...fields, disabled: "on" });
    try {
      await expectProblem(await call(path(), { auth: w.auth }), 401);
    } finally {
      await updatePartnerAdmin(admin, w.partner.id, { ...fields, disabled: "" });
    }
    expect((await call(path(), { auth: w.auth })).status).toBe(200);
  });

  it("a partner disabled behind Stanza's back (straight in the database, or by another instance) is refused within the cache's few seconds", async () => {
    const now = Date.now();
    expect((await authenticatePartner(tdb.db, w.auth, now)).partner.id).toBe(w.partner.id);
    await tdb.db.update(partners).set({ disabledAt: new Date() }).where(eq(partners.id, w.partner.id));
    try {
      await expect(authenticatePartner(tdb.db, w.auth, now + PARTNER_TTL_MS + 1)).rejects.toBeInstanceOf(UnauthorizedError);
    } finally {
      await tdb.db.update(partners).set({ disabledAt: null }).where(eq(partners.id, w.partner.id));
      forgetCachedPartners();
    }
    expect((await call(path(), { auth: w.auth })).status).toBe(200);
  });

  it("a rotated secret stops working at once", async () => {
    const admin = adminCtx(tdb.db, w.ente, w.admin);
    expect((await call(path(), { auth: w.auth })).status).toBe(200);
    const fresh = await rotatePartnerSecret(admin, w.partner.id);
    try {
      await expectProblem(await call(path(), { auth: w.auth }), 401);
      expect((await call(path(), { auth: basic(w.partner.slug, fresh) })).status).toBe(200);
    } finally {
      await tdb.db.update(partners).set({ secretHash: w.partner.secretHash }).where(eq(partners.id, w.partner.id));
      forgetCachedPartners();
    }
    expect((await call(path(), { auth: w.auth })).status).toBe(200);
  });

  it("refuses credentials of another partner than the one in the path (403)", async () => {
    const p = await expectProblem(await call(path(), { auth: w.otherAuth }), 403, "forbidden");
    expect(p.detail).toMatch(/partner indicato/);
  });
});

describe("transport security", () => {
  const path = () => `/api/v1.0/${w.partner.slug}/pratiche`;

  it("refuses Basic over plain http from a non-loopback host outside demo mode", async () => {
    const p = await expectProblem(await call(path(), { auth: w.auth, base: "http://stanza.example.org" }), 403);
    expect(p.detail).toMatch(/https/);
  });

  it("accepts https, and plain http on loopback", async () => {
    expect((await call(path(), { auth: w.auth, base: "https://stanza.example.org" })).status).toBe(200);
    expect((await call(path(), { auth: w.auth, base: "http://localhost:3000" })).status).toBe(200);
    expect((await call(path(), { auth: w.auth, base: "http://[::1]:3000" })).status).toBe(200);
  });

  it("does not count a proxied request to a loopback address as loopback", async () => {
    await expectProblem(await call(path(), { auth: w.auth, headers: { "x-forwarded-for": "203.0.113.9" } }), 403);
    await expectProblem(await call(path(), { auth: w.auth, headers: { "x-forwarded-for": "203.0.113.9, 127.0.0.1" } }), 403);
    await expectProblem(await call(path(), { auth: w.auth, headers: { forwarded: "for=127.0.0.1" } }), 403);
  });

  it("counts a direct loopback connection as loopback (Next sets X-Forwarded-For to the socket address)", async () => {
    expect((await call(path(), { auth: w.auth, headers: { "x-forwarded-for": "127.0.0.1" } })).status).toBe(200);
    expect((await call(path(), { auth: w.auth, headers: { "x-forwarded-for": "::ffff:127.0.0.1" } })).status).toBe(200);
    await expectProblem(await call(path(), { auth: w.auth, base: "http://stanza.example.org", headers: { "x-forwarded-for": "127.0.0.1" } }), 403);
  });

  it("trusts X-Forwarded-Proto only when TRUST_PROXY is on", async () => {
    const opts = { auth: w.auth, base: "http://stanza.example.org", headers: { "x-forwarded-proto": "https" } };
    await expectProblem(await call(path(), opts), 403);
    config.trustProxy = true;
    expect((await call(path(), opts)).status).toBe(200);
    await expectProblem(await call(path(), { ...opts, headers: { "x-forwarded-proto": "http" } }), 403);
  });

  it("without TRUST_PROXY, a forged X-Forwarded-Proto does not pass even though Next.js turned it into an https URL", async () => {
    // What `next start` hands the route for `X-Forwarded-Proto: https` sent over plain http from afar.
    const forged = { auth: w.auth, base: "https://stanza.example.org", headers: { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9" } };
    await expectProblem(await call(path(), forged), 403);
    config.trustProxy = true;
    expect((await call(path(), forged)).status).toBe(200);
    await expectProblem(await call(path(), { ...forged, headers: { ...forged.headers, "x-forwarded-proto": "http" } }), 403);
  });

  it("allows plain http in demo mode", async () => {
    config.demoMode = true;
    expect((await call(path(), { auth: w.auth, base: "http://stanza.example.org" })).status).toBe(200);
  });
});

/*
 * The limiters here run on a fixed clock (a minute long past, so their sweep of old windows leaves the other tests'
 * counters alone): no test can straddle a minute boundary, and the window's end is known to the second.
 */
const MINUTE = Date.UTC(2025, 0, 15, 9, 30, 0);

describe("rate limit", () => {
  it("answers 429 with Retry-After past the credential's limit per minute, counted in the database, until the next minute", async () => {
    let now = MINUTE + 10_000; // 50 s before the window ends
    setApiDeps({ db: tdb.db, config, rateLimiter: new RateLimiter({ clock: () => now }) });
    const [p] = await tdb.db.insert(partners).values({ ...w.partner, id: undefined, slug: `${w.partner.slug}-rl`, rateLimitPerMinute: 3 }).returning();
    if (!p) throw new Error("partner");
    const auth = basic(p.slug, PARTNER_SECRET);
    const answers: Response[] = [];
    for (let i = 0; i < 5; i++) answers.push(await call(`/api/v1.0/${p.slug}/pratiche`, { auth }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
    expect(answers.slice(0, 3).map((r) => r.headers.get("x-ratelimit-remaining"))).toEqual(["2", "1", "0"]);
    expect(answers[0]?.headers.get("x-ratelimit-reset")).toBe("50");
    const limited = answers[4];
    if (!limited) throw new Error("no fifth answer");
    expect(limited.headers.get("retry-after")).toBe("50");
    const body = await expectProblem(limited, 429, "rate_limited");
    expect(body.retry_after).toBe(50);
    const [row] = await tdb.db.select().from(apiRateLimits).where(eq(apiRateLimits.bucket, `partner:${p.id}`));
    expect(row?.count).toBe(5);

    now = MINUTE + 60_000; // the next minute counts afresh
    const next = await call(`/api/v1.0/${p.slug}/pratiche`, { auth });
    expect(next.status).toBe(200);
    expect(next.headers.get("x-ratelimit-remaining")).toBe("2");
    expect(next.headers.get("x-ratelimit-reset")).toBe("60");
  });
});

describe("rate limit across instances", () => {
  const clock = () => MINUTE + 1000;

  it("shares one counter in the database: a second instance stops at the limit the first one used up", async () => {
    const a = new RateLimiter({ flushEveryMs: 0, clock });
    const b = new RateLimiter({ flushEveryMs: 0, clock });
    const bucket = `test:${Date.now()}`;
    const limit = 1000;
    let admitted = 0;
    for (let i = 0; i < 900; i++) {
      await a.consume(tdb.db, bucket, limit);
      admitted++;
    }
    await a.flush(tdb.db);
    let refused = 0;
    for (let i = 0; i < 200; i++) {
      try {
        await b.consume(tdb.db, bucket, limit);
        admitted++;
      } catch (err) {
        expect(err).toBeInstanceOf(RateLimitedError);
        refused++;
      }
    }
    await b.flush(tdb.db);
    expect(admitted).toBeGreaterThanOrEqual(limit);
    // At most the requests B let through on its own count before its first flush came back.
    expect(admitted).toBeLessThanOrEqual(limit + 3);
    expect(refused).toBe(1100 - admitted);
    const [row] = await tdb.db.select().from(apiRateLimits).where(eq(apiRateLimits.bucket, bucket));
    expect(row?.count).toBeGreaterThanOrEqual(admitted);
  });

  it("counts small limits exactly, request by request", async () => {
    const a = new RateLimiter({ clock });
    const b = new RateLimiter({ clock });
    const bucket = `small:${Date.now()}`;
    const results: string[] = [];
    for (const limiter of [a, b, a, b, a]) {
      results.push(await limiter.consume(tdb.db, bucket, 3).then(() => "ok", () => "429"));
    }
    expect(results).toEqual(["ok", "ok", "ok", "429", "429"]);
  });
});

describe("idempotency", () => {
  it("replays the first answer for the same key and body, without a second transition", async () => {
    const pratica = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Idempotenza", modalita: "email" });
    const path = `/api/v1.0/${w.partner.slug}/pratica/${pratica.id}/status`;
    const headers = { "idempotency-key": `k-${pratica.id}` };
    const first = await call(path, { auth: w.auth, json: { evento: "assign" }, headers });
    expect(first.status).toBe(200);
    const firstBody = await json(first);
    const replay = await call(path, { auth: w.auth, json: { evento: "assign" }, headers });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await json(replay)).toEqual(firstBody);
    const iter = await tdb.db.select().from(statusHistory).where(eq(statusHistory.praticaId, pratica.id));
    expect(iter.filter((h) => h.event === "assign")).toHaveLength(1);

    // The same key with another body is refused; without a key, the second assign is a real (refused) attempt.
    await expectProblem(await call(path, { auth: w.auth, json: { evento: "4000" }, headers }), 422);
    await expectProblem(await call(path, { auth: w.auth, json: { evento: "assign" } }), 409);
  });

  it("does not store failed answers: the key can be retried once the request is fixed", async () => {
    const pratica = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Idempotenza 2", modalita: "email" });
    const path = `/api/v1.0/${w.partner.slug}/pratica/${pratica.id}/status`;
    const headers = { "idempotency-key": `retry-${pratica.id}` };
    await expectProblem(await call(path, { auth: w.auth, json: { evento: 7000 }, headers }), 409);
    expect(await tdb.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, headers["idempotency-key"]))).toHaveLength(0);
    expect((await call(path, { auth: w.auth, json: { evento: "assign" }, headers })).status).toBe(200);
  });

  it("refuses a malformed key", async () => {
    const res = await call(`/api/v1.0/${w.partner.slug}/pratica/${w.partner.id}/status`, { auth: w.auth, json: { evento: "assign" }, headers: { "idempotency-key": "con spazi" } });
    await expectProblem(res, 400, "bad_request");
  });
});

describe("request bodies", () => {
  let praticaId: string;
  let path: string;
  beforeAll(async () => {
    praticaId = (await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Corpi", modalita: "email" })).id;
    path = `/api/v1.0/${w.partner.slug}/pratica/${praticaId}/status`;
  });

  it("maps every kind of bad body to its 4xx and writes nothing", async () => {
    const before = await domainRowCounts(tdb.db);
    await expectProblem(await call(path, { auth: w.auth, rawBody: "{evento:", headers: { "content-type": "application/json" } }), 400);
    await expectProblem(await call(path, { auth: w.auth, rawBody: "", headers: { "content-type": "application/json" } }), 400);
    await expectProblem(await call(path, { auth: w.auth, rawBody: Buffer.from([0xff, 0xfe, 0x7b]), headers: { "content-type": "application/json" } }), 400);
    await expectProblem(await call(path, { auth: w.auth, rawBody: "evento=assign", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415);
    const tooBig = await expectProblem(await call(path, { auth: w.auth, rawBody: JSON.stringify({ evento: "assign", pad: "x".repeat(300_000) }), headers: { "content-type": "application/json" } }), 413);
    expect(tooBig.detail).toBe("Il corpo della richiesta supera il limite di 256 kB");
    const wrongType = await expectProblem(await call(path, { auth: w.auth, json: { evento: { nested: true }, operatore: 42 } }), 422, "validation_failed");
    expect(wrongType.errors?.map((e) => e.path).sort()).toEqual(["evento", "operatore"]);
    await expectProblem(await call(path, { auth: w.auth, json: [1, 2, 3] }), 422);
    await expectProblem(await call(path, { auth: w.auth, json: null }), 422);
    expect(await domainRowCounts(tdb.db)).toEqual(before);
    const [p] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, praticaId));
    expect(p?.status).toBe(2000);
  });

  it("answers 404 for malformed and unknown pratica ids and other municipalities' pratiche", async () => {
    await expectProblem(await call(`/api/v1.0/${w.partner.slug}/pratica/not-a-uuid/status`, { auth: w.auth, json: { evento: "assign" } }), 404);
    await expectProblem(await call(`/api/v1.0/${w.partner.slug}/pratica/00000000-0000-4000-8000-000000000000/status`, { auth: w.auth, json: { evento: "assign" } }), 404);
    const other = await submittedPratica(tdb.db, w.otherEnte, w.otherService, w.citizen);
    const before = await domainRowCounts(tdb.db);
    await expectProblem(await call(`/api/v1.0/${w.partner.slug}/pratica/${other.id}/status`, { auth: w.auth, json: { evento: "assign" } }), 404);
    await expectProblem(await call(`/api/v1.0/${w.partner.slug}/pratica/${other.id}`, { auth: w.auth }), 404);
    expect(await domainRowCounts(tdb.db)).toEqual(before);
  });

  it("answers 403 when the partner's service binding is disabled, without touching its other services", async () => {
    const onService = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Binding", modalita: "email" });
    const onProto = await submittedPratica(tdb.db, w.ente, w.protoService, w.citizen);
    const where = (sid: string) => eq(partnerServices.serviceId, sid);
    await tdb.db.update(partnerServices).set({ disabledAt: new Date() }).where(where(w.service.id));
    try {
      await expectProblem(await call(`/api/v1.0/${w.partner.slug}/pratica/${onService.id}`, { auth: w.auth }), 403);
      await expectProblem(await call(`/api/v1.0/${w.partner.slug}/pratica/${onService.id}/status`, { auth: w.auth, json: { evento: "assign" } }), 403);
      expect((await call(`/api/v1.0/${w.partner.slug}/pratica/${onProto.id}`, { auth: w.auth })).status).toBe(200);
    } finally {
      await tdb.db.update(partnerServices).set({ disabledAt: null }).where(where(w.service.id));
    }
  });
});
