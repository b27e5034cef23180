import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteClientOf } from "@/db/client";
import { execPreparedOnPglite, PREPARED_PLAN_SETTINGS, preparedStatement, quoteLiteral } from "@/db/prepared";
import { deliveryAttempts, outbox, type Ente } from "@/db/schema";
import { claimBatch } from "@/lib/outbox/claim";
import { enqueue } from "@/lib/outbox/enqueue";
import { recordOutcomes } from "@/lib/outbox/record";
import { createTestDatabase, rowsOf, type TestDatabase } from "./helpers/db";
import { createEnte } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
const onPglite = () => tdb.driver === "pglite";

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { quietHoursStart: "00:00", quietHoursEnd: "00:00" });
});
afterAll(async () => {
  await tdb?.close();
});

// Strings that would break, or inject into, a statement built by hand.
const NASTY = [
  "",
  "it's",
  "''",
  "\\",
  "\\'",
  "a\\'); drop table outbox; --",
  "E'x'",
  "$$ $1 $tag$",
  "riga 1\nriga 2\r\n\ttab",
  "🏛 Comune di Prova — «pratica» n° 12",
  "\\u0000 written out, not a NUL",
  '{"json": "with \\"quotes\\" and \\\\ backslashes"}',
];

describe("string literals for EXECUTE (db/prepared.ts)", () => {
  it("reads back every string exactly as it was, whatever it holds", async () => {
    for (const value of NASTY) {
      const [row] = rowsOf<{ v: string }>(await tdb.db.execute(sql.raw(`select ${quoteLiteral(value)}::text as v`)));
      expect(row?.v).toBe(value);
    }
    // Still a literal when the server reads backslashes as plain characters, or not.
    expect(quoteLiteral("a\\b'c")).toBe("E'a\\\\b''c'");
  });

  it("refuses a NUL rather than cutting the text short", () => {
    expect(() => quoteLiteral("before\u0000after")).toThrow(/NUL/);
  });
});

describe("a statement prepared once on PGlite", () => {
  const probe = preparedStatement("stanza_test_probe", ["text", "int"], (label, n) => sql`insert into ${deliveryAttempts} (outbox_id, ente_id, status, detail) select id, ente_id, 'queued', ${label} from ${outbox} where id in (select id from ${outbox} order by created_at limit ${n})`);

  it("is made from drizzle's sql, with its arguments as placeholders only", () => {
    expect(probe.text).toContain('"delivery_attempts"');
    expect(probe.text).toContain("$1");
    expect(probe.text).toContain("$2");
    expect(() => preparedStatement("x; drop", [], () => sql`select 1`)).toThrow(/statement name/);
    expect(() => preparedStatement("stanza_bound", ["text"], () => sql`select ${"a bound value"}`)).toThrow(/placeholders/);
  });

  it("runs on PGlite (null elsewhere: the caller binds its parameters), and again after its plan was dropped", async () => {
    await enqueue(tdb.db, [{ enteId: ente.id, topic: "email", kind: "taken_in_charge", payload: { to: "applicant" }, idempotencyKey: `prepared:${Date.now()}` }]);
    const ran = await execPreparedOnPglite(tdb.db, probe, ["uno 'primo'", "1"]);
    expect(ran !== null).toBe(onPglite());
    if (!onPglite()) return;
    // Dropped behind its back (DEALLOCATE ALL): prepared again, once, and run.
    await tdb.db.execute(sql.raw("deallocate all"));
    expect(await execPreparedOnPglite(tdb.db, probe, ["due \\ secondo", "1"])).toEqual([]);
    const details = (await tdb.db.select({ detail: deliveryAttempts.detail }).from(deliveryAttempts).where(inArray(deliveryAttempts.detail, ["uno 'primo'", "due \\ secondo"]))).map((r) => r.detail);
    expect(details.sort()).toEqual(["due \\ secondo", "uno 'primo'"]);
    // A wrong number of arguments is a programming error, not a statement sent.
    await expect(execPreparedOnPglite(tdb.db, probe, ["solo uno"])).rejects.toThrow(/takes 2 arguments/);
    // Inside a transaction there is no client of its own: the caller's bound statement runs there.
    await tdb.db.transaction(async (tx) => expect(await execPreparedOnPglite(tx, probe, ["tre", "1"])).toBeNull());
  });

  it("answers its rows, takes SQL's null for an argument, and is planned once (a generic plan, not one per EXECUTE)", async () => {
    if (!onPglite()) return;
    const echo = preparedStatement("stanza_test_echo", ["text", "timestamptz", "int"], (t, at, n) => sql`select ${t} as t, ${at} as at, ${n} + 1 as n, ${t} is null as missing`);
    expect(await execPreparedOnPglite(tdb.db, echo, ["a 'b'", "2026-03-29T01:30:00.000Z", "41"])).toEqual([{ t: "a 'b'", at: "2026-03-29 01:30:00+00", n: 42, missing: false }]);
    expect(await execPreparedOnPglite(tdb.db, echo, [null, null, null])).toEqual([{ t: null, at: null, n: null, missing: true }]);
    for (let i = 0; i < 8; i++) await execPreparedOnPglite(tdb.db, echo, [`x${i}`, null, String(i)]);
    const [plans] = rowsOf<{ generic_plans: number; custom_plans: number }>(await tdb.db.execute(sql`select generic_plans, custom_plans from pg_prepared_statements where name = 'stanza_test_echo'`));
    expect(plans).toEqual({ generic_plans: 10, custom_plans: 0 });
  });

  it("keeps finding the outbox's rows by its indexes when the plan was made on a nearly empty table and the table grew", async () => {
    if (!onPglite()) return;
    // A database of its own: the statements are planned here for the first time, on an outbox of three rows.
    const fresh = await createTestDatabase();
    try {
      const e = await createEnte(fresh.db, { quietHoursStart: "00:00", quietHoursEnd: "00:00" });
      const few = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ enteId: e.id, topic: "email" as const, kind: "taken_in_charge", payload: { to: "applicant" }, idempotencyKey: `plan:${tag}:${i}` }));
      await enqueue(fresh.db, few(3, "small"));
      const first = await claimBatch(fresh.db, { workerId: "w-plan", limit: 100, now: new Date(), leaseMs: 60_000, topics: ["email"] });
      expect(first).toHaveLength(3);
      await recordOutcomes(fresh.db, "w-plan", first.map((row) => ({ row, outcome: { status: "sent" as const, detail: "250 ok" }, at: new Date() })));
      for (let i = 0; i < 10; i++) await enqueue(fresh.db, few(1000, `big${i}`));
      const plan = async (statement: string, args: string[]) => {
        const client = pgliteClientOf(fresh.db);
        if (!client) throw new Error("not PGlite");
        const results = await client.exec(`${PREPARED_PLAN_SETTINGS}explain execute ${statement}(${args.map(quoteLiteral).join(", ")})`);
        return (results.at(-1)?.rows ?? []).map((r) => String(r["QUERY PLAN"])).join("\n");
      };
      const now = new Date().toISOString();
      const claimPlan = await plan("stanza_claim_outbox", [now, now, "w-plan", "{email}", "100"]);
      expect(claimPlan).toMatch(/Index Scan using outbox_due_idx on outbox/);
      expect(claimPlan).toMatch(/Index Scan using outbox_pkey on outbox o/);
      expect(claimPlan).not.toMatch(/Seq Scan|Bitmap/);
      const recordPlan = await plan("stanza_record_outcomes", ["[]", "{}", "w-plan"]);
      expect(recordPlan).toMatch(/outbox_pkey/);
      expect(recordPlan).not.toMatch(/Seq Scan|Bitmap/);
      // And the claim still takes the oldest due rows, a full batch of them.
      const next = await claimBatch(fresh.db, { workerId: "w-plan", limit: 100, now: new Date(), leaseMs: 60_000, topics: ["email"] });
      expect(next).toHaveLength(100);
      expect(next.every((r) => r.idempotencyKey.startsWith("plan:big0:"))).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});

