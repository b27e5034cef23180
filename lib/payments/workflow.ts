import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { paymentEvents, payments, pratiche, users, type Ente, type Payment, type PaymentEventRow, type PaymentLine, type Pratica } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, fieldError } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";
import { enqueue } from "@/lib/outbox/enqueue";
import { checkDraftForSubmission } from "@/lib/pratiche/submit";
import { getStorage } from "@/lib/storage";
import { addDays, dateKey, ROME } from "@/lib/time/wall-clock";
import { crestForPdf } from "@/lib/acts/crest";
import { isOperatorEnabled } from "@/lib/workflow/guards";
import { STATUS } from "@/lib/workflow/states";
import { transition } from "@/lib/workflow/transition";
import { MAX_AMOUNT_CENTS } from "./expression";
import { computeDue } from "./fees";
import { issueNoticeCode } from "./notice-sequence";
import { renderPaymentNotice } from "./notice-pdf";
import { requireProvider, requireProviderFor } from "./providers";
import { listActiveFees } from "./service-fees";

/**
 * Payments in the pratica's workflow. Every state change of the pratica goes through `transition()` (events
 * require_payment, request_payment, start_payment, confirm_payment, fail_payment, expire_payment, cancel_payment);
 * the calls to the provider happen outside any transaction, in the outbox worker (creating the position, fetching the
 * receipt) or before the transition (sending the citizen to the checkout). A payment's amount and notice code are
 * fixed when it is recorded (a trigger refuses a change), so a retry publishes the same position.
 */

export type PaymentView = Payment & { events: PaymentEventRow[]; praticaSubject: string; praticaNumero: string | null; payable: boolean };

/** The citizen can pay it now: the position exists and is neither paid nor closed. */
export function isPayable(p: Pick<Payment, "status" | "providerRef">): boolean {
  return (p.status === "pending" || p.status === "failed") && p.providerRef !== null;
}

/** The due day (Europe/Rome) `days` after `at`. */
export function dueDateFrom(at: Date, days: number): string {
  return dateKey(addDays(at, days, ROME), ROME);
}

/** pagoPA's causale is at most 140 characters. */
export function clampCausale(s: string): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length <= 140 ? t : `${t.slice(0, 139)}…`;
}

async function insertPayment(
  tx: DbOrTx,
  ente: Ente,
  p: { praticaId: string; phase: "upfront" | "deferred"; amountCents: number; causale: string; lines: PaymentLine[]; dueDate: string; provider: string; requestedBy: string | null },
): Promise<Payment> {
  const code = await issueNoticeCode({ db: tx, ente });
  const [row] = await tx
    .insert(payments)
    .values({ enteId: ente.id, ...p, status: "creating", noticeCode: code.noticeCode, iuv: code.iuv })
    .returning();
  if (!row) throw new Error("payment insert returned nothing");
  await tx.insert(paymentEvents).values({ enteId: ente.id, paymentId: row.id, providerEventId: "created", source: "system", kind: "created", outcome: "applied", data: { amountCents: row.amountCents, noticeCode: row.noticeCode } });
  await enqueue(tx, [
    {
      enteId: ente.id,
      praticaId: p.praticaId,
      topic: "payment",
      kind: "create_position",
      payload: { paymentId: row.id, urgent: true },
      idempotencyKey: `payment:create:${row.id}`,
    },
  ]);
  return row;
}

/**
 * The citizen asks to pay before submitting: the draft is checked exactly as a submission would check it, the fees
 * are computed from its answers, the notice code is issued and the payment recorded ('creating') in the same
 * transaction as require_payment (1000 → 1500). The worker then creates the position at the provider.
 */
