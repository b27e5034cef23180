import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, payments, pratiche, type Ente, type Service, type User } from "@/db/schema";
import { getPraticaDetail } from "@/lib/backoffice/detail";
import { amountToCents, cancelPaymentFromForm, paymentActions, requestPaymentFromForm } from "@/lib/backoffice/payments";
import { DomainError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createCitizen, createEnte, createService, createStaff, operatorCtx, praticaInStatus } from "./helpers/fixtures";

// The demo provider (no settings row) needs demo mode; AUTH_SECRET keeps the test from writing one to DATA_DIR.
process.env.AUTH_SECRET ??= "a".repeat(40);
process.env.DEMO_MODE = "true";

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let svc: Service;
let op: User;
let op2: User;
let otherOp: User;
let admin: User;
let citizen: User;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { codiceFiscale: "00000000000", pagopaAuxDigit: 3, pagopaSegregationCode: "01" });
  other = await createEnte(tdb.db);
  svc = await createService(tdb.db, ente);
  op = await createStaff(tdb.db, ente, "operator", [svc.id]);
  op2 = await createStaff(tdb.db, ente, "operator", [svc.id]);
  otherOp = await createStaff(tdb.db, other, "operator", []);
  admin = await createStaff(tdb.db, ente, "admin");
  citizen = await createCitizen(tdb.db);
});
afterAll(async () => tdb?.close());

async function codes(p: Promise<unknown>): Promise<string[]> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof DomainError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return [err.code, ...(err instanceof ValidationError ? err.fieldErrors.map((f) => `${f.path}:${f.code}`) : [])];
}

describe("amount typed in euros", () => {
  it("reads cents exactly, never through a float", () => {
    expect(amountToCents("16")).toBe(1600);
    expect(amountToCents("16,5")).toBe(1650);
    expect(amountToCents("0,29")).toBe(29);
    expect(amountToCents("0.57")).toBe(57);
    expect(amountToCents("1.250,50")).toBe(125050);
    expect(amountToCents("€ 1.000.000,01")).toBe(100000001);
    for (const bad of ["", "abc", "0", "0,00", "-5", "16,555", "1,2,3", "1e3"]) expect(() => amountToCents(bad), bad).toThrow(ValidationError);
  });
});