describe("the outbox record through it", () => {
  it("stores answers with quotes, backslashes and new lines exactly, and a scrubbed payload, on either database", async () => {
    const keys = NASTY.map((_, i) => `prepared-record:${Date.now()}:${i}`);
    await enqueue(
      tdb.db,
      keys.map((idempotencyKey, i) => ({ enteId: ente.id, topic: "email" as const, kind: "taken_in_charge", payload: { to: "applicant", url: `https://x.test/?t='${i}'\\` }, idempotencyKey })),
    );
    const rows = await claimBatch(tdb.db, { workerId: "w-'quoted'\\", limit: 100, now: new Date(), leaseMs: 60_000 });
    const mine = rows.filter((r) => keys.includes(r.idempotencyKey));
    expect(mine).toHaveLength(NASTY.length);
    const at = new Date();
    await recordOutcomes(
      tdb.db,
      "w-'quoted'\\",
      mine.map((row) => ({ row, outcome: { status: "sent" as const, detail: NASTY[keys.indexOf(row.idempotencyKey)] ?? "", scrub: ["url"] }, at })),
    );
    const after = await tdb.db.select().from(outbox).where(inArray(outbox.id, mine.map((r) => r.id)));
    for (const r of after) {
      expect(r).toMatchObject({ status: "sent", lockedBy: null });
      expect(r.payload.url).toBe("[rimosso dopo l'invio]");
    }
    const attempts = await tdb.db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.outboxId, mine.map((r) => r.id)));
    const sent = attempts.filter((a) => a.status === "sent");
    expect(sent).toHaveLength(NASTY.length);
    for (const row of mine) expect(sent.find((a) => a.outboxId === row.id)?.detail).toBe(NASTY[keys.indexOf(row.idempotencyKey)]);
  });

  it("leaves a row another worker holds as it is (the claim check is part of the prepared statement too)", async () => {
    const key = `prepared-other:${Date.now()}`;
    await enqueue(tdb.db, [{ enteId: ente.id, topic: "email", kind: "taken_in_charge", payload: { to: "applicant" }, idempotencyKey: key }]);
    const [row] = (await claimBatch(tdb.db, { workerId: "w-holder", limit: 100, now: new Date(), leaseMs: 60_000 })).filter((r) => r.idempotencyKey === key);
    if (!row) throw new Error("not claimed");
    await recordOutcomes(tdb.db, "w-stranger", [{ row, outcome: { status: "sent", detail: "250 ok" }, at: new Date() }]);
    const [after] = await tdb.db.select().from(outbox).where(inArray(outbox.id, [row.id]));
    expect(after).toMatchObject({ status: "processing", lockedBy: "w-holder" });
  });
});