export async function requirePayment(ctx: Ctx, praticaId: string, opts: { lang?: Lang; at?: Date } = {}): Promise<{ pratica: Pratica; payment: Payment }> {
  const at = opts.at ?? new Date();
  const checked = await checkDraftForSubmission(ctx, praticaId, { at, lang: opts.lang });
  const fees = await listActiveFees(ctx.db, ctx.ente, checked.service.id);
  const due = computeDue(fees, checked.data);
  if (!due.ok) throw new ValidationError("payments.fee_not_computable", [], { detail: due.causale ?? "" });
  if (due.totalCents <= 0) throw new ConflictError("payments.nothing_due");
  if (!checked.applicant.codiceFiscale) throw new ValidationError("payments.fiscal_code_required");
  const provider = await requireProvider(ctx.db, ctx.ente);
  return ctx.db.transaction(async (tx) => {
    await tx.update(pratiche).set({ formData: checked.data }).where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, ctx.ente.id)));
    // One fee: its own reason. Several: the service's name (each fee keeps its reason as a transfer of the position).
    const causale = clampCausale(due.lines.length === 1 ? due.lines[0]!.causale : checked.service.name);
    const payment = await insertPayment(tx, ctx.ente, {
      praticaId,
      phase: "upfront",
      amountCents: due.totalCents,
      causale,
      lines: due.lines.map((l) => ({ feeId: l.feeId, kind: l.kind, causale: l.causale, amountCents: l.amountCents, budgetLine: l.budgetLine, taxonomyCode: l.taxonomyCode })),
      dueDate: dueDateFrom(at, provider.dueDays),
      provider: provider.kind,
      requestedBy: null,
    });
    const { pratica } = await transition({ ...ctx, db: tx }, praticaId, "require_payment", { at, expectedVersion: checked.draft.version, meta: { paymentId: payment.id } });
    return { pratica, payment };
  });
}

/** During processing (4000), the operator in charge or a partner asks the citizen for an amount with its reason. */
export async function requestDeferredPayment(
  ctx: Ctx,
  praticaId: string,
  input: { amountCents: number; causale: string; dueDays?: number; expectedVersion?: number; at?: Date; meta?: Record<string, unknown> },
): Promise<{ pratica: Pratica; payment: Payment }> {
  const at = input.at ?? new Date();
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 1 || input.amountCents > MAX_AMOUNT_CENTS)
    throw new ValidationError("payments.amount_invalid", [fieldError("amount", "payments.amount_invalid")]);
  const causale = input.causale.replace(/\s+/g, " ").trim();
  if (!causale) throw new ValidationError("request.invalid_input", [fieldError("causale", "field.required")]);
  if (causale.length > 140) throw new ValidationError("request.invalid_input", [fieldError("causale", "field.max_chars", { max: 140 })]);
  if (input.dueDays !== undefined && (!Number.isInteger(input.dueDays) || input.dueDays < 1 || input.dueDays > 365))
    throw new ValidationError("request.invalid_input", [fieldError("dueDays", "field.invalid")]);
  const provider = await requireProvider(ctx.db, ctx.ente);
  return ctx.db.transaction(async (tx) => {
    const [applicantOk] = await tx
      .select({ cf: users.codiceFiscale })
      .from(pratiche)
      .innerJoin(users, eq(users.id, pratiche.applicantId))
      .where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, ctx.ente.id)));
    if (!applicantOk) throw new NotFoundError("pratica.not_found");
    // The transition checks state, actor and guards first; the payment is recorded in the same transaction.
    const result = await transition({ ...ctx, db: tx }, praticaId, "request_payment", { at, message: causale, expectedVersion: input.expectedVersion, meta: input.meta });
    if (!applicantOk.cf) throw new ValidationError("payments.fiscal_code_required");
    const payment = await insertPayment(tx, ctx.ente, {
      praticaId,
      phase: "deferred",
      amountCents: input.amountCents,
      causale,
      lines: [{ feeId: null, kind: "deferred", causale, amountCents: input.amountCents, budgetLine: null, taxonomyCode: null }],
      dueDate: dueDateFrom(at, input.dueDays ?? provider.dueDays),
      provider: provider.kind,
      requestedBy: ctx.actor.kind === "operator" ? ctx.actor.userId : null,
    });
    await recordAudit(tx, { enteId: ctx.ente.id, actor: ctx.actor, action: "payment.request", targetType: "payment", targetId: payment.id, data: { praticaId, amountCents: payment.amountCents } });
    return { pratica: result.pratica, payment };
  });
}

