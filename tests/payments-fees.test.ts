import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, serviceFees, type Service } from "@/db/schema";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { computeDue, type FeeForCompute } from "@/lib/payments/fees";
import { createServiceFee, deleteServiceFee, expressionFields, listActiveFees, listServiceFees, moveServiceFee, updateServiceFee } from "@/lib/payments/service-fees";
import type { FormDefinition } from "@/lib/services/form-schema";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createAdminWorld, createService, operatorCtx, type AdminWorld } from "./helpers/fixtures";

const OCCUPAZIONE: FormDefinition = {
  pages: [
    {
      id: "occupazione",
      title: "Occupazione",
      items: [
        { type: "text", name: "indirizzo", label: "Indirizzo", required: true },
        { type: "number", name: "superficie", label: "Superficie (m²)", required: true, min: 1 },
        { type: "number", name: "giorni", label: "Giorni", required: true, integer: true },
        { type: "select", name: "zona", label: "Zona", required: true, options: [{ value: "1", label: "Centro" }, { value: "0,5", label: "Periferia" }] },
        { type: "select", name: "motivo", label: "Motivo", required: true, options: [{ value: "trasloco", label: "Trasloco" }] },
      ],
    },
  ],
};

let tdb: TestDatabase;
let w: AdminWorld;
let service: Service;

beforeAll(async () => {
  tdb = await createTestDatabase();
  w = await createAdminWorld(tdb.db);
  service = await createService(tdb.db, w.ente, { formDefinition: OCCUPAZIONE });
});
afterAll(async () => tdb?.close());

const ctx = () => adminCtx(tdb.db, w.ente, w.admin);

