import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enti, pratiche, type Ente, type Service, type User } from "@/db/schema";
import { exportDashboardCsv } from "@/lib/backoffice/export";
import { csvCell } from "@/lib/format/csv";
import { listProtocolConfig } from "@/lib/backoffice/protocol-config";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { lastMonths } from "@/lib/metrics/compute";
import { getOperatorMetrics } from "@/lib/metrics/operator";
import { getPublicMetrics } from "@/lib/metrics/public";
import { STATUS } from "@/lib/workflow/states";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { citizenCtx, createCitizen, createEnte, createService, createStaff, operatorCtx, praticaInStatus } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
let svcA: Service;
let svcB: Service;
let op: User;
let opB: User;
let admin: User;
let citizen: User;
const now = new Date();
const DAY = 86_400_000;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const db = tdb.db;
  ente = await createEnte(db);
  svcA = await createService(db, ente, { name: "Servizio A", maxResponseDays: 10, protocolParams: { classificazione: "1.6", ufficio: "URP" }, protocolRequired: true });
  svcB = await createService(db, ente, { name: "Servizio B", maxResponseDays: 30 });
  op = await createStaff(db, ente, "operator", [svcA.id, svcB.id]);
  opB = await createStaff(db, ente, "operator", [svcB.id]);
  admin = await createStaff(db, ente, "admin");
  citizen = await createCitizen(db, { name: "=HYPERLINK(\"http://x\")" });
  const ids: string[] = [];
  for (const [svc, st] of [[svcB, STATUS.submitted], [svcB, STATUS.pending], [svcB, STATUS.accepted], [svcB, STATUS.rejected], [svcB, STATUS.pending]] as const)
    ids.push((await praticaInStatus(db, ente, svc, citizen, svc === svcA ? op : opB, admin, st)).id);
  // Known durations (service B allows 30 days): take 2, 4, 6 and 4 days; conclude in 12 days (on time) and 40 (late).
  const at = (d: number) => new Date(now.getTime() - d * DAY);
  await db.update(pratiche).set({ submittedAt: at(40), assignedAt: at(38) }).where(eq(pratiche.id, ids[1] as string)); // open, overdue (40 > 30)
  await db.update(pratiche).set({ submittedAt: at(40), assignedAt: at(36), concludedAt: at(28) }).where(eq(pratiche.id, ids[2] as string)); // 12 days
  await db.update(pratiche).set({ submittedAt: at(50), assignedAt: at(44), concludedAt: at(10) }).where(eq(pratiche.id, ids[3] as string)); // 40 days: late
  await db.update(pratiche).set({ submittedAt: at(5), assignedAt: at(1) }).where(eq(pratiche.id, ids[4] as string));
});
afterAll(async () => tdb?.close());

describe("metrics", () => {
  it("counts by status and service, medians and overdue pratiche", async () => {
    const m = await getOperatorMetrics(operatorCtx(tdb.db, ente, opB), now);
    expect(m.total).toBe(5);
    expect(m.byStatus).toEqual([
      { status: STATUS.submitted, count: 1 },
      { status: STATUS.pending, count: 2 },
      { status: STATUS.accepted, count: 1 },
      { status: STATUS.rejected, count: 1 },
    ]);
    expect(m.byService).toHaveLength(1);
    expect(m.byService[0]).toMatchObject({ name: "Servizio B", count: 5, open: 3, overdue: 1, concluded: 2, concludedLate: 1, maxResponseDays: 30 });
    expect(m.overdueOpen).toBe(1);
    expect(m.concludedLate).toBe(1);
    // take: 2, 4, 6 days and one recent (4 days) and the submitted-only one has none: median of [2,4,4,6] days = 4 days.
    expect(m.medianHoursToTakeInCharge).toBe(96);
    // conclude: 12 and 40 days → 26 days.
    expect(m.medianHoursToConclude).toBe(26 * 24);
    expect(m.byMonth).toHaveLength(12);
    expect(m.byMonth.reduce((a, r) => a + r.submitted, 0)).toBe(5);
  });

  it("an operator sees only the services they are enabled on; citizens none", async () => {
    const other = await createStaff(tdb.db, ente, "operator", [svcA.id]);
    expect((await getOperatorMetrics(operatorCtx(tdb.db, ente, other), now)).total).toBe(0);
    await expect(getOperatorMetrics(citizenCtx(tdb.db, ente, citizen), now)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("the public page is aggregate only, and absent when the ente switched it off", async () => {
    const m = await getPublicMetrics(tdb.db, ente, now);
    expect(m.total).toBe(5);
    expect(JSON.stringify(m)).not.toContain(citizen.id);
    expect(JSON.stringify(m)).not.toContain("HYPERLINK");
    const [closed] = await tdb.db.update(enti).set({ publicMetrics: false }).where(eq(enti.id, (await createEnte(tdb.db)).id)).returning();
    await expect(getPublicMetrics(tdb.db, closed as Ente, now)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("names the last twelve months in the ente's time zone", () => {
    expect(lastMonths(new Date("2026-01-31T23:30:00Z"), "Europe/Rome")).toEqual([
      "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02",
    ]);
  });
});

describe("protocol configuration and CSV export", () => {
  it("lists the protocol settings of the operator's services", async () => {
    const rows = await listProtocolConfig(operatorCtx(tdb.db, ente, op));
    expect(rows.map((r) => r.name)).toEqual(["Servizio A", "Servizio B"]);
    expect(rows[0]).toMatchObject({ required: true, mode: "builtin", classificazione: "1.6", ufficio: "URP", fascicolo: null });
    expect((await listProtocolConfig(operatorCtx(tdb.db, ente, opB))).map((r) => r.name)).toEqual(["Servizio B"]);
  });

  it("exports the current view, defusing spreadsheet formulas", async () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell('a;"b"')).toBe('"a;""b"""');
    const { lines, truncated } = await exportDashboardCsv(operatorCtx(tdb.db, ente, opB), { tab: "tutte", sort: "inviata", dir: "asc" });
    expect(truncated).toBe(false);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toContain("Richiedente");
    expect(lines[1]).toContain("'=HYPERLINK");
    await expect(exportDashboardCsv(citizenCtx(tdb.db, ente, citizen), {})).rejects.toBeInstanceOf(ForbiddenError);
  });
});