/** The operator withdraws an unpaid deferred request: the payment is cancelled and processing resumes (cancel_payment). */
export async function cancelDeferredPayment(ctx: Ctx, praticaId: string, input: { message: string; expectedVersion?: number; meta?: Record<string, unknown> }): Promise<{ pratica: Pratica }> {
  return ctx.db.transaction(async (tx) => {
    const { pratica } = await transition({ ...ctx, db: tx }, praticaId, "cancel_payment", { message: input.message, expectedVersion: input.expectedVersion, meta: input.meta });
    const open = await tx
      .update(payments)
      .set({ status: "cancelled", updatedAt: new Date() })
      .where(and(eq(payments.praticaId, praticaId), eq(payments.enteId, ctx.ente.id), eq(payments.phase, "deferred"), inArray(payments.status, ["creating", "pending", "failed"])))
      .returning({ id: payments.id });
    for (const p of open)
      await tx.insert(paymentEvents).values({ enteId: ctx.ente.id, paymentId: p.id, providerEventId: `cancelled:${Date.now()}`, source: "system", kind: "cancelled", outcome: "applied", data: { by: ctx.actor.kind } });
    return { pratica };
  });
}

/** A payment the actor may see: the citizen their own, an operator one on a service they are enabled on, an admin the ente's. */
async function visiblePayment(ctx: Ctx, paymentId: string): Promise<{ payment: Payment; pratica: Pratica }> {
  if (!/^[0-9a-f-]{36}$/i.test(paymentId)) throw new NotFoundError("payments.not_found");
  const [row] = await ctx.db
    .select({ payment: payments, pratica: pratiche })
    .from(payments)
    .innerJoin(pratiche, eq(pratiche.id, payments.praticaId))
    .where(and(eq(payments.id, paymentId), eq(payments.enteId, ctx.ente.id), eq(pratiche.enteId, ctx.ente.id)));
  if (!row) throw new NotFoundError("payments.not_found");
  await assertCanSeePratica(ctx, row.pratica);
  return row;
}

async function assertCanSeePratica(ctx: Ctx, pratica: Pratica): Promise<void> {
  const a = ctx.actor;
  if (a.kind === "citizen" && pratica.applicantId !== a.userId) throw new NotFoundError("payments.not_found");
  if (a.kind === "operator" && !(await isOperatorEnabled(ctx.db, a.userId, pratica.serviceId))) throw new ForbiddenError("operator.not_enabled_pratica");
  if (a.kind === "partner") throw new ForbiddenError("request.forbidden");
}

async function withEvents(db: DbOrTx, rows: { payment: Payment; subject: string; numero: string | null }[]): Promise<PaymentView[]> {
  if (rows.length === 0) return [];
  const events = await db
    .select()
    .from(paymentEvents)
    .where(inArray(paymentEvents.paymentId, rows.map((r) => r.payment.id)))
    .orderBy(paymentEvents.id);
  return rows.map((r) => ({
    ...r.payment,
    praticaSubject: r.subject,
    praticaNumero: r.numero,
    payable: isPayable(r.payment),
    events: events.filter((e) => e.paymentId === r.payment.id),
  }));
}

/** A pratica's payments, oldest first, with their history. */
export async function listPraticaPayments(ctx: Ctx, praticaId: string): Promise<PaymentView[]> {
  if (!/^[0-9a-f-]{36}$/i.test(praticaId)) throw new NotFoundError("pratica.not_found");
  const [pratica] = await ctx.db.select().from(pratiche).where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, ctx.ente.id)));
  if (!pratica) throw new NotFoundError("pratica.not_found");
  if (ctx.actor.kind !== "partner") await assertCanSeePratica(ctx, pratica);
  const rows = await ctx.db.select().from(payments).where(and(eq(payments.praticaId, praticaId), eq(payments.enteId, ctx.ente.id))).orderBy(payments.createdAt);
  return withEvents(ctx.db, rows.map((payment) => ({ payment, subject: pratica.subject, numero: pratica.numero })));
}

