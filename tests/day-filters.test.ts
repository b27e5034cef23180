import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, outbox, type Ente, type User } from "@/db/schema";
import { listAudit } from "@/lib/admin/audit";
import { deliveryFiltersSchema, listDeliveries } from "@/lib/notifications/deliveries";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createEnte, createStaff } from "./helpers/fixtures";

/**
 * The admin pages' "from"/"to" filters are whole days of the ente's calendar (lib/time/wall-clock), the same for
 * the audit log and the delivery record: an event at 00:30 in Rome is on that Rome day, though it is the day
 * before in UTC. The instants sit around the summer-time changes of 2026.
 */
const INSTANTS = {
  // 28 March 23:30 UTC = 29 March 00:30 CET: the 29th in Rome.
  springEarly: "2026-03-28T23:30:00Z",
  // 29 March 21:59 UTC = 23:59 CEST: still the 29th (a 23-hour day).
  springLate: "2026-03-29T21:59:00Z",
  // 29 March 22:00 UTC = 30 March 00:00 CEST.
  springNext: "2026-03-29T22:00:00Z",
  // 25 October 01:30 UTC = 02:30 CET, the second pass of the repeated hour.
  autumnRepeat: "2026-10-25T01:30:00Z",
  // 25 October 22:59 UTC = 23:59 CET: still the 25th (a 25-hour day).
  autumnLate: "2026-10-25T22:59:00Z",
  // 25 October 23:00 UTC = 26 October 00:00 CET.
  autumnNext: "2026-10-25T23:00:00Z",
} as const;
type Name = keyof typeof INSTANTS;

let tdb: TestDatabase;
let ente: Ente;
let admin: User;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { timezone: "Europe/Rome" });
  admin = await createStaff(tdb.db, ente, "admin");
  for (const [name, at] of Object.entries(INSTANTS)) {
    await tdb.db.insert(auditLog).values({ enteId: ente.id, actorKind: "system", action: `test.${name}`, targetType: "test", targetId: name, createdAt: new Date(at) });
    await tdb.db.insert(outbox).values({ enteId: ente.id, topic: "email", kind: `test_${name}`, payload: {}, status: "sent", idempotencyKey: `day-filter:${ente.id}:${name}`, createdAt: new Date(at) });
  }
});
afterAll(async () => tdb?.close());

const ctx = () => adminCtx(tdb.db, ente, admin);

async function auditDays(from: string, to: string): Promise<Name[]> {
  const { rows } = await listAudit(ctx(), { from, to, targetType: "test" });
  return rows.map((r) => r.targetId as Name).sort();
}
async function deliveryDays(from: string, to: string): Promise<Name[]> {
  const { rows } = await listDeliveries(ctx(), deliveryFiltersSchema.parse({ from, to }));
  return rows.map((r) => r.kind.replace(/^test_/, "") as Name).sort();
}

describe("day filters in the ente's time zone", () => {
  const cases: [string, string, Name[]][] = [
    ["2026-03-29", "2026-03-29", ["springEarly", "springLate"]],
    ["2026-03-28", "2026-03-28", []],
    ["2026-03-30", "2026-03-30", ["springNext"]],
    ["2026-10-25", "2026-10-25", ["autumnLate", "autumnRepeat"]],
    ["2026-10-26", "2026-10-31", ["autumnNext"]],
    ["2026-03-29", "2026-10-25", ["autumnLate", "autumnRepeat", "springEarly", "springLate", "springNext"]],
  ];

  it.each(cases)("audit log from %s to %s", async (from, to, expected) => {
    expect(await auditDays(from, to)).toEqual(expected);
  });

  it.each(cases)("delivery record from %s to %s", async (from, to, expected) => {
    expect(await deliveryDays(from, to)).toEqual(expected);
  });
});
