import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import * as schema from "@/db/schema";
import { outbox, partners } from "@/db/schema";
import { authenticatePartner, PARTNER_TTL_MS, partnerCacheFor } from "@/lib/api/auth";
import { RateLimiter } from "@/lib/api/rate-limit";
import { createAuthSession, endAuthSession, resolveAuthSession } from "@/lib/auth/sessions";
import { claimBatch } from "@/lib/outbox/claim";
import { ConfigError, parseConfig } from "@/lib/config/env";
import { RateLimitedError, UnauthorizedError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { basic, createApiWorld, PARTNER_SECRET, type ApiWorld } from "./helpers/api";
import { createCitizen } from "./helpers/fixtures";

/*
 * Two instances of Stanza on one database, as far as one process can be two: every per-process cache here is per
 * database handle or per object, so two handles (two connection pools to the same PostgreSQL; on PGlite, two
 * drizzle handles over the one embedded database) stand for two servers. What one instance changes, the other must
 * see at once (sessions, claims) or within the documented bound (partner rows: PARTNER_TTL_MS). docs/operations.md,
 * "Many instances", lists every cache and its bound; scripts/many-instances.ts checks the same with real processes.
 */

let tdb: TestDatabase;
let other: { db: Db; close: () => Promise<void> };
let w: ApiWorld;

async function secondHandle(t: TestDatabase): Promise<{ db: Db; close: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl && t.label.startsWith("postgres:")) {
    const url = new URL(serverUrl);
    url.pathname = `/${t.label.slice("postgres:".length)}`;
    const d = await openDatabase({ driver: "postgres", url: url.toString(), max: 5 });
    return { db: d.db, close: d.close };
  }
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = (t.db as unknown as { $client: import("@electric-sql/pglite").PGlite }).$client;
  return { db: drizzle({ client, schema }) as unknown as Db, close: async () => {} };
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  other = await secondHandle(tdb);
  w = await createApiWorld(tdb.db);
});
afterAll(async () => {
  await other.close();
  await tdb.close();
});

describe("partner-row cache across instances", () => {
  it("is one cache per instance: a row cached by A is not B's", async () => {
    const now = Date.now();
    await authenticatePartner(tdb.db, basic(w.partner.slug, PARTNER_SECRET), now);
    expect(partnerCacheFor(tdb.db).has(w.partner.slug)).toBe(true);
    expect(partnerCacheFor(other.db).has(w.partner.slug)).toBe(false);
  });

  it("a partner disabled by another instance is refused at once where it was not cached, and within PARTNER_TTL_MS where it was", async () => {
    const auth = basic(w.partner.slug, PARTNER_SECRET);
    const now = Date.now() + 60_000; // past anything the first test cached
    // B has the row cached; then "instance A" disables the partner (a change B's process never hears of).
    expect((await authenticatePartner(other.db, auth, now)).partner.id).toBe(w.partner.id);
    await tdb.db.update(partners).set({ disabledAt: new Date() }).where(eq(partners.id, w.partner.id));
    try {
      partnerCacheFor(tdb.db).clear(); // A has nothing cached: it reads the row and refuses
      await expect(authenticatePartner(tdb.db, auth, now)).rejects.toBeInstanceOf(UnauthorizedError);
      // B: the documented staleness, and no more.
      expect((await authenticatePartner(other.db, auth, now + PARTNER_TTL_MS - 1)).partner.id).toBe(w.partner.id);
      await expect(authenticatePartner(other.db, auth, now + PARTNER_TTL_MS)).rejects.toBeInstanceOf(UnauthorizedError);
    } finally {
      await tdb.db.update(partners).set({ disabledAt: null }).where(eq(partners.id, w.partner.id));
    }
  });
});

