import { and, eq, inArray, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attachments, enti, paymentEvents, payments, pratiche, services, users, type Ente, type OutboxRow, type Payment } from "@/db/schema";
import { PermanentDeliveryError } from "@/lib/outbox/errors";
import { enqueue } from "@/lib/outbox/enqueue";
import type { Outcome } from "@/lib/outbox/record";
import { submitAfterPayment } from "@/lib/pratiche/submit";
import { getStorage } from "@/lib/storage";
import { dateKey, ROME } from "@/lib/time/wall-clock";
import { requestProtocol } from "@/lib/workflow/effects";
import { STATUS } from "@/lib/workflow/states";
import { transition } from "@/lib/workflow/transition";
import { applyPaymentEvent, reconcilePayments } from "./events";
import { PaymentProviderError } from "./provider";
import { requireProviderFor } from "./providers";

/**
 * The outbox topic "payment": every call to the provider that must not be lost.
 * - create_position: publishes the debt position (retried while the intermediary is down; the same payment id and
 *   notice code every time, so a retry never makes a second position), then emails the citizen that it is due;
 * - advance: after a confirmed payment, submits the pratica (upfront) or resumes its processing (deferred);
 * - fetch_receipt: downloads the official receipt, stores it with the pratica and protocols it as an inbound document.
 * A provider's final refusal is a PermanentDeliveryError (dead at once, visible to admins); a retryable failure is
 * thrown as is, and the worker tries again with backoff.
 */
export function createPaymentHandler(env: { db: DbOrTx }) {
  return async (row: OutboxRow, now: Date): Promise<Outcome> => {
    const paymentId = typeof row.payload.paymentId === "string" ? row.payload.paymentId : null;
    if (!paymentId) throw new PermanentDeliveryError("pagamento mancante");
    const [payment] = await env.db.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.enteId, row.enteId)));
    if (!payment) throw new PermanentDeliveryError("pagamento inesistente");
    const [ente] = await env.db.select().from(enti).where(eq(enti.id, payment.enteId));
    if (!ente) throw new PermanentDeliveryError("ente inesistente");
    try {
      switch (row.kind) {
        case "create_position":
          return await createPosition(env.db, ente, payment, now);
        case "advance":
          return await advance(env.db, ente, payment, now);
        case "fetch_receipt":
          return await fetchReceipt(env.db, ente, payment, now);
        default:
          throw new PermanentDeliveryError(`tipo sconosciuto: ${row.kind}`);
      }
    } catch (err) {
      if (err instanceof PaymentProviderError) {
        await env.db.update(payments).set({ lastError: `${err.code}: ${String(err.params.detail ?? "")}`.slice(0, 500) }).where(eq(payments.id, payment.id));
        if (!err.retryable) throw new PermanentDeliveryError(`${err.code}: ${String(err.params.detail ?? "")}`);
      }
      throw err;
    }
  };
}

async function createPosition(db: DbOrTx, ente: Ente, payment: Payment, now: Date): Promise<Outcome> {
  if (payment.status !== "creating") return { status: "skipped", detail: `posizione già ${payment.status}` };
  const [who] = await db
    .select({ cf: users.codiceFiscale, name: users.name, email: users.email })
    .from(pratiche)
    .innerJoin(users, eq(users.id, pratiche.applicantId))
    .where(eq(pratiche.id, payment.praticaId));
  if (!who?.cf) throw new PermanentDeliveryError("codice fiscale del pagatore mancante");
  const resolved = await requireProviderFor(db, ente, payment).catch(() => {
    throw new PermanentDeliveryError("pagamenti non configurati per l'ente, o configurati con un altro fornitore");
  });
  const created = await resolved.provider.createPosition({
    positionId: payment.id,
    noticeCode: payment.noticeCode,
    iuv: payment.iuv,
    amountCents: payment.amountCents,
    causale: payment.causale,
    dueDate: payment.dueDate,
    creditor: { fiscalCode: ente.codiceFiscale ?? "", name: ente.name },
    debtor: { fiscalCode: who.cf, fullName: who.name, email: who.email, kind: "F" },
    transfers: payment.lines.map((l) => ({ amountCents: l.amountCents, causale: l.causale, taxonomyCode: l.taxonomyCode ?? "9/0101108TS/", budgetLine: l.budgetLine })),
  });
  if (created.amountCents !== payment.amountCents || created.noticeCode !== payment.noticeCode)
    throw new PermanentDeliveryError("il fornitore ha risposto con un'altra posizione");
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(payments)
      .set({ status: "pending", providerRef: created.providerRef, lastError: null, updatedAt: now })
      .where(and(eq(payments.id, payment.id), eq(payments.status, "creating")))
      .returning({ id: payments.id });
    if (!updated) return;
    await tx.insert(paymentEvents).values({ enteId: ente.id, paymentId: payment.id, providerEventId: "published", source: "system", kind: "created", outcome: "applied", data: { providerRef: created.providerRef } }).onConflictDoNothing();
    const [pratica] = await tx.select({ applicantId: pratiche.applicantId }).from(pratiche).where(eq(pratiche.id, payment.praticaId));
    await enqueue(tx, [
      {
        enteId: ente.id,
        praticaId: payment.praticaId,
        topic: "email",
        kind: "payment_due",
        payload: { to: "applicant", userId: pratica?.applicantId ?? null, paymentId: payment.id, urgent: true },
        idempotencyKey: `email:payment_due:${payment.id}`,
      },
    ]);
  });
  return { status: "sent", detail: `posizione ${created.providerRef} pubblicata` };
}

