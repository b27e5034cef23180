import { getTableName, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHURNING_TABLES, vacuumPglite } from "@/db/housekeeping";
import { outbox, type Ente } from "@/db/schema";
import { enqueue } from "@/lib/outbox/enqueue";
import { createTestDatabase, rowsOf, type TestDatabase } from "./helpers/db";
import { createEnte } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { quietHoursStart: "00:00", quietHoursEnd: "00:00" });
});
afterAll(async () => {
  await tdb?.close();
});

describe("PGlite housekeeping (db/housekeeping.ts)", () => {
  it("names tables that exist", async () => {
    const names = CHURNING_TABLES.map((t) => getTableName(t));
    const found = rowsOf<{ relname: string }>(await tdb.db.execute(sql`select relname from pg_class where relkind = 'r' and relname = any(${`{${names.join(",")}}`}::text[])`));
    expect(found.map((r) => r.relname).sort()).toEqual([...names].sort());
  });

  it("vacuums and analyzes the churning tables on PGlite, and leaves PostgreSQL to its autovacuum", async () => {
    const vacuumed = await vacuumPglite(tdb.db);
    expect(vacuumed).toBe(tdb.driver === "pglite");
    if (!vacuumed) return;
    // Rows that the worker would claim and record: updated, so each leaves dead versions behind.
    await enqueue(
      tdb.db,
      Array.from({ length: 500 }, (_, i) => ({ enteId: ente.id, topic: "email" as const, kind: "taken_in_charge", payload: { to: "applicant" }, idempotencyKey: `housekeeping:${i}` })),
    );
    for (let i = 0; i < 3; i++) await tdb.db.update(outbox).set({ status: i % 2 ? "pending" : "processing", lockedBy: `w${i}` });
    const before = rowsOf<{ reltuples: number; vacuums: number }>(
      await tdb.db.execute(sql`select c.reltuples::int as reltuples, coalesce(s.vacuum_count, 0)::int as vacuums from pg_class c left join pg_stat_user_tables s on s.relid = c.oid where c.relname = 'outbox'`),
    )[0];
    expect(await vacuumPglite(tdb.db)).toBe(true);
    const after = rowsOf<{ reltuples: number; vacuums: number; analyzed: boolean }>(
      await tdb.db.execute(sql`select c.reltuples::int as reltuples, s.vacuum_count::int as vacuums, s.last_analyze is not null as analyzed from pg_class c join pg_stat_user_tables s on s.relid = c.oid where c.relname = 'outbox'`),
    )[0];
    // The planner now knows the table's size (it did not: PGlite never analyzed it), and the vacuum ran.
    expect(before?.reltuples).not.toBe(500);
    expect(after).toEqual({ reltuples: 500, vacuums: (before?.vacuums ?? 0) + 1, analyzed: true });
    // Every churning table was vacuumed.
    const names = CHURNING_TABLES.map((t) => getTableName(t));
    const never = rowsOf<{ relname: string }>(await tdb.db.execute(sql`select relname from pg_stat_user_tables where relname = any(${`{${names.join(",")}}`}::text[]) and last_vacuum is null`));
    expect(never).toEqual([]);
  });
});