describe("rate limit across instances", () => {
  it("small limits: requests alternating over two instances are refused after the limit in total", async () => {
    const clock = () => 7 * 60_000 + 1_000;
    const a = new RateLimiter({ clock });
    const b = new RateLimiter({ clock });
    const bucket = `two-handles-small:${Date.now()}`;
    const results: string[] = [];
    for (let i = 0; i < 10; i++) {
      const [limiter, db] = i % 2 === 0 ? [a, tdb.db] : [b, other.db];
      results.push(await limiter.consume(db, bucket, 6).then(() => "ok", () => "429"));
    }
    expect(results).toEqual(["ok", "ok", "ok", "ok", "ok", "ok", "429", "429", "429", "429"]);
  });

  it("large limits, concurrent on two instances: over-admission stays within what each instance may hold uncounted", async () => {
    const clock = () => 9 * 60_000 + 1_000;
    const a = new RateLimiter({ clock, flushEveryMs: 0 });
    const b = new RateLimiter({ clock, flushEveryMs: 0 });
    const bucket = `two-handles-large:${Date.now()}`;
    const limit = 400;
    let admitted = 0;
    let refused = 0;
    const burst = async (limiter: RateLimiter, db: Db) => {
      for (let i = 0; i < 300; i++) {
        try {
          await limiter.consume(db, bucket, limit);
          admitted++;
        } catch (err) {
          expect(err).toBeInstanceOf(RateLimitedError);
          refused++;
        }
      }
    };
    await Promise.all([burst(a, tdb.db), burst(b, other.db)]);
    await Promise.all([a.flush(tdb.db), b.flush(other.db)]);
    expect(admitted + refused).toBe(600);
    expect(admitted).toBeGreaterThanOrEqual(limit);
    // Each instance holds at most limit/20 uncounted, twice that while a flush is in flight.
    expect(admitted).toBeLessThanOrEqual(limit + 2 * 2 * Math.floor(limit / 20));
  });
});

describe("state that is not cached at all", () => {
  it("a session ended on one instance is refused on the other at once", async () => {
    const citizen = await createCitizen(tdb.db);
    const sid = await createAuthSession(tdb.db, { userId: citizen.id, kind: "citizen" });
    const claims = { uid: citizen.id, sid };
    expect((await resolveAuthSession(other.db, claims, { staffIdleMinutes: 30 }))?.user.id).toBe(citizen.id);
    await endAuthSession(other.db, sid);
    expect(await resolveAuthSession(tdb.db, claims, { staffIdleMinutes: 30 })).toBeNull();
  });

  it("outbox claims: two workers on two instances never hold the same row, and a dead worker's claim is taken again after the lease", async () => {
    const now = new Date();
    const rows = await tdb.db
      .insert(outbox)
      .values(Array.from({ length: 6 }, (_, i) => ({ enteId: w.ente.id, topic: "webhook" as const, kind: "test", payload: {}, idempotencyKey: `mi-${now.getTime()}-${i}`, availableAt: new Date(now.getTime() - 1_000) })))
      .returning({ id: outbox.id });
    const ids = new Set(rows.map((r) => r.id));
    const [first, second] = await Promise.all([
      claimBatch(tdb.db, { workerId: "host-a:1:x", limit: 4, now, leaseMs: 10_000, topics: ["webhook"] }),
      claimBatch(other.db, { workerId: "host-b:2:y", limit: 4, now, leaseMs: 10_000, topics: ["webhook"] }),
    ]);
    const mine = (list: { id: string }[]) => list.map((r) => r.id).filter((id) => ids.has(id));
    const a = mine(first);
    const b = mine(second);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(a.length + b.length).toBe(6);
    // Worker A dies holding its rows: within the lease nobody takes them, after it B does.
    expect(mine(await claimBatch(other.db, { workerId: "host-b:2:y", limit: 10, now: new Date(now.getTime() + 9_999), leaseMs: 10_000, topics: ["webhook"] }))).toEqual([]);
    const retaken = mine(await claimBatch(other.db, { workerId: "host-b:2:y", limit: 10, now: new Date(now.getTime() + 10_001), leaseMs: 10_000, topics: ["webhook"] }));
    expect(retaken.sort()).toEqual([...a, ...b].sort());
  });
});

describe("OUTBOX_LEASE_MS", () => {
  const base = { DATABASE_URL: "postgres://u@h/db", AUTH_SECRET: "x".repeat(32) };
  it("sets how long a dead worker's claims wait before another worker takes them (default 5 minutes)", () => {
    expect(parseConfig(base).outboxLeaseMs).toBe(5 * 60_000);
    expect(parseConfig({ ...base, OUTBOX_LEASE_MS: "10000" }).outboxLeaseMs).toBe(10_000);
  });
  it("refuses a lease shorter than a second, or not a number", () => {
    expect(() => parseConfig({ ...base, OUTBOX_LEASE_MS: "10" })).toThrow(ConfigError);
    expect(() => parseConfig({ ...base, OUTBOX_LEASE_MS: "soon" })).toThrow(ConfigError);
  });
});
