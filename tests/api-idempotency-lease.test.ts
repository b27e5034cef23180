import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idempotencyKeys, statusHistory } from "@/db/schema";
import { CLAIM_LEASE_MS, claimIdempotencyKey, requestHash, settleIdempotencyKey } from "@/lib/api/idempotency";
import { ConflictError } from "@/lib/errors";
import type { TestDatabase } from "./helpers/db";
import { call, json, closeApiTest, openApiTest, setTestApiDeps, type ApiWorld } from "./helpers/api";
import { submittedPratica } from "./helpers/fixtures";

/**
 * An Idempotency-Key claimed by a request whose process died (the claim is never settled) must not block retries
 * for a day: after the lease the next retry takes the key over and runs.
 */
let tdb: TestDatabase;
let w: ApiWorld;

beforeAll(async () => {
  ({ tdb, w } = await openApiTest());
  setTestApiDeps(tdb.db);
});
afterAll(() => closeApiTest(tdb));

const body = JSON.stringify({ evento: "assign" });

async function statusPath() {
  const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Lease", modalita: "email" });
  return { id: p.id, path: `/api/v1.0/${w.partner.slug}/pratica/${p.id}/status` };
}

describe("Idempotency-Key lease", () => {
  it("a claim never settled blocks retries (409) only within its lease; after it, a retry takes the key over", async () => {
    const { id, path } = await statusPath();
    const key = `dead-${id}`;
    const hash = requestHash("POST", path, Buffer.from(body));
    // The first request claimed the key and its process died: nothing ever settles it.
    const dead = await claimIdempotencyKey(tdb.db, w.partner.id, key, hash, new Date(Date.now() - 10_000));
    expect("claim" in dead).toBe(true);
    const retry = () => call(path, { auth: w.auth, json: { evento: "assign" }, headers: { "idempotency-key": key } });
    expect((await retry()).status).toBe(409);

    await tdb.db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - CLAIM_LEASE_MS - 1000) })
      .where(and(eq(idempotencyKeys.partnerId, w.partner.id), eq(idempotencyKeys.key, key)));
    const res = await retry();
    expect(res.status).toBe(200);
    const first = await json(res);
    const replay = await retry();
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await json(replay)).toEqual(first);
    // The dead request, were it to wake up, settles nothing: the key keeps the retry's answer.
    if ("claim" in dead) await settleIdempotencyKey(tdb.db, w.partner.id, dead.claim, { status: 500, body: null });
    const [row] = await tdb.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    expect(row?.responseStatus).toBe(200);
    const iter = await tdb.db.select().from(statusHistory).where(eq(statusHistory.praticaId, id));
    expect(iter.filter((h) => h.event === "assign")).toHaveLength(1);
  });

  it("works on claims stamped by the database clock (microseconds), and of two retries exactly one takes over", async () => {
    const { id, path } = await statusPath();
    const key = `db-clock-${id}`;
    const hash = requestHash("POST", path, Buffer.from(body));
    await tdb.db.insert(idempotencyKeys).values({ partnerId: w.partner.id, key, requestHash: hash, responseStatus: 0, responseBody: {} });
    await tdb.db.execute(sql`update idempotency_keys set created_at = now() - interval '5 minutes' + interval '123 microseconds' where key = ${key}`);
    const results = await Promise.allSettled([claimIdempotencyKey(tdb.db, w.partner.id, key, hash), claimIdempotencyKey(tdb.db, w.partner.id, key, hash)]);
    const won = results.filter((r) => r.status === "fulfilled" && "claim" in r.value);
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.status === "rejected" && lost[0].reason).toBeInstanceOf(ConflictError);
  });

  it("a stored answer older than a day is released, even when stamped by the database clock", async () => {
    const { id, path } = await statusPath();
    const key = `old-${id}`;
    await tdb.db.insert(idempotencyKeys).values({ partnerId: w.partner.id, key, requestHash: "x", responseStatus: 200, responseBody: { old: true } });
    await tdb.db.execute(sql`update idempotency_keys set created_at = now() - interval '25 hours' + interval '7 microseconds' where key = ${key}`);
    const res = await call(path, { auth: w.auth, json: { evento: "assign" }, headers: { "idempotency-key": key } });
    expect(res.status).toBe(200);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
  });
});
