import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payments, pratiche, type Ente, type PaymentLine, type Pratica, type Service } from "@/db/schema";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { centsToCsvEuro, cleanPaymentFilter, exportPaymentsCsv, listPaymentsAdmin, listStuckPayments, PAYMENTS_CSV_HEADER } from "@/lib/payments/admin-list";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, citizenCtx, createAdminWorld, createService, operatorCtx, submittedPratica, type AdminWorld } from "./helpers/fixtures";

let tdb: TestDatabase;
let w: AdminWorld;
let service2: Service;
let p1: Pratica;
let p2: Pratica;
let pOther: Pratica;
let otherNotice = "";

const NOW = new Date("2026-07-10T10:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join("");

async function addPayment(ente: Ente, pratica: Pratica, values: Partial<typeof payments.$inferInsert> = {}) {
  const amountCents = values.amountCents ?? 1600;
  const lines: PaymentLine[] = values.lines ?? [{ feeId: null, kind: "fixed", causale: "Diritti", amountCents, budgetLine: "CAP-100", taxonomyCode: "9/0101108TS/" }];
  const iuv = digits(17);
  const [row] = await tdb.db
    .insert(payments)
    .values({ enteId: ente.id, praticaId: pratica.id, phase: "upfront", status: "pending", amountCents, causale: "Diritti di istruttoria", lines, dueDate: "2026-08-01", noticeCode: `3${iuv}`, iuv, provider: "demo", createdAt: minutesAgo(60), ...values })
    .returning();
  return row!;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  w = await createAdminWorld(tdb.db);
  service2 = await createService(tdb.db, w.ente, { name: "Occupazione suolo" });
  p1 = await submittedPratica(tdb.db, w.ente, w.service, w.citizen);
  p2 = await submittedPratica(tdb.db, w.ente, service2, w.citizen);
  pOther = await submittedPratica(tdb.db, w.other, w.otherService, w.citizen);
});
afterAll(async () => tdb?.close());

const ctx = () => adminCtx(tdb.db, w.ente, w.admin);

describe("cents as euros for the accounts office", () => {
  it("is exact, with a decimal comma and no grouping", () => {
    expect(centsToCsvEuro(1)).toBe("0,01");
    expect(centsToCsvEuro(10)).toBe("0,10");
    expect(centsToCsvEuro(1005)).toBe("10,05");
    expect(centsToCsvEuro(1600)).toBe("16,00");
    expect(centsToCsvEuro(123_456_789)).toBe("1234567,89");
    // 0.1 + 0.2 style traps: no float anywhere.
    expect(centsToCsvEuro(29)).toBe("0,29");
    expect(centsToCsvEuro(57)).toBe("0,57");
    expect(centsToCsvEuro(99_999_999)).toBe("999999,99");
    expect(centsToCsvEuro(-5)).toBe("-0,05");
    expect(() => centsToCsvEuro(1.5)).toThrow(RangeError);
  });
});

