import { and, eq, inArray, isNotNull, lt, or, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { enti, paymentEvents, payments, pratiche, type Ente, type Payment } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { getEnteBySlug } from "@/lib/enti/get";
import { enqueue } from "@/lib/outbox/enqueue";
import { dateKey, ROME } from "@/lib/time/wall-clock";
import { STATUS } from "@/lib/workflow/states";
import { transition } from "@/lib/workflow/transition";
import type { CallbackHeaders, PaymentEvent } from "./provider";
import { resolveProvider } from "./providers";

/**
 * Outcomes reach a payment from three places: the provider's signed callback, the reconciliation that polls the
 * positions left pending, and the expiry of unpaid ones. All go through `applyPaymentEvent`, which records each
 * (payment, provider event id) exactly once and moves the pratica through the workflow's payment events.
 */

export type OutcomeInput = {
  providerEventId: string;
  source: "callback" | "poll" | "system";
  kind: "paid" | "failed" | "cancelled" | "expired";
  paidAmountCents?: number | null;
  paidAt?: Date | null;
  receiptId?: string | null;
  data?: Record<string, unknown>;
};

export type ApplyResult =
  | { result: "applied"; payment: Payment }
  | { result: "ignored"; payment: Payment; reason: string }
  | { result: "duplicate" }
  | { result: "refused"; code: "payments.callback_amount_mismatch" };


/**
 * Applies one outcome to a payment, in one transaction holding the payment's row lock:
 * - the same provider event twice is recorded once (the second is a `duplicate`);
 * - `paid` is believed only with the position's own amount (another amount is refused and left for a person);
 * - a failure or expiry after a payment is recorded as `ignored` (late or out of order), never applied;
 * - the pratica follows: confirm_payment (then the worker submits or resumes it), fail_payment, expire_payment
 *   (upfront: back to draft) or cancel_payment (deferred: processing resumes).
 */
export async function applyPaymentEvent(db: DbOrTx, ente: Ente, paymentId: string, ev: OutcomeInput, now = new Date()): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.enteId, ente.id))).for("update");
    if (!payment) throw new Error(`payment ${paymentId} not found`);
    const [seen] = await tx
      .select({ id: paymentEvents.id })
      .from(paymentEvents)
      .where(and(eq(paymentEvents.paymentId, payment.id), eq(paymentEvents.providerEventId, ev.providerEventId)));
    if (seen) return { result: "duplicate" } as const;

    const record = async (outcome: "applied" | "ignored", extra: Record<string, unknown> = {}) => {
      await tx.insert(paymentEvents).values({
        enteId: ente.id,
        paymentId: payment.id,
        providerEventId: ev.providerEventId,
        source: ev.source,
        kind: ev.kind,
        outcome,
        data: {
          ...(ev.data ?? {}),
          ...(ev.paidAmountCents != null ? { paidAmountCents: ev.paidAmountCents } : {}),
          ...(ev.paidAt ? { paidAt: ev.paidAt.toISOString() } : {}),
          ...(ev.receiptId ? { receiptId: ev.receiptId } : {}),
          ...extra,
        },
      });
    };

    if (ev.kind === "paid") {
      if (payment.status === "paid") {
        await record("ignored", { reason: "already_paid" });
        return { result: "ignored", payment, reason: "already_paid" } as const;
      }
      if (ev.paidAmountCents !== payment.amountCents || !ev.paidAt || !ev.receiptId) {
        await record("ignored", { reason: "amount_mismatch" });
        await tx.update(payments).set({ lastError: `paid amount ${ev.paidAmountCents ?? "?"} ≠ ${payment.amountCents}`, updatedAt: now }).where(eq(payments.id, payment.id));
        return { result: "refused", code: "payments.callback_amount_mismatch" } as const;
      }
      // Money was taken: a payment expired or cancelled here is still paid (the stuck list shows a pratica that moved on).
      const [updated] = await tx
        .update(payments)
        .set({ status: "paid", paidAt: ev.paidAt, paidAmountCents: ev.paidAmountCents, receiptId: ev.receiptId, lastError: null, updatedAt: now })
        .where(eq(payments.id, payment.id))
        .returning();
      await record("applied");
      await followPratica(tx, ente, updated!, "paid", now);
      return { result: "applied", payment: updated! } as const;
    }

    if (ev.kind === "failed" || ev.kind === "cancelled") {
      if (payment.status !== "pending" && payment.status !== "failed") {
        await record("ignored", { reason: `after_${payment.status}` });
        return { result: "ignored", payment, reason: `after_${payment.status}` } as const;
      }
      const [updated] = await tx.update(payments).set({ status: "failed", updatedAt: now }).where(eq(payments.id, payment.id)).returning();
      await record("applied");
      await followPratica(tx, ente, updated!, "failed", now);
      return { result: "applied", payment: updated! } as const;
    }

    // expired
    if (payment.status !== "pending" && payment.status !== "failed" && payment.status !== "creating") {
      await record("ignored", { reason: `after_${payment.status}` });
      return { result: "ignored", payment, reason: `after_${payment.status}` } as const;
    }
    const [updated] = await tx.update(payments).set({ status: "expired", updatedAt: now }).where(eq(payments.id, payment.id)).returning();
    await record("applied");
    await followPratica(tx, ente, updated!, "expired", now);
    return { result: "applied", payment: updated! } as const;
  });
}

