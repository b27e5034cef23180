import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payments, type Ente, type PaymentStatus, type Service, type User } from "@/db/schema";
import { countDashboardTabs, listDashboard } from "@/lib/backoffice/dashboard";
import { exportDashboardCsv } from "@/lib/backoffice/export";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createCitizen, createEnte, createService, createStaff, operatorCtx, praticaInStatus } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let svc: Service;
let op: User;
const ids: Record<string, string> = {};

async function pay(enteId: string, praticaId: string, status: PaymentStatus) {
  const iuv = Array.from({ length: 17 }, () => randomInt(10)).join("");
  await tdb.db.insert(payments).values({
    enteId,
    praticaId,
    phase: "deferred",
    status,
    amountCents: 1600,
    causale: "Diritti",
    lines: [],
    dueDate: "2026-12-31",
    noticeCode: `3${iuv}`,
    iuv,
    provider: "demo",
    ...(status === "paid" ? { paidAt: new Date(), paidAmountCents: 1600 } : {}),
  });
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  const db = tdb.db;
  ente = await createEnte(db);
  other = await createEnte(db);
  svc = await createService(db, ente, { name: "Occupazione suolo" });
  op = await createStaff(db, ente, "operator", [svc.id]);
  const admin = await createStaff(db, ente, "admin");
  const citizen = await createCitizen(db);
  for (const key of ["paid", "due", "creating", "failed", "expired", "cancelledOnly", "none", "paidAndDue"]) {
    ids[key] = (await praticaInStatus(db, ente, svc, citizen, op, admin, 4000)).id;
  }
  await pay(ente.id, ids.paid!, "paid");
  await pay(ente.id, ids.due!, "pending");
  await pay(ente.id, ids.creating!, "creating");
  await pay(ente.id, ids.failed!, "failed");
  await pay(ente.id, ids.expired!, "expired");
  await pay(ente.id, ids.cancelledOnly!, "cancelled");
  await pay(ente.id, ids.paidAndDue!, "paid");
  await pay(ente.id, ids.paidAndDue!, "pending");
  // A row of another ente naming this ente's pratica (it cannot happen through the workflow): it must not count.
  await pay(other.id, ids.none!, "paid");
});
afterAll(async () => tdb?.close());

const list = async (payFilter: unknown) => (await listDashboard(operatorCtx(tdb.db, ente, op), { tab: "tutte", pay: payFilter })).rows.map((r) => r.id).sort();
const pick = (...keys: string[]) => keys.map((k) => ids[k]!).sort();

describe("dashboard payment filter", () => {
  it("filters by the pratica's payments", async () => {
    expect(await list("pagato")).toEqual(pick("paid", "paidAndDue"));
    expect(await list("da-pagare")).toEqual(pick("due", "creating", "paidAndDue"));
    expect(await list("non-riuscito")).toEqual(pick("failed"));
    expect(await list("scaduto")).toEqual(pick("expired"));
    // A withdrawn request is no payment; another ente's row is not this pratica's payment.
    expect(await list("nessuno")).toEqual(pick("cancelledOnly", "none"));
  });

  it("without a filter, or with nonsense, shows everything", async () => {
    expect(await list(undefined)).toHaveLength(8);
    expect(await list("tutto-gratis")).toHaveLength(8);
    const page = await listDashboard(operatorCtx(tdb.db, ente, op), { tab: "tutte", pay: "rubato" });
    expect(page.query.pay).toBeUndefined();
  });

  it("counts the tabs and exports with the filter", async () => {
    const counts = await countDashboardTabs(operatorCtx(tdb.db, ente, op), "", "pagato");
    expect(counts.tutte).toEqual({ count: 2, capped: false });
    expect(counts["da-gestire"]).toEqual({ count: 2, capped: false });
    expect(counts["da-assegnare"].count).toBe(0);
    const withSearch = await countDashboardTabs(operatorCtx(tdb.db, ente, op), "occupazione", "non-riuscito");
    expect(withSearch.tutte.count).toBe(1);
    expect((await countDashboardTabs(operatorCtx(tdb.db, ente, op), "", "boh")).tutte.count).toBe(8);
    const csv = await exportDashboardCsv(operatorCtx(tdb.db, ente, op), { tab: "tutte", pay: "scaduto" });
    expect(csv.lines).toHaveLength(2);
    expect(csv.lines[1]).toContain(ids.expired);
  });
});
