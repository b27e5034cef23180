import { and, asc, eq, max } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { serviceFees, services, type Ente, type FeeKind, type ServiceFee } from "@/db/schema";
import { asAdmin, assertAdmin } from "@/lib/admin/authorize";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { NotFoundError, ValidationError, fieldError, zodFieldErrors } from "@/lib/errors";
import { allFields, type FormDefinition } from "@/lib/services/form-schema";
import { checkExpressionFields, decimalToRational, parseExpression, type ExpressionField, type ExpressionIssue } from "./expression";
import { parseEurosToCents, STAMP_DUTY_CENTS } from "./money";

export const FEE_KINDS = ["fixed", "formula", "stamp_duty"] as const satisfies readonly FeeKind[];
export const CAUSALE_MAX = 140;
/** pagoPA's taxonomy code: type of ente, 7 digits and 2 letters of the service, a closing slash (9/0101108TS/). */
const TAXONOMY = /^[0-9]\/[0-9]{7}[A-Z]{2}\/$/;

/**
 * The fields of a form a formula may name: number fields, and single choices whose every option is a number
 * (e.g. a zone coefficient chosen from a list).
 */
export function expressionFields(def: Pick<FormDefinition, "pages">): ExpressionField[] {
  return allFields(def).map((f) => ({
    name: f.name,
    numeric: f.type === "number" || ((f.type === "select" || f.type === "radio") && f.options.every((o) => decimalToRational(o.value) !== null)),
  }));
}

/** The refusal of a formula, on the `expression` field of the admin's form. */
export function expressionIssueError(issue: ExpressionIssue, path = "expression"): ValidationError {
  return new ValidationError("fees.invalid", [fieldError(path, issue.code, issue.params)]);
}

const text = (maxLen: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : (v ?? "")), z.string().max(maxLen)).transform((v) => (v === "" ? null : v));

/** What the admin's form sends (amounts as typed, in euros); `toFeeValues` makes the row's columns of it. */
export const feeInputSchema = z.object({
  kind: z.enum(FEE_KINDS),
  causale: z.preprocess((v) => (typeof v === "string" ? v.trim().replace(/\s+/g, " ") : v), z.string().min(1).max(CAUSALE_MAX)),
  amount: z.string().max(40).optional(),
  expression: z.string().max(2000).optional(),
  description: text(300),
  budgetLine: text(60),
  taxonomyCode: z
    .preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : v), z.string().max(40).optional())
    .transform((v) => (v ? (v.endsWith("/") ? v : `${v}/`) : null))
    .refine((v) => v === null || TAXONOMY.test(v), "fees.taxonomy_invalid"),
  active: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
});
export type FeeInput = z.input<typeof feeInputSchema>;

type FeeValues = Pick<ServiceFee, "kind" | "causale" | "amountCents" | "expression" | "description" | "budgetLine" | "taxonomyCode" | "active">;

/** Checks an admin's fee against the service's current form and gives the row's values: cents, a checked formula. */
export function toFeeValues(input: Record<string, unknown>, form: Pick<FormDefinition, "pages">): FeeValues {
  const parsed = feeInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("fees.invalid", zodFieldErrors(parsed.error.issues));
  const f = parsed.data;
  const common = { kind: f.kind, causale: f.causale, budgetLine: f.budgetLine, taxonomyCode: f.taxonomyCode, active: f.active };
  if (f.kind === "stamp_duty") return { ...common, amountCents: STAMP_DUTY_CENTS, expression: null, description: null };
  if (f.kind === "fixed") {
    const cents = parseEurosToCents(f.amount ?? "");
    if (cents === null || cents <= 0) throw new ValidationError("fees.invalid", [fieldError("amount", "fees.amount_invalid")]);
    return { ...common, amountCents: cents, expression: null, description: null };
  }
  const source = (f.expression ?? "").trim();
  const expr = parseExpression(source);
  if (!expr.ok) throw expressionIssueError(expr.issue);
  const unknown = checkExpressionFields(expr.expression, expressionFields(form));
  if (unknown) throw expressionIssueError(unknown);
  return { ...common, amountCents: null, expression: source, description: f.description };
}

async function serviceOf(ctx: Ctx, serviceId: string) {
  const [row] = await ctx.db
    .select({ id: services.id, formDefinition: services.formDefinition })
    .from(services)
    .where(and(eq(services.id, serviceId), eq(services.enteId, ctx.ente.id)));
  if (!row) throw new NotFoundError("service.not_found");
  return row;
}

const ordered = (db: DbOrTx, enteId: string, serviceId: string) =>
  db.select().from(serviceFees).where(and(eq(serviceFees.enteId, enteId), eq(serviceFees.serviceId, serviceId))).orderBy(asc(serviceFees.position), asc(serviceFees.createdAt));