/** Moves the pratica after an applied outcome, when it is waiting for this payment. */
async function followPratica(tx: DbOrTx, ente: Ente, payment: Payment, outcome: "paid" | "failed" | "expired", now: Date): Promise<void> {
  const [pratica] = await tx.select().from(pratiche).where(and(eq(pratiche.id, payment.praticaId), eq(pratiche.enteId, ente.id)));
  if (!pratica) return;
  const waiting = [STATUS.payment_pending, STATUS.payment_outcome_pending, STATUS.payment_failed] as number[];
  const ctx: Ctx = { db: tx, ente, actor: { kind: "system", reason: `payment:${payment.id}` } };
  const meta = { paymentId: payment.id };
  if (outcome === "paid") {
    if (waiting.includes(pratica.status)) await transition(ctx, pratica.id, "confirm_payment", { at: now, meta });
    await enqueue(tx, [
      { enteId: ente.id, praticaId: pratica.id, topic: "payment", kind: "advance", payload: { paymentId: payment.id, urgent: true }, idempotencyKey: `payment:advance:${payment.id}` },
      { enteId: ente.id, praticaId: pratica.id, topic: "payment", kind: "fetch_receipt", payload: { paymentId: payment.id, urgent: false }, idempotencyKey: `payment:receipt:${payment.id}` },
    ]);
    return;
  }
  if (outcome === "failed") {
    if (pratica.status === STATUS.payment_pending || pratica.status === STATUS.payment_outcome_pending) await transition(ctx, pratica.id, "fail_payment", { at: now, meta });
    return;
  }
  if (!waiting.includes(pratica.status)) return;
  if (payment.phase === "upfront") await transition(ctx, pratica.id, "expire_payment", { at: now, meta });
  else await transition(ctx, pratica.id, "cancel_payment", { at: now, meta, message: `Pagamento non effettuato entro il ${payment.dueDate.split("-").reverse().join("/")}` });
}

/** Finds the payment a provider's event is about: same ente, notice code and provider reference. */
async function paymentOfEvent(db: DbOrTx, ente: Ente, event: PaymentEvent, kind: string): Promise<Payment | null> {
  const [p] = await db.select().from(payments).where(and(eq(payments.enteId, ente.id), eq(payments.noticeCode, event.noticeCode)));
  if (!p || p.iuv !== event.iuv || (p.providerRef !== null && p.providerRef !== event.providerRef)) return null;
  if (p.provider !== kind) return null;
  return p;
}

export type CallbackAnswer = { status: number; body: { outcome: string; code?: string } };

/**
 * A provider's notification, as the callback route receives it: checked by the ente's provider (signature, age,
 * body), matched to its payment, applied once. A duplicate answers 200 (the provider stops retrying); a forged or
 * unknown one 401/404 and changes nothing.
 */
