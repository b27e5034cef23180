import { and, asc, count, desc, eq, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { payments, pratiche, services, users, type PaymentLine, type PaymentPhase, type PaymentStatus } from "@/db/schema";
import { assertAdmin } from "@/lib/admin/authorize";
import type { Ctx } from "@/lib/context";
import { ValidationError, zodFieldErrors } from "@/lib/errors";
import { csvDocument, csvLine } from "@/lib/format/csv";
import { praticaNumber } from "@/lib/pratiche/number";
import { addDays, dateKey, startOfDay, wallClock } from "@/lib/time/wall-clock";
import { PAYMENT_STATUSES } from "@/lib/workflow/states";

/**
 * The admin's view of the ente's payments: the filtered, paginated list, its CSV for the accounts office
 * (ragioneria), and the positions that are stuck. Admins of the ente only; every query is scoped to ctx.ente.
 */

export const PAYMENT_STATUS_VALUES = ["creating", "pending", "paid", "failed", "expired", "cancelled"] as const satisfies readonly PaymentStatus[];

export const paymentListFilterSchema = z
  .object({
    status: z.enum(PAYMENT_STATUS_VALUES).optional(),
    serviceId: z.uuid().optional(),
    /** Whole days in the ente's time zone, on the payment's creation. */
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "payments.date_range" });
export type PaymentListFilter = z.input<typeof paymentListFilterSchema>;

export const PAYMENTS_PAGE_SIZE = 50;
/** How long a position may be in preparation, or a paid pratica wait to move on, before it counts as stuck. */
export const STUCK_AFTER_MS = 15 * 60 * 1000;

export type PaymentListRow = {
  id: string;
  praticaId: string;
  praticaNumero: string;
  /** Submitted (it has its number): the operators' detail page shows it; a draft waiting for its upfront payment does not. */
  praticaSubmitted: boolean;
  serviceName: string;
  citizenName: string;
  citizenFiscalCode: string | null;
  causale: string;
  amountCents: number;
  status: PaymentStatus;
  phase: PaymentPhase;
  noticeCode: string;
  iuv: string;
  dueDate: string;
  lines: PaymentLine[];
  createdAt: Date;
  paidAt: Date | null;
  paidAmountCents: number | null;
  receiptId: string | null;
  lastError: string | null;
  praticaStatus: number;
};

/** Empty strings from a GET form mean "no filter"; unknown keys are dropped. */
export function cleanPaymentFilter(raw: Record<string, unknown>): PaymentListFilter {
  const out: Record<string, unknown> = {};
  for (const k of ["status", "serviceId", "from", "to", "page"]) {
    const v = raw[k];
    if (typeof v === "string" && v.trim() !== "") out[k] = v.trim();
  }
  return out as PaymentListFilter;
}

function parseFilter(filter: PaymentListFilter) {
  const parsed = paymentListFilterSchema.safeParse(filter);
  if (!parsed.success) throw new ValidationError("payments.invalid_filters", zodFieldErrors(parsed.error.issues));
  return parsed.data;
}

function whereOf(ctx: Ctx, f: z.output<typeof paymentListFilterSchema>): SQL {
  const tz = ctx.ente.timezone;
  const where: (SQL | undefined)[] = [eq(payments.enteId, ctx.ente.id)];
  if (f.status) where.push(eq(payments.status, f.status));
  if (f.serviceId) where.push(eq(pratiche.serviceId, f.serviceId));
  if (f.from) where.push(gte(payments.createdAt, startOfDay(f.from, tz)));
  if (f.to) where.push(lt(payments.createdAt, addDays(startOfDay(f.to, tz), 1, tz)));
  return and(...where)!;
}

const rowColumns = {
  id: payments.id,
  praticaId: payments.praticaId,
  numero: pratiche.numero,
  serviceName: services.name,
  citizenName: users.name,
  citizenFiscalCode: users.codiceFiscale,
  causale: payments.causale,
  amountCents: payments.amountCents,
  status: payments.status,
  phase: payments.phase,
  noticeCode: payments.noticeCode,
  iuv: payments.iuv,
  dueDate: payments.dueDate,
  lines: payments.lines,
  createdAt: payments.createdAt,
  paidAt: payments.paidAt,
  paidAmountCents: payments.paidAmountCents,
  receiptId: payments.receiptId,
  lastError: payments.lastError,
  praticaStatus: pratiche.status,
};

type Selected = { [K in keyof typeof rowColumns]: unknown } & { id: string; praticaId: string; numero: string | null };

function toRow(r: Selected): PaymentListRow {
  const { numero, ...rest } = r as Omit<PaymentListRow, "praticaNumero" | "praticaSubmitted"> & { numero: string | null };
  return { ...rest, praticaNumero: praticaNumber({ id: r.praticaId, numero }), praticaSubmitted: numero !== null };
}

function baseQuery(ctx: Ctx) {
  // The joins repeat the ente: a payment row pointing at another ente's pratica (it cannot, but) shows nothing.
  return ctx.db
    .select(rowColumns)
    .from(payments)
    .innerJoin(pratiche, and(eq(pratiche.id, payments.praticaId), eq(pratiche.enteId, ctx.ente.id)))
    .innerJoin(services, eq(services.id, pratiche.serviceId))
    .innerJoin(users, eq(users.id, pratiche.applicantId));
}

/** One page of the ente's payments, newest first, with the total the filter matches. */
export async function listPaymentsAdmin(
  ctx: Ctx,
  filter: PaymentListFilter = {},
  pageSize = PAYMENTS_PAGE_SIZE,
): Promise<{ rows: PaymentListRow[]; total: number; page: number; pageSize: number }> {
  await assertAdmin(ctx);
  const f = parseFilter(filter);
  const where = whereOf(ctx, f);
  const [totalRow] = await ctx.db
    .select({ n: count() })
    .from(payments)
    .innerJoin(pratiche, and(eq(pratiche.id, payments.praticaId), eq(pratiche.enteId, ctx.ente.id)))
    .where(where);
  const rows = await baseQuery(ctx)
    .where(where)
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(pageSize)
    .offset((f.page - 1) * pageSize);
  return { rows: rows.map(toRow), total: Number(totalRow?.n ?? 0), page: f.page, pageSize };
}

// ---- CSV for the accounts office -------------------------------------------------------------------------------------

/** Cents as the accounts office's spreadsheet reads euros: "1234,56", "-0,05" (decimal comma, no grouping, no float). */
export function centsToCsvEuro(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount in cents must be an integer: ${cents}`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

const pad = (n: number) => String(n).padStart(2, "0");
/** "dd/mm/yyyy hh:mm" in the time zone, as an Italian spreadsheet reads a date and time. */
export function csvDateTime(at: Date | null, timeZone: string): string {
  if (!at) return "";
  const w = wallClock(at, timeZone);
  return `${pad(w.day)}/${pad(w.month)}/${w.year} ${pad(w.hour)}:${pad(w.minute)}`;
}
/** "YYYY-MM-DD" as "dd/mm/yyyy". */
function csvDay(day: string): string {
  const [y, m, d] = day.split("-");
  return `${d}/${m}/${y}`;
}

export const PAYMENTS_CSV_HEADER = [
  "numero_pratica",
  "servizio",
  "cittadino",
  "codice_fiscale",
  "causale",
  "riga",
  "causale_riga",
  "capitolo_bilancio",
  "codice_tassonomico",
  "importo_riga_eur",
  "importo_posizione_eur",
  "stato",
  "fase",
  "codice_avviso",
  "iuv",
  "scadenza",
  "creato_il",
  "pagato_il",
  "importo_pagato_eur",
  "id_ricevuta",
] as const;

/**
 * The filtered payments as the accounts office books them: one line per budget line (capitolo) of each payment, so
 * the amounts of a column add up to the income per capitolo; a payment's total is repeated on each of its lines.
 * ";" separated, UTF-8 with BOM, decimal comma, dates in the ente's time zone (lib/format/csv).
 */
export async function exportPaymentsCsv(ctx: Ctx, filter: PaymentListFilter = {}, max = 50_000): Promise<string> {
  await assertAdmin(ctx);
  const f = parseFilter(filter);
  const tz = ctx.ente.timezone;
  const rows = (await baseQuery(ctx).where(whereOf(ctx, f)).orderBy(asc(payments.createdAt), asc(payments.id)).limit(max)).map(toRow);
  const lines = [csvLine(PAYMENTS_CSV_HEADER)];
  for (const r of rows) {
    const parts: PaymentLine[] = r.lines.length > 0 ? r.lines : [{ feeId: null, kind: "", causale: r.causale, amountCents: r.amountCents, budgetLine: null, taxonomyCode: null }];
    parts.forEach((l, i) =>
      lines.push(
        csvLine([
          r.praticaNumero,
          r.serviceName,
          r.citizenName,
          r.citizenFiscalCode,
          r.causale,
          `${i + 1}/${parts.length}`,
          l.causale,
          l.budgetLine,
          l.taxonomyCode,
          centsToCsvEuro(l.amountCents),
          centsToCsvEuro(r.amountCents),
          r.status,
          r.phase,
          r.noticeCode,
          r.iuv,
          csvDay(r.dueDate),
          csvDateTime(r.createdAt, tz),
          csvDateTime(r.paidAt, tz),
          r.paidAmountCents === null ? "" : centsToCsvEuro(r.paidAmountCents),
          r.receiptId,
        ]),
      ),
    );
  }
  return csvDocument(lines);
}

// ---- Stuck positions ---------------------------------------------------------------------------------------------------

export type StuckKind = "creating" | "overdue" | "paid_not_advanced";
export type StuckPayment = PaymentListRow & { stuck: StuckKind };

/**
 * Payments that should have moved on and have not: in preparation for more than 15 minutes (the intermediary is
 * down or refuses the position), still to pay after their due day (the expiry has not been recorded), paid more
 * than 15 minutes ago while the pratica still waits in a payment state (1500–1530: the advance did not run).
 */
export async function listStuckPayments(ctx: Ctx, now: Date = new Date(), limit = 200): Promise<StuckPayment[]> {
  await assertAdmin(ctx);
  const before = new Date(now.getTime() - STUCK_AFTER_MS);
  const today = dateKey(now, ctx.ente.timezone);
  const creating = and(eq(payments.status, "creating"), lt(payments.createdAt, before));
  const overdue = and(eq(payments.status, "pending"), lt(payments.dueDate, today));
  const paidNotAdvanced = and(eq(payments.status, "paid"), lt(payments.paidAt, before), inArray(pratiche.status, [...PAYMENT_STATUSES]));
  const rows = await baseQuery(ctx)
    .where(and(eq(payments.enteId, ctx.ente.id), or(creating, overdue, paidNotAdvanced)))
    .orderBy(asc(payments.createdAt), asc(payments.id))
    .limit(limit);
  return rows.map(toRow).map((r) => ({
    ...r,
    stuck: r.status === "creating" ? "creating" : r.status === "pending" ? "overdue" : "paid_not_advanced",
  }));
}
