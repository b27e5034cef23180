import Link from "next/link";
import { formatDate } from "@/lib/i18n";
import { paymentsCitizen } from "@/lib/i18n/payments-citizen";
import { getLang, getT } from "@/lib/i18n/server";
import { formatDueDay } from "@/lib/payments/due-day";
import { formatEuroCents } from "@/lib/payments/euro";
import { formatNoticeCode } from "@/lib/payments/iuv";
import type { PaymentView } from "@/lib/payments/workflow";

/** What the list shows of a payment (PaymentView, or the same fields). */
export type PaymentRow = Pick<
  PaymentView,
  "id" | "praticaId" | "status" | "amountCents" | "causale" | "lines" | "dueDate" | "noticeCode" | "paidAt" | "receiptAttachmentId" | "payable" | "praticaSubject" | "praticaNumero"
>;

const TONE: Record<PaymentRow["status"], string> = {
  creating: "bg-surface text-ink border-line",
  pending: "bg-warning-light text-warning border-warning",
  paid: "bg-success-light text-success border-success",
  failed: "bg-danger-light text-danger-dark border-danger-dark",
  expired: "bg-surface text-ink border-line",
  cancelled: "bg-surface text-ink border-line",
};

/** The notice can be printed while the payment is still to be made (the code is fixed at creation). */
const hasNotice = (p: PaymentRow) => p.status === "creating" || p.status === "pending" || p.status === "failed";

/**
 * A citizen's payments: reason, amount, due day, status in words, and what can be done — pay online (a plain form
 * posting to the checkout route, which answers with the provider's page), the printable notice, the receipt.
 * `back` is the page the provider sends the citizen back to.
 */
export async function PaymentList({ payments, ente, timeZone, back, showPratica = false }: { payments: PaymentRow[]; ente: string; timeZone: string; back: "pratica" | "pagamenti"; showPratica?: boolean }) {
  const [t, lang] = await Promise.all([getT(paymentsCitizen), getLang()]);
  const area = `/${ente}/area-personale`;
  return (
    <ul aria-label={t.listLabel} className="space-y-4" data-testid="payment-list">
      {payments.map((p) => (
        <li key={p.id} className="card p-4 sm:p-5" data-testid="payment" data-status={p.status}>
          <h3 className="mb-3 text-lg font-bold break-words">{p.causale}</h3>
          {p.lines.length > 1 && (
            <ul aria-label={t.linesLabel} className="mb-3 space-y-1 text-sm" data-testid="payment-lines">
              {p.lines.map((l, i) => (
                <li key={i} className="flex flex-wrap justify-between gap-x-4 border-b border-line pb-1">
                  <span className="break-words">{l.causale}</span>
                  <span className="font-semibold whitespace-nowrap">{formatEuroCents(l.amountCents, lang)}</span>
                </li>
              ))}
            </ul>
          )}
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-2 lg:grid-cols-4">
            {showPratica && (
              <div className="sm:col-span-2 lg:col-span-4">
                <dt className="text-sm font-semibold text-muted">{t.pratica}</dt>
                <dd>
                  <Link href={`${area}/pratiche/${p.praticaId}`} className="font-semibold underline">
                    {[p.praticaSubject, p.praticaNumero].filter(Boolean).join(" – ") || p.praticaId}
                  </Link>
                </dd>
              </div>
            )}
            <div>
              <dt className="text-sm font-semibold text-muted">{t.amount}</dt>
              <dd className="text-lg font-bold" data-testid="payment-amount">{formatEuroCents(p.amountCents, lang)}</dd>
            </div>
            <div>
              <dt className="text-sm font-semibold text-muted">{t.dueDate}</dt>
              <dd>{formatDueDay(p.dueDate, lang, timeZone)}</dd>
            </div>
            <div>
              <dt className="text-sm font-semibold text-muted">{t.statusLabel}</dt>
              <dd>
                <span className={`inline-block rounded border px-2 py-0.5 text-sm font-semibold ${TONE[p.status]}`} data-testid="payment-status">
                  {t.status[p.status]}
                </span>
                {p.status === "paid" && p.paidAt && <span className="block text-sm">{t.paidOn({ d: formatDate(p.paidAt, lang, timeZone) })}</span>}
              </dd>
            </div>
            <div>
              <dt className="text-sm font-semibold text-muted">{t.noticeCode}</dt>
              <dd className="font-mono text-sm break-all">{formatNoticeCode(p.noticeCode)}</dd>
            </div>
          </dl>
          {(p.payable || hasNotice(p) || p.receiptAttachmentId) && (
            <div className="mt-4 flex flex-wrap items-center gap-3">
              {p.payable && (
                <form method="post" action={`${area}/pagamenti/${p.id}/paga`}>
                  <input type="hidden" name="ritorno" value={back} />
                  <button type="submit" className="btn-primary" aria-label={t.payOnlineOf({ causale: p.causale })}>{t.payOnline}</button>
                </form>
              )}
              {hasNotice(p) && (
                <a href={`${area}/pagamenti/${p.id}/avviso`} className="btn-secondary" aria-label={t.downloadNoticeOf({ causale: p.causale })}>{t.downloadNotice}</a>
              )}
              {p.receiptAttachmentId && (
                <a href={`/${ente}/allegati/${p.receiptAttachmentId}`} className="btn-secondary" aria-label={t.downloadReceiptOf({ causale: p.causale })}>{t.downloadReceipt}</a>
              )}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
