import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { payments, type Ente, type Payment } from "@/db/schema";
import { formatDateTime, pick, type Lang } from "@/lib/i18n";
import { paymentEmailTexts } from "@/lib/i18n/payment-emails";
import { formatDueDay } from "@/lib/payments/due-day";
import { formatEuroCents } from "@/lib/payments/euro";
import { formatNoticeCode } from "@/lib/payments/iuv";
import type { EmailModel } from "@/emails";
import type { PaymentEmailKind } from "./texts";

export type PaymentFacts = Pick<Payment, "causale" | "amountCents" | "dueDate" | "noticeCode" | "paidAt" | "paidAmountCents">;

/**
 * The payment a notice is about, of that pratica and ente only (a payload naming another's reads as missing). A
 * transition's notice (confirm_payment, fail_payment…) names none: it is about the pratica's latest payment, the one
 * the transition was for (a pratica has at most one open payment).
 */
export async function paymentOf(db: DbOrTx, ente: Pick<Ente, "id">, praticaId: string, paymentId: string | null): Promise<PaymentFacts | undefined> {
  const [p] = await db
    .select({ causale: payments.causale, amountCents: payments.amountCents, dueDate: payments.dueDate, noticeCode: payments.noticeCode, paidAt: payments.paidAt, paidAmountCents: payments.paidAmountCents })
    .from(payments)
    .where(and(eq(payments.enteId, ente.id), eq(payments.praticaId, praticaId), paymentId ? eq(payments.id, paymentId) : undefined))
    .orderBy(desc(payments.createdAt))
    .limit(1);
  return p;
}

/**
 * What a payment notice says of the payment, before the pratica's details: the reason and amount always; to pay
 * (due, failed) the due day and the notice code, which is what a bank or shop asks for; once paid, when.
 */
export function paymentDetails(kind: PaymentEmailKind, p: PaymentFacts, lang: Lang, timeZone: string): EmailModel["details"] {
  const L = pick(paymentEmailTexts, lang).labels;
  const out: EmailModel["details"] = [
    { label: L.causale, value: p.causale },
    { label: L.amount, value: formatEuroCents(kind === "payment_confirmed" && p.paidAmountCents !== null ? p.paidAmountCents : p.amountCents, lang) },
  ];
  if (kind === "payment_due" || kind === "payment_failed") {
    out.push({ label: L.dueDate, value: formatDueDay(p.dueDate, lang, timeZone) });
    out.push({ label: L.noticeCode, value: formatNoticeCode(p.noticeCode) });
  }
  if (kind === "payment_expired") out.push({ label: L.dueDate, value: formatDueDay(p.dueDate, lang, timeZone) });
  if (kind === "payment_confirmed" && p.paidAt) out.push({ label: L.paidAt, value: formatDateTime(p.paidAt, lang, timeZone) });
  return out;
}

/** Where a payment notice points: the Pagamenti page to pay, the pratica otherwise. */
export const paymentsLink = (appUrl: string, ente: Pick<Ente, "slug">) => `${appUrl}/${ente.slug}/area-personale/pagamenti`;

/** The words before the link of a payment notice that points to the Pagamenti page. */
export const whereToPay = (lang: Lang) => pick(paymentEmailTexts, lang).labels.whereToPay;