async function advance(db: DbOrTx, ente: Ente, payment: Payment, now: Date): Promise<Outcome> {
  if (payment.status !== "paid") return { status: "skipped", detail: "non pagato" };
  const [pratica] = await db.select().from(pratiche).where(eq(pratiche.id, payment.praticaId));
  if (!pratica || pratica.status !== STATUS.paid) return { status: "skipped", detail: "la pratica non attende il pagamento" };
  const ctx = { db, ente, actor: { kind: "system" as const, reason: `payment:${payment.id}` } };
  if (!pratica.submittedAt) {
    const r = await submitAfterPayment(ctx, pratica.id, { at: now });
    return { status: "sent", detail: r ? `pratica inviata n. ${r.pratica.numero ?? "?"}` : "già inviata" };
  }
  await transition(ctx, pratica.id, "resume", { at: now, meta: { paymentId: payment.id } });
  return { status: "sent", detail: "lavorazione ripresa" };
}

async function fetchReceipt(db: DbOrTx, ente: Ente, payment: Payment, now: Date): Promise<Outcome> {
  if (payment.status !== "paid") return { status: "skipped", detail: "non pagato" };
  if (payment.receiptAttachmentId) return { status: "skipped", detail: "ricevuta già acquisita" };
  const resolved = await requireProviderFor(db, ente, payment);
  const pdf = await resolved.provider.downloadReceipt({ providerRef: payment.providerRef!, noticeCode: payment.noticeCode, iuv: payment.iuv, amountCents: payment.amountCents });
  if (pdf.subarray(0, 5).toString("latin1") !== "%PDF-") throw new PaymentProviderError("payments.provider_invalid_answer", { retryable: false, params: { detail: "receipt is not a PDF" } });
  const stored = await (await getStorage()).put(pdf, { prefix: "receipt" });
  await db.transaction(async (tx) => {
    const [locked] = await tx.select().from(payments).where(eq(payments.id, payment.id)).for("update");
    if (!locked || locked.receiptAttachmentId) return;
    const [pratica] = await tx.select().from(pratiche).where(eq(pratiche.id, payment.praticaId));
    if (!pratica) return;
    const [att] = await tx
      .insert(attachments)
      .values({
        enteId: ente.id,
        praticaId: pratica.id,
        kind: "generated",
        purpose: "receipt",
        filename: `ricevuta-pagopa-${payment.iuv}.pdf`,
        mimeType: "application/pdf",
        size: stored.size,
        sha256: stored.sha256,
        storageKey: stored.storageKey,
        uploadedBy: null,
        visibleToCitizen: true,
      })
      .returning({ id: attachments.id });
    await tx.update(payments).set({ receiptAttachmentId: att!.id, updatedAt: now }).where(eq(payments.id, payment.id));
    const [service] = await tx.select().from(services).where(eq(services.id, pratica.serviceId));
    if (service) {
      const row = await requestProtocol(tx, { ente, service, praticaId: pratica.id, direction: "in", documentKind: "payment_receipt", attachmentId: att!.id });
      if (row) await enqueue(tx, [row]);
    }
  });
  return { status: "sent", detail: "ricevuta acquisita e protocollata" };
}

/**
 * The worker's periodic payment housekeeping: reconciliation (lib/payments/events.ts), and the expiry of payments
 * whose position never got created by their due day (nothing can be paid on them).
 */
export async function sweepPayments(db: DbOrTx, now = new Date()): Promise<void> {
  await reconcilePayments(db, now);
  const today = dateKey(now, ROME);
  const stale = await db.select().from(payments).where(and(inArray(payments.status, ["creating"]), lt(payments.dueDate, today))).limit(50);
  for (const p of stale) {
    const [ente] = await db.select().from(enti).where(eq(enti.id, p.enteId));
    if (ente) await applyPaymentEvent(db, ente, p.id, { providerEventId: "expired:never-created", source: "system", kind: "expired" }, now);
  }
}