/** The citizen's payments across their pratiche, newest first. */
export async function listMyPayments(ctx: Ctx): Promise<PaymentView[]> {
  if (ctx.actor.kind !== "citizen") throw new ForbiddenError("request.forbidden");
  const rows = await ctx.db
    .select({ payment: payments, subject: pratiche.subject, numero: pratiche.numero })
    .from(payments)
    .innerJoin(pratiche, eq(pratiche.id, payments.praticaId))
    .where(and(eq(payments.enteId, ctx.ente.id), eq(pratiche.enteId, ctx.ente.id), eq(pratiche.applicantId, ctx.actor.userId)))
    .orderBy(desc(payments.createdAt))
    .limit(500);
  return withEvents(ctx.db, rows);
}

export async function getPayment(ctx: Ctx, paymentId: string): Promise<PaymentView> {
  const { payment, pratica } = await visiblePayment(ctx, paymentId);
  const [view] = await withEvents(ctx.db, [{ payment, subject: pratica.subject, numero: pratica.numero }]);
  return view!;
}

/**
 * Sends the citizen to the provider's checkout. The provider is asked first (outside any transaction); then, if the
 * pratica waits for this payment (1500 or 1530), start_payment moves it to 1510. `returnUrl` is where the browser
 * comes back, with `esito=ok|ko|annullato`.
 */
export async function startPaymentCheckout(ctx: Ctx, paymentId: string, opts: { returnUrl: string }): Promise<{ redirectUrl: string }> {
  if (ctx.actor.kind !== "citizen") throw new ForbiddenError("request.forbidden");
  const { payment, pratica } = await visiblePayment(ctx, paymentId);
  if (payment.status === "paid") throw new ConflictError("payments.already_paid");
  if (payment.status === "creating") throw new ConflictError("payments.being_created");
  if (!isPayable(payment)) throw new ConflictError("payments.not_payable");
  const resolved = await requireProviderFor(ctx.db, ctx.ente, payment);
  const back = new URL(opts.returnUrl);
  const withOutcome = (o: string) => {
    const u = new URL(back);
    u.searchParams.set("esito", o);
    u.searchParams.set("pagamento", payment.id);
    return u.toString();
  };
  const [applicant] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, pratica.applicantId));
  const { redirectUrl } = await resolved.provider.startCheckout(
    { providerRef: payment.providerRef!, noticeCode: payment.noticeCode, iuv: payment.iuv, amountCents: payment.amountCents },
    { ok: withOutcome("ok"), ko: withOutcome("ko"), cancel: withOutcome("annullato") },
    { email: applicant?.email ?? null },
  );
  if (pratica.status === STATUS.payment_pending || pratica.status === STATUS.payment_failed) {
    await ctx.db.transaction(async (tx) => {
      await transition({ ...ctx, db: tx }, pratica.id, "start_payment", { meta: { paymentId: payment.id } });
      await tx.insert(paymentEvents).values({ enteId: ctx.ente.id, paymentId: payment.id, providerEventId: `checkout:${Date.now()}`, source: "system", kind: "checkout", outcome: "applied", data: {} });
    });
  }
  return { redirectUrl };
}

/** The printable pagoPA notice of a payment that can still be paid (or is being created: its code is already fixed). */
export async function paymentNoticePdf(ctx: Ctx, paymentId: string, lang: Lang): Promise<{ filename: string; pdf: Buffer }> {
  const { payment, pratica } = await visiblePayment(ctx, paymentId);
  if (payment.status === "paid") throw new ConflictError("payments.already_paid");
  if (payment.status === "expired" || payment.status === "cancelled") throw new ConflictError("payments.not_payable");
  const [applicant] = await ctx.db.select().from(users).where(eq(users.id, pratica.applicantId));
  const ente = ctx.ente;
  const logo = ente.logoStorageKey
    ? await (await getStorage())
        .get(ente.logoStorageKey)
        .then((bytes) => crestForPdf(bytes, ente.logoMimeType))
        .catch(() => null)
    : null;
  const pdf = await renderPaymentNotice({
    ente,
    logo,
    payer: { name: applicant?.name ?? "", fiscalCode: applicant?.codiceFiscale ?? null },
    causale: payment.causale,
    amountCents: payment.amountCents,
    dueDate: payment.dueDate,
    noticeCode: payment.noticeCode,
    lang,
  });
  return { filename: `avviso-pagopa-${payment.noticeCode}.pdf`, pdf };
}
