import { and, eq } from "drizzle-orm";
import type { Db } from "./client";
import { payments, serviceFees, type Ente, type Payment, type Service, type User } from "./schema";
import type { Ctx } from "@/lib/context";
import { applyPaymentEvent } from "@/lib/payments/events";
import { computeDue } from "@/lib/payments/fees";
import { issueNoticeCode } from "@/lib/payments/notice-sequence";
import { demoStore } from "@/lib/payments/providers";
import { clampCausale, dueDateFrom } from "@/lib/payments/workflow";
import { submitAfterPayment } from "@/lib/pratiche/submit";
import { transition } from "@/lib/workflow/transition";

/** paid: confirmed and submitted; confirmed: confirmed, submission left to the worker; checkout: the citizen is at the checkout. */
export type SeedPaymentOutcome = "paid" | "confirmed" | "pending" | "checkout" | "failed";

/** Whether a service's fees come to something for these answers (then its pratiche are paid before submission). */
export async function seedAmountDue(db: Db, service: Service, formData: Record<string, unknown>) {
  const fees = await db.select().from(serviceFees).where(and(eq(serviceFees.serviceId, service.id), eq(serviceFees.active, true)));
  const due = computeDue(fees, formData);
  return due.ok && due.totalCents > 0 ? due : null;
}

async function recordPayment(db: Db, ente: Ente, citizen: User, p: { praticaId: string; phase: "upfront" | "deferred"; amountCents: number; causale: string; lines: Payment["lines"]; at: Date; requestedBy?: string }): Promise<Payment> {
  const code = await issueNoticeCode({ db, ente });
  const dueDate = dueDateFrom(p.at, 30);
  const [row] = await db
    .insert(payments)
    .values({ enteId: ente.id, praticaId: p.praticaId, phase: p.phase, status: "pending", amountCents: p.amountCents, causale: p.causale, lines: p.lines, dueDate, noticeCode: code.noticeCode, iuv: code.iuv, provider: "demo", requestedBy: p.requestedBy ?? null, createdAt: p.at, updatedAt: p.at })
    .returning();
  const payment = row!;
  await db.update(payments).set({ providerRef: payment.id }).where(eq(payments.id, payment.id));
  // The demo provider's own record of the position, so its checkout and receipt work on the seeded payments.
  await demoStore(db, ente).put({
    providerRef: payment.id,
    noticeCode: payment.noticeCode,
    iuv: payment.iuv,
    amountCents: payment.amountCents,
    dueDate,
    causale: payment.causale,
    creditorFiscalCode: ente.codiceFiscale ?? "",
    creditorName: ente.name,
    debtorFiscalCode: citizen.codiceFiscale ?? "",
    debtorName: citizen.name,
    state: "pending",
    returnUrls: null,
    paidAt: null,
    receiptId: null,
    events: 0,
  });
  return { ...payment, providerRef: payment.id };
}

/**
 * A demo pratica of a service with fees, played through the workflow as a citizen would: the payment asked before
 * submission (require_payment), then paid (confirm_payment and submission), refused (1530) or left to pay (1500).
 * Returns whether the pratica was submitted.
 */
export async function seedUpfrontPayment(db: Db, ente: Ente, service: Service, citizen: User, praticaId: string, outcome: SeedPaymentOutcome, at: Date): Promise<boolean> {
  const due = await seedAmountDue(db, service, (await db.query.pratiche.findFirst({ where: (t, { eq: e }) => e(t.id, praticaId) }))?.formData ?? {});
  if (!due) return false;
  const citizenCtx: Ctx = { db, ente, actor: { kind: "citizen", userId: citizen.id } };
  const causale = clampCausale(due.lines.length === 1 ? due.lines[0]!.causale : service.name);
  const payment = await recordPayment(db, ente, citizen, { praticaId, phase: "upfront", amountCents: due.totalCents, causale, lines: due.lines.map((l) => ({ ...l })), at });
  await transition(citizenCtx, praticaId, "require_payment", { at, meta: { paymentId: payment.id } });
  if (outcome === "pending") return false;
  const paidAt = new Date(at.getTime() + 20 * 60_000);
  await transition(citizenCtx, praticaId, "start_payment", { at: new Date(at.getTime() + 60_000), meta: { paymentId: payment.id } });
  if (outcome === "checkout") return false;
  if (outcome === "failed") {
    await applyPaymentEvent(db, ente, payment.id, { providerEventId: `seed:${payment.id}:ko`, source: "callback", kind: "failed" }, paidAt);
    await markDemo(db, ente, payment, "failed", null);
    return false;
  }
  const receiptId = `DEMO-${payment.iuv}`;
  await markDemo(db, ente, payment, "paid", { paidAt, receiptId });
  await applyPaymentEvent(db, ente, payment.id, { providerEventId: `seed:${payment.id}:ok`, source: "callback", kind: "paid", paidAmountCents: payment.amountCents, paidAt, receiptId }, paidAt);
  if (outcome === "confirmed") return false;
  await submitAfterPayment({ db, ente, actor: { kind: "system", reason: `payment:${payment.id}` } }, praticaId, { at: new Date(paidAt.getTime() + 60_000) });
  return true;
}

/** A deferred payment the operator asked for on a pratica in charge, still waiting for the citizen. */
export async function seedDeferredPayment(db: Db, ente: Ente, citizen: User, operator: User, praticaId: string, at: Date): Promise<void> {
  const opCtx: Ctx = { db, ente, actor: { kind: "operator", userId: operator.id } };
  const causale = "Diritti di segreteria per il rilascio della copia conforme";
  await transition(opCtx, praticaId, "request_payment", { at, message: causale });
  await recordPayment(db, ente, citizen, { praticaId, phase: "deferred", amountCents: 1250, causale, lines: [{ feeId: null, kind: "deferred", causale, amountCents: 1250, budgetLine: "Cap. 3010 - Diritti di segreteria", taxonomyCode: null }], at, requestedBy: operator.id });
}

async function markDemo(db: Db, ente: Ente, payment: Payment, state: "paid" | "failed", paid: { paidAt: Date; receiptId: string } | null) {
  const store = demoStore(db, ente);
  const p = await store.get(payment.id);
  if (!p) return;
  await store.put({ ...p, state, paidAt: paid ? paid.paidAt.toISOString() : null, receiptId: paid?.receiptId ?? null, events: p.events + 1 });
}