describe("payments list", () => {
  it("filters by status, service and creation day (ente's time zone), newest first, paginated", async () => {
    const a = await addPayment(w.ente, p1, { status: "paid", paidAt: minutesAgo(30), paidAmountCents: 1600, receiptId: "R-1", createdAt: new Date("2026-07-01T21:30:00Z") }); // 1 July 23:30 in Rome
    const b = await addPayment(w.ente, p2, { status: "pending", amountCents: 2550, createdAt: new Date("2026-07-01T22:30:00Z") }); // 2 July 00:30 in Rome
    otherNotice = (await addPayment(w.other, pOther, { createdAt: new Date("2026-07-01T22:00:00Z") })).noticeCode;

    const all = await listPaymentsAdmin(ctx());
    expect(all.total).toBe(2);
    expect(all.rows.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(all.rows[1]).toMatchObject({ praticaNumero: p1.numero, serviceName: w.service.name, citizenName: w.citizen.name, amountCents: 1600, status: "paid", receiptId: "R-1" });

    expect((await listPaymentsAdmin(ctx(), { status: "paid" })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await listPaymentsAdmin(ctx(), { serviceId: service2.id })).rows.map((r) => r.id)).toEqual([b.id]);
    expect((await listPaymentsAdmin(ctx(), { from: "2026-07-02" })).rows.map((r) => r.id)).toEqual([b.id]);
    expect((await listPaymentsAdmin(ctx(), { to: "2026-07-01" })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await listPaymentsAdmin(ctx(), { from: "2026-07-01", to: "2026-07-01" })).total).toBe(1);

    const page1 = await listPaymentsAdmin(ctx(), {}, 1);
    const page2 = await listPaymentsAdmin(ctx(), { page: 2 }, 1);
    expect([page1.rows[0]?.id, page2.rows[0]?.id]).toEqual([b.id, a.id]);
    expect(page2.total).toBe(2);
    expect((await listPaymentsAdmin(ctx(), { page: 3 }, 1)).rows).toEqual([]);
  });

  it("refuses bad filters with codes", async () => {
    for (const bad of [{ status: "rubato" }, { serviceId: "x" }, { from: "2026-02-30" }, { from: "2026-07-02", to: "2026-07-01" }, { page: "0" }]) {
      const err = await listPaymentsAdmin(ctx(), bad as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).code).toBe("payments.invalid_filters");
    }
    expect(cleanPaymentFilter({ status: "", serviceId: " ", from: "2026-07-01", evil: "1" })).toEqual({ from: "2026-07-01" });
  });

  it("shows nothing of another ente, and only to the ente's admins", async () => {
    const theirs = await listPaymentsAdmin(adminCtx(tdb.db, w.other, w.otherAdmin));
    expect(theirs.rows.every((r) => r.praticaId === pOther.id)).toBe(true);
    expect(theirs.total).toBe(1);
    // Filtering by the other ente's service finds nothing here.
    expect((await listPaymentsAdmin(ctx(), { serviceId: w.otherService.id })).total).toBe(0);
    await expect(listPaymentsAdmin(adminCtx(tdb.db, w.ente, w.otherAdmin))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listPaymentsAdmin(operatorCtx(tdb.db, w.ente, w.operator))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(exportPaymentsCsv(citizenCtx(tdb.db, w.ente, w.citizen))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listStuckPayments(operatorCtx(tdb.db, w.ente, w.operator))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("CSV for the accounts office", () => {
  it("has a BOM, ';' separators, one row per budget line, exact euros and Rome dates", async () => {
    const p3 = await submittedPratica(tdb.db, w.ente, w.service, w.citizen);
    const lines: PaymentLine[] = [
      { feeId: null, kind: "fixed", causale: "Diritti; segreteria", amountCents: 1005, budgetLine: "CAP-100", taxonomyCode: "9/0101108TS/" },
      { feeId: null, kind: "stamp_duty", causale: "Marca da bollo", amountCents: 1600, budgetLine: "CAP-200", taxonomyCode: null },
    ];
    const pay = await addPayment(w.ente, p3, { amountCents: 2605, lines, status: "paid", paidAt: new Date("2026-01-15T23:10:00Z"), paidAmountCents: 2605, receiptId: "RIC-9", createdAt: new Date("2026-01-15T08:00:00Z"), dueDate: "2026-02-14" });
    const csv = await exportPaymentsCsv(ctx(), { from: "2026-01-01", to: "2026-01-31" });
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const rows = csv.slice(1).split("\r\n");
    expect(rows.pop()).toBe("");
    expect(rows[0]).toBe(PAYMENTS_CSV_HEADER.join(";"));
    expect(rows).toHaveLength(3);
    const common = [pay.noticeCode, pay.iuv, "14/02/2026", "15/01/2026 09:00", "16/01/2026 00:10", '"26,05"', "RIC-9"];
    const who = [p3.numero, w.service.name, w.citizen.name, w.citizen.codiceFiscale, "Diritti di istruttoria"];
    // Created at 09:00 CET; paid at 00:10 of the 16th, CET. Cells with ";" or "," are quoted (lib/format/csv): a
    // spreadsheet still reads "10,05" as a number.
    expect(rows[1]).toBe([...who, "1/2", '"Diritti; segreteria"', "CAP-100", "9/0101108TS/", '"10,05"', '"26,05"', "paid", "upfront", ...common].join(";"));
    expect(rows[2]).toBe([...who, "2/2", "Marca da bollo", "CAP-200", "", '"16,00"', '"26,05"', "paid", "upfront", ...common].join(";"));
    // Another ente's payments never appear.
    const everything = await exportPaymentsCsv(ctx());
    expect(everything).toContain(pay.noticeCode);
    expect(everything).not.toContain(otherNotice);
  });
});

describe("stuck positions", () => {
  it("lists creating past 15 minutes, pending past due, paid with the pratica still waiting", async () => {
    const pa = await submittedPratica(tdb.db, w.ente, w.service, w.citizen);
    const creatingOld = await addPayment(w.ente, pa, { status: "creating", createdAt: minutesAgo(16) });
    await addPayment(w.ente, pa, { status: "creating", createdAt: minutesAgo(14) });
    const overdue = await addPayment(w.ente, pa, { status: "pending", dueDate: "2026-07-09" });
    await addPayment(w.ente, pa, { status: "pending", dueDate: "2026-07-10" }); // due today: not yet late
    // A pratica waiting in a payment state (set directly: this test is about the query, not the workflow).
    const waiting = await submittedPratica(tdb.db, w.ente, w.service, w.citizen);
    await tdb.db.update(pratiche).set({ status: 1520 }).where(eq(pratiche.id, waiting.id));
    const paidStuck = await addPayment(w.ente, waiting, { status: "paid", paidAt: minutesAgo(20), paidAmountCents: 1600 });
    await addPayment(w.ente, waiting, { status: "paid", paidAt: minutesAgo(5), paidAmountCents: 1600 });
    // Paid long ago, pratica moved on (2000): fine.
    await addPayment(w.ente, pa, { status: "paid", paidAt: minutesAgo(120), paidAmountCents: 1600 });
    // Another ente's stuck position: not ours.
    await addPayment(w.other, pOther, { status: "creating", createdAt: minutesAgo(60) });

    const stuck = await listStuckPayments(ctx(), NOW);
    const byId = new Map(stuck.map((s) => [s.id, s.stuck]));
    expect(byId.get(creatingOld.id)).toBe("creating");
    expect(byId.get(overdue.id)).toBe("overdue");
    expect(byId.get(paidStuck.id)).toBe("paid_not_advanced");
    // The first test's pending payment (due 2026-08-01) and the rest are not stuck.
    expect(stuck).toHaveLength(3);
    expect(stuck.every((s) => s.praticaId !== pOther.id)).toBe(true);
  });
});