/** The refusal of `p`, as its code and field codes. */
async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(err)}`);
  return { code: err.code, fields: err.fieldErrors.map((f) => ({ path: f.path, code: f.code, params: f.params })) };
}

const fee = (over: Partial<FeeForCompute>): FeeForCompute => ({
  id: crypto.randomUUID(),
  kind: "fixed",
  causale: "Diritti di istruttoria",
  amountCents: 3000,
  expression: null,
  budgetLine: "3.01.02",
  taxonomyCode: "9/0101108TS/",
  active: true,
  position: 1,
  ...over,
});

describe("computeDue", () => {
  const stamp = fee({ kind: "stamp_duty", causale: "Imposta di bollo", amountCents: 1600, position: 1, budgetLine: null, taxonomyCode: null });
  const fixed = fee({ position: 2 });
  const canone = fee({ kind: "formula", causale: "Canone di occupazione", amountCents: null, expression: "superficie * giorni * 0,50 * zona", position: 3 });

  it("gives each active fee's amount in cents, in order, and the total", () => {
    const due = computeDue([canone, fixed, stamp], { superficie: "12,5", giorni: 3, zona: "1" });
    expect(due).toEqual({
      ok: true,
      totalCents: 1600 + 3000 + 1875,
      lines: [
        { feeId: stamp.id, kind: "stamp_duty", causale: "Imposta di bollo", amountCents: 1600, budgetLine: null, taxonomyCode: null },
        { feeId: fixed.id, kind: "fixed", causale: "Diritti di istruttoria", amountCents: 3000, budgetLine: "3.01.02", taxonomyCode: "9/0101108TS/" },
        { feeId: canone.id, kind: "formula", causale: "Canone di occupazione", amountCents: 1875, budgetLine: "3.01.02", taxonomyCode: "9/0101108TS/" },
      ],
    });
  });

  it("rounds a formula half-up and leaves out inactive fees and zero amounts", () => {
    // 0,333 m² × 3 days × 0,50 × 0,5 = 0,24975 € → 25 cents.
    const due = computeDue([canone, { ...fixed, active: false }], { superficie: 0.333, giorni: 3, zona: "0,5" });
    expect(due.ok && due.lines.map((l) => l.amountCents)).toEqual([25]);
    expect(computeDue([canone], { superficie: 0, giorni: 3, zona: "1" })).toEqual({ ok: true, lines: [], totalCents: 0 });
    expect(computeDue([], {})).toEqual({ ok: true, lines: [], totalCents: 0 });
  });

  it("refuses, with the fee and the code, what it cannot compute", () => {
    expect(computeDue([stamp, canone], { superficie: 10, zona: "1" })).toEqual({
      ok: false,
      feeId: canone.id,
      causale: "Canone di occupazione",
      issue: { code: "fees.expression.missing_value", params: { position: 14, name: "giorni" } },
    });
    expect(computeDue([canone], { superficie: -10, giorni: 3, zona: "1" })).toMatchObject({ ok: false, issue: { code: "fees.expression.negative" } });
    expect(computeDue([{ ...canone, expression: "superficie / (giorni - 3)" }], { superficie: 1, giorni: 3 })).toMatchObject({ ok: false, issue: { code: "fees.expression.division_by_zero" } });
    expect(computeDue([{ ...canone, expression: "superficie +" }], { superficie: 1 })).toMatchObject({ ok: false, issue: { code: "fees.expression.unexpected_end" } });
    expect(computeDue([{ ...fixed, amountCents: 99_999_999_999 }, stamp], {})).toMatchObject({ ok: false, feeId: null, issue: { code: "fees.expression.too_large" } });
  });
});

describe("the fields a formula may name", () => {
  it("are number fields and single choices with numeric options", () => {
    expect(expressionFields(OCCUPAZIONE)).toEqual([
      { name: "indirizzo", numeric: false },
      { name: "superficie", numeric: true },
      { name: "giorni", numeric: true },
      { name: "zona", numeric: true },
      { name: "motivo", numeric: false },
    ]);
  });
});

describe("an admin's fees of a service, on the database", () => {
  it("adds fixed, stamp-duty and formula fees in order, in cents, audited", async () => {
    const a = await createServiceFee(ctx(), service.id, { kind: "stamp_duty", causale: "  Imposta di bollo   sull'istanza ", amount: "3", active: "on" });
    const b = await createServiceFee(ctx(), service.id, { kind: "fixed", causale: "Diritti di istruttoria", amount: "30,00", budgetLine: " 3.01.02.001 ", taxonomyCode: "9/0101108ts", active: "on" });
    const c = await createServiceFee(ctx(), service.id, {
      kind: "formula",
      causale: "Canone unico patrimoniale",
      expression: " superficie * giorni * 0,50 ",
      description: "0,50 € per metro quadrato per ogni giorno",
      amount: "99",
      active: "on",
    });
    expect([a, b, c].map((f) => [f.position, f.kind, f.amountCents, f.expression])).toEqual([
      [1, "stamp_duty", 1600, null],
      [2, "fixed", 3000, null],
      [3, "formula", null, "superficie * giorni * 0,50"],
    ]);
    expect(a.causale).toBe("Imposta di bollo sull'istanza");
    expect(b).toMatchObject({ budgetLine: "3.01.02.001", taxonomyCode: "9/0101108TS/", active: true });
    expect(c.description).toBe("0,50 € per metro quadrato per ogni giorno");
    const audits = await tdb.db.select().from(auditLog).where(and(eq(auditLog.action, "service_fee.create"), eq(auditLog.enteId, w.ente.id)));
    expect(audits.map((r) => r.targetId).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(audits.every((r) => r.actorId === w.admin.id)).toBe(true);

    const due = computeDue(await listActiveFees(tdb.db, w.ente, service.id), { superficie: 12, giorni: 5 });
    expect(due).toMatchObject({ ok: true, totalCents: 1600 + 3000 + 3000 });
  });

  it("refuses a formula naming a field the form does not have, or one that is not a number, saying which and where", async () => {
    expect(await refusal(createServiceFee(ctx(), service.id, { kind: "formula", causale: "Canone", expression: "superfice * 2" }))).toEqual({
      code: "fees.invalid",
      fields: [{ path: "expression", code: "fees.expression.unknown_field", params: { position: 1, name: "superfice" } }],
    });
    expect(await refusal(createServiceFee(ctx(), service.id, { kind: "formula", causale: "Canone", expression: "2 * motivo" }))).toMatchObject({
      fields: [{ path: "expression", code: "fees.expression.not_a_number_field", params: { position: 5, name: "motivo" } }],
    });
    expect(await refusal(createServiceFee(ctx(), service.id, { kind: "formula", causale: "Canone", expression: "superficie * (giorni" }))).toMatchObject({
      fields: [{ path: "expression", code: "fees.expression.unexpected_end" }],
    });
    expect(await refusal(createServiceFee(ctx(), service.id, { kind: "formula", causale: "Canone", expression: "" }))).toMatchObject({ fields: [{ path: "expression", code: "fees.expression.empty" }] });
  });

  it("refuses bad amounts, causali and taxonomy codes, and writes nothing", async () => {
    const before = (await listServiceFees(ctx(), service.id)).length;
    expect((await refusal(createServiceFee(ctx(), service.id, { kind: "fixed", causale: "Diritti", amount: "0" }))).fields).toEqual([{ path: "amount", code: "fees.amount_invalid", params: {} }]);
    expect((await refusal(createServiceFee(ctx(), service.id, { kind: "fixed", causale: "Diritti", amount: "16,005" }))).fields[0]?.code).toBe("fees.amount_invalid");
    expect((await refusal(createServiceFee(ctx(), service.id, { kind: "fixed", causale: "Diritti", amount: "-5" }))).fields[0]?.code).toBe("fees.amount_invalid");
    expect((await refusal(createServiceFee(ctx(), service.id, { kind: "fixed", causale: "x".repeat(141), amount: "5" }))).fields[0]).toMatchObject({ path: "causale", code: "field.max_chars" });
    expect((await refusal(createServiceFee(ctx(), service.id, { kind: "fixed", causale: "   ", amount: "5" }))).fields[0]).toMatchObject({ path: "causale" });
    expect((await refusal(createServiceFee(ctx(), service.id, { kind: "fixed", causale: "Diritti", amount: "5", taxonomyCode: "TS-01" }))).fields[0]).toMatchObject({ path: "taxonomyCode", code: "fees.taxonomy_invalid" });
    expect((await refusal(createServiceFee(ctx(), service.id, { kind: "bonifico", causale: "Diritti", amount: "5" }))).fields[0]).toMatchObject({ path: "kind" });
    expect(await listServiceFees(ctx(), service.id)).toHaveLength(before);
  });

  it("edits, reorders and removes, each audited", async () => {
    const [first, second, third] = await listServiceFees(ctx(), service.id);
    if (!first || !second || !third) throw new Error("fees");
    const edited = await updateServiceFee(ctx(), service.id, second.id, { kind: "fixed", causale: "Diritti di segreteria", amount: "25", active: "" });
    expect(edited).toMatchObject({ causale: "Diritti di segreteria", amountCents: 2500, active: false, position: 2 });
    expect((await listActiveFees(tdb.db, w.ente, service.id)).map((f) => f.id)).toEqual([first.id, third.id]);

    await moveServiceFee(ctx(), service.id, third.id, "up");
    expect((await listServiceFees(ctx(), service.id)).map((f) => [f.id, f.position])).toEqual([
      [first.id, 1],
      [third.id, 2],
      [second.id, 3],
    ]);
    await moveServiceFee(ctx(), service.id, first.id, "up");
    expect((await listServiceFees(ctx(), service.id))[0]?.id).toBe(first.id);

    await deleteServiceFee(ctx(), service.id, third.id);
    expect((await listServiceFees(ctx(), service.id)).map((f) => f.id)).toEqual([first.id, second.id]);
    const actions = (await tdb.db.select().from(auditLog).where(eq(auditLog.enteId, w.ente.id))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["service_fee.update", "service_fee.move", "service_fee.delete"]));
  });

  it("keeps each ente to its own fees and refuses non-admins", async () => {
    const [mine] = await listServiceFees(ctx(), service.id);
    if (!mine) throw new Error("fee");
    const other = adminCtx(tdb.db, w.other, w.otherAdmin);
    await expect(listServiceFees(other, service.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateServiceFee(other, w.otherService.id, mine.id, { kind: "fixed", causale: "X", amount: "1" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteServiceFee(other, w.otherService.id, mine.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createServiceFee(other, service.id, { kind: "fixed", causale: "X", amount: "1" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(createServiceFee(operatorCtx(tdb.db, w.ente, w.operator), service.id, { kind: "fixed", causale: "X", amount: "1" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await listActiveFees(tdb.db, w.other, service.id)).toEqual([]);
    expect(await tdb.db.select().from(serviceFees).where(eq(serviceFees.causale, "X"))).toEqual([]);
  });

  it("has the database refuse a row that breaks the rules, whatever writes it", async () => {
    const base = { enteId: w.ente.id, serviceId: service.id, position: 9, causale: "Prova" };
    await expect(tdb.db.insert(serviceFees).values({ ...base, kind: "fixed", amountCents: 0 })).rejects.toThrow();
    await expect(tdb.db.insert(serviceFees).values({ ...base, kind: "formula", amountCents: 100, expression: "1" })).rejects.toThrow();
    await expect(tdb.db.insert(serviceFees).values({ ...base, kind: "fixed", amountCents: 100, causale: "x".repeat(141) })).rejects.toThrow();
    await expect(tdb.db.insert(serviceFees).values({ ...base, kind: "gift" as "fixed", amountCents: 100 })).rejects.toThrow();
  });
});

describe("the demo's fees", () => {
  it("name only number fields of their service's form, and compute for a believable application", async () => {
    const { DEMO_FEES } = await import("@/db/seed-fees");
    const { DEMO_SERVICES } = await import("@/db/seed-data");
    const { checkExpressionFields, parseExpression } = await import("@/lib/payments/expression");
    for (const [slug, fees] of Object.entries(DEMO_FEES)) {
      const svc = DEMO_SERVICES.find((s) => s.slug === slug);
      if (!svc) throw new Error(`no demo service ${slug}`);
      for (const f of fees.filter((x) => x.kind === "formula")) {
        const p = parseExpression(f.expression ?? "");
        expect(p.ok && checkExpressionFields(p.expression, expressionFields(svc.formDefinition))).toBeNull();
      }
    }
    const occupazione = (DEMO_FEES["occupazione-suolo-pubblico"] ?? []).map((f, i) => ({ budgetLine: null, taxonomyCode: null, amountCents: null, expression: null, active: true, ...f, id: `f${i}`, position: i + 1 }));
    expect(computeDue(occupazione, { superficie: "12,5", giorni: 3 })).toMatchObject({ ok: true, totalCents: 1600 + 3000 + 1875 });
  });
});