export async function handlePaymentCallback(db: DbOrTx, enteSlug: string, headers: CallbackHeaders, rawBody: string, now = new Date()): Promise<CallbackAnswer> {
  const ente = await getEnteBySlug(db, enteSlug);
  if (!ente) return { status: 404, body: { outcome: "refused", code: "page.not_found" } };
  const resolved = await resolveProvider(db, ente);
  if (!resolved) return { status: 404, body: { outcome: "refused", code: "payments.not_configured" } };
  const checked = resolved.provider.verifyCallback(headers, rawBody);
  if (!checked.ok) return { status: checked.code === "payments.callback_invalid" ? 400 : 401, body: { outcome: "refused", code: checked.code } };
  const event = checked.event;
  const payment = await paymentOfEvent(db, ente, event, resolved.kind);
  if (!payment) return { status: 404, body: { outcome: "refused", code: "payments.callback_unknown_position" } };
  const applied = await applyPaymentEvent(
    db,
    ente,
    payment.id,
    { providerEventId: `cb:${event.eventId}`, source: "callback", kind: event.kind, paidAmountCents: event.paidAmountCents, paidAt: event.paidAt, receiptId: event.receiptId, data: { sentAt: event.sentAt.toISOString() } },
    now,
  );
  if (applied.result === "refused") return { status: 422, body: { outcome: "refused", code: applied.code } };
  return { status: 200, body: { outcome: applied.result } };
}

/** How long a position may wait for its outcome before reconciliation asks the provider. */
export const RECONCILE_AFTER_MS = 2 * 60_000;
/** And how often it asks again for the same position. */
export const RECONCILE_EVERY_MS = 10 * 60_000;

/**
 * Reconciliation: asks the provider about the positions still open (pending or failed) that have waited long enough,
 * and about those past their due day. A paid one is applied with the provider's receipt id (the callback that never
 * arrived); an expired one expires. A provider that does not answer is asked again later; nothing changes meanwhile.
 */
export async function reconcilePayments(db: DbOrTx, now = new Date(), opts: { limit?: number; enteId?: string } = {}): Promise<{ checked: number; changed: number; errors: number }> {
  const today = dateKey(now, ROME);
  const due = await db
    .select()
    .from(payments)
    .where(
      and(
        opts.enteId ? eq(payments.enteId, opts.enteId) : undefined,
        inArray(payments.status, ["pending", "failed"]),
        isNotNull(payments.providerRef),
        lt(payments.updatedAt, new Date(now.getTime() - RECONCILE_AFTER_MS)),
        or(isNull(payments.checkedAt), lt(payments.checkedAt, new Date(now.getTime() - RECONCILE_EVERY_MS)), lt(payments.dueDate, today)),
      ),
    )
    .orderBy(sql`${payments.checkedAt} asc nulls first`)
    .limit(opts.limit ?? 50);
  let changed = 0;
  let errors = 0;
  const entiById = new Map<string, Ente | null>();
  for (const p of due) {
    let ente = entiById.get(p.enteId);
    if (ente === undefined) {
      ente = (await db.select().from(enti).where(eq(enti.id, p.enteId)))[0] ?? null;
      entiById.set(p.enteId, ente);
    }
    if (!ente) continue;
    try {
      const resolved = await resolveProvider(db, ente);
      if (!resolved || resolved.kind !== p.provider) continue;
      const status = await resolved.provider.getStatus({ providerRef: p.providerRef!, noticeCode: p.noticeCode, iuv: p.iuv, amountCents: p.amountCents });
      await db.update(payments).set({ checkedAt: now, lastError: null }).where(eq(payments.id, p.id));
      if (status.state === "paid") {
        const r = await applyPaymentEvent(db, ente, p.id, { providerEventId: `poll:paid:${status.receiptId}`, source: "poll", kind: "paid", paidAmountCents: status.paidAmountCents, paidAt: status.paidAt, receiptId: status.receiptId }, now);
        if (r.result === "applied") changed++;
      } else if (status.state === "expired" || (!status.payable && status.state === "cancelled") || p.dueDate < today) {
        // Unpaid past its due day (Europe/Rome), by the provider's word or by the calendar: it expires. The provider
        // was asked first, so a payment made on the last day is never lost to the expiry.
        const r = await applyPaymentEvent(db, ente, p.id, { providerEventId: `poll:expired:${p.dueDate}`, source: "poll", kind: "expired", data: { providerState: status.state } }, now);
        if (r.result === "applied") changed++;
      }
    } catch (err) {
      errors++;
      await db.update(payments).set({ checkedAt: now, lastError: String(err instanceof Error ? err.message : err).slice(0, 500) }).where(eq(payments.id, p.id));
    }
  }
  return { checked: due.length, changed, errors };
}