/** A service's fees, in order, for its admin page. */
export async function listServiceFees(ctx: Ctx, serviceId: string): Promise<ServiceFee[]> {
  await assertAdmin(ctx);
  await serviceOf(ctx, serviceId);
  return ordered(ctx.db, ctx.ente.id, serviceId);
}

/** The active fees of a service, in order: what its public page lists and what the citizen will pay. */
export async function listActiveFees(db: DbOrTx, ente: Pick<Ente, "id">, serviceId: string): Promise<ServiceFee[]> {
  const rows = await ordered(db, ente.id, serviceId);
  return rows.filter((r) => r.active);
}

/** Adds a fee at the end of the service's list (checked against the current form), audited. */
export async function createServiceFee(ctx: Ctx, serviceId: string, input: Record<string, unknown>): Promise<ServiceFee> {
  return asAdmin(ctx, async (tx) => {
    const service = await serviceOf(tx, serviceId);
    const values = toFeeValues(input, service.formDefinition);
    const [last] = await tx.db.select({ p: max(serviceFees.position) }).from(serviceFees).where(eq(serviceFees.serviceId, serviceId));
    const [row] = await tx.db
      .insert(serviceFees)
      .values({ ...values, enteId: tx.ente.id, serviceId, position: (last?.p ?? 0) + 1 })
      .returning();
    if (!row) throw new Error("service fee insert failed");
    await recordAudit(tx.db, { enteId: tx.ente.id, actor: tx.actor, action: "service_fee.create", targetType: "service_fee", targetId: row.id, data: { serviceId, ...values } });
    return row;
  });
}

async function feeOf(ctx: Ctx, serviceId: string, feeId: string): Promise<ServiceFee> {
  const [row] = await ctx.db
    .select()
    .from(serviceFees)
    .where(and(eq(serviceFees.id, feeId), eq(serviceFees.serviceId, serviceId), eq(serviceFees.enteId, ctx.ente.id)));
  if (!row) throw new NotFoundError("fees.not_found");
  return row;
}

/** Replaces a fee's details (checked against the current form), audited. */
export async function updateServiceFee(ctx: Ctx, serviceId: string, feeId: string, input: Record<string, unknown>): Promise<ServiceFee> {
  return asAdmin(ctx, async (tx) => {
    const service = await serviceOf(tx, serviceId);
    await feeOf(tx, serviceId, feeId);
    const values = toFeeValues(input, service.formDefinition);
    const [row] = await tx.db.update(serviceFees).set({ ...values, updatedAt: new Date() }).where(eq(serviceFees.id, feeId)).returning();
    if (!row) throw new NotFoundError("fees.not_found");
    await recordAudit(tx.db, { enteId: tx.ente.id, actor: tx.actor, action: "service_fee.update", targetType: "service_fee", targetId: feeId, data: { serviceId, ...values } });
    return row;
  });
}

/** Removes a fee, audited with what it was. */
export async function deleteServiceFee(ctx: Ctx, serviceId: string, feeId: string): Promise<void> {
  await asAdmin(ctx, async (tx) => {
    await serviceOf(tx, serviceId);
    const fee = await feeOf(tx, serviceId, feeId);
    await tx.db.delete(serviceFees).where(eq(serviceFees.id, feeId));
    const { kind, causale, amountCents, expression } = fee;
    await recordAudit(tx.db, { enteId: tx.ente.id, actor: tx.actor, action: "service_fee.delete", targetType: "service_fee", targetId: feeId, data: { serviceId, kind, causale, amountCents, expression } });
  });
}

/** Moves a fee one place up or down the list (positions renumbered 1…n), audited. At either end it stays put. */
export async function moveServiceFee(ctx: Ctx, serviceId: string, feeId: string, direction: "up" | "down"): Promise<ServiceFee[]> {
  return asAdmin(ctx, async (tx) => {
    await serviceOf(tx, serviceId);
    await feeOf(tx, serviceId, feeId);
    const rows = await ordered(tx.db, tx.ente.id, serviceId);
    const from = rows.findIndex((r) => r.id === feeId);
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= rows.length) return rows;
    const order = [...rows];
    [order[from], order[to]] = [order[to] as ServiceFee, order[from] as ServiceFee];
    for (const [i, r] of order.entries()) if (r.position !== i + 1) await tx.db.update(serviceFees).set({ position: i + 1 }).where(eq(serviceFees.id, r.id));
    await recordAudit(tx.db, { enteId: tx.ente.id, actor: tx.actor, action: "service_fee.move", targetType: "service_fee", targetId: feeId, data: { serviceId, direction, order: order.map((r) => r.id) } });
    return ordered(tx.db, tx.ente.id, serviceId);
  });
}