describe("operator's payment forms", () => {
  it("requests a deferred payment on a pratica in carico, shows it in the detail, then withdraws it", async () => {
    const p = await praticaInStatus(tdb.db, ente, svc, citizen, op, admin, 4000);
    const ctx = operatorCtx(tdb.db, ente, op);
    const before = await getPraticaDetail(ctx, p.id);
    expect(before.payments).toEqual([]);
    expect(before.can).toMatchObject({ requestPayment: true, cancelPayment: false });
    // A colleague enabled on the service, not assigned, sees it but cannot ask.
    expect((await getPraticaDetail(operatorCtx(tdb.db, ente, op2), p.id)).can.requestPayment).toBe(false);

    const { pratica, payment } = await requestPaymentFromForm(ctx, p.id, { amount: "1.250,05", causale: "  Diritti di sopralluogo  " });
    expect(pratica.status).toBe(1500);
    expect(payment).toMatchObject({ amountCents: 125005, causale: "Diritti di sopralluogo", phase: "deferred", status: "creating", requestedBy: op.id });

    const after = await getPraticaDetail(ctx, p.id);
    expect(after.payments.map((x) => [x.id, x.status, x.events.map((e) => e.kind)])).toEqual([[payment.id, "creating", ["created"]]]);
    expect(after.can).toMatchObject({ requestPayment: false, cancelPayment: true });
    expect(after.iter.at(-1)).toMatchObject({ toStatus: 1500, message: "Diritti di sopralluogo" });

    expect(await codes(cancelPaymentFromForm(ctx, p.id, { message: "  " }))).toContain("message:field.required");
    await expect(cancelPaymentFromForm(operatorCtx(tdb.db, ente, op2), p.id, { message: "No" })).rejects.toBeInstanceOf(DomainError);
    const { pratica: resumed } = await cancelPaymentFromForm(ctx, p.id, { message: "Importo non più dovuto" });
    expect(resumed.status).toBe(4000);
    const [row] = await tdb.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row?.status).toBe("cancelled");
    const final = await getPraticaDetail(ctx, p.id);
    expect(final.can).toMatchObject({ requestPayment: true, cancelPayment: false });
    expect(final.payments[0]?.events.map((e) => e.kind)).toEqual(["created", "cancelled"]);
    expect((await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, payment.id))).map((a) => a.action)).toContain("payment.request");
  });

  it("refuses bad input with field codes", async () => {
    const p = await praticaInStatus(tdb.db, ente, svc, citizen, op, admin, 4000);
    const ctx = operatorCtx(tdb.db, ente, op);
    expect(await codes(requestPaymentFromForm(ctx, p.id, { amount: "dieci", causale: "Diritti" }))).toEqual(["payments.amount_invalid", "amount:payments.amount_invalid"]);
    expect(await codes(requestPaymentFromForm(ctx, p.id, { amount: "0", causale: "Diritti" }))).toContain("amount:payments.amount_invalid");
    expect(await codes(requestPaymentFromForm(ctx, p.id, { amount: "10", causale: "x".repeat(141) }))).toContain("causale:field.max_chars");
    expect(await codes(requestPaymentFromForm(ctx, p.id, { amount: "10", causale: "" }))).toContain("causale:field.required");
    const [row] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id));
    expect(row?.status).toBe(4000);
    expect(await tdb.db.select().from(payments).where(eq(payments.praticaId, p.id))).toEqual([]);
  });

  it("refuses outside 4000, to others than the operator in charge, and across entes", async () => {
    const submitted = await praticaInStatus(tdb.db, ente, svc, citizen, op, admin, 2000);
    await expect(requestPaymentFromForm(operatorCtx(tdb.db, ente, op), submitted.id, { amount: "10", causale: "Diritti" })).rejects.toBeInstanceOf(InvalidTransitionError);
    const p = await praticaInStatus(tdb.db, ente, svc, citizen, op, admin, 4000);
    await expect(requestPaymentFromForm(operatorCtx(tdb.db, ente, op2), p.id, { amount: "10", causale: "Diritti" })).rejects.toBeInstanceOf(DomainError);
    await expect(requestPaymentFromForm(adminCtx(tdb.db, ente, admin), p.id, { amount: "10", causale: "Diritti" })).rejects.toBeInstanceOf(ForbiddenError);
    // Another ente's operator: the pratica does not exist for them.
    await expect(requestPaymentFromForm(operatorCtx(tdb.db, other, otherOp), p.id, { amount: "10", causale: "Diritti" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getPraticaDetail(operatorCtx(tdb.db, other, otherOp), p.id)).rejects.toBeInstanceOf(DomainError);
    expect(await tdb.db.select().from(payments).where(eq(payments.praticaId, p.id))).toEqual([]);
  });

  it("says what is possible from state, assignment and open deferred payments", () => {
    const mine = { status: 1500, assignedOperatorId: "me" };
    expect(paymentActions(mine, [{ phase: "deferred", status: "pending" }], "me")).toEqual({ request: false, cancel: true });
    expect(paymentActions({ ...mine, status: 1530 }, [{ phase: "deferred", status: "failed" }], "me")).toEqual({ request: false, cancel: true });
    expect(paymentActions(mine, [{ phase: "deferred", status: "pending" }], "someone-else")).toEqual({ request: false, cancel: false });
    expect(paymentActions({ ...mine, status: 1510 }, [{ phase: "deferred", status: "pending" }], "me").cancel).toBe(false);
    expect(paymentActions(mine, [{ phase: "upfront", status: "pending" }], "me").cancel).toBe(false);
    expect(paymentActions({ status: 4000, assignedOperatorId: "me" }, [], "me").request).toBe(true);
  });
});

