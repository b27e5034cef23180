import { CancelPaymentForm, RequestPaymentForm } from "@/components/backoffice/payment-forms";
import type { PaymentStatus } from "@/db/schema";
import type { Formatter } from "@/lib/i18n";
import { paymentsStaffTexts } from "@/lib/i18n/payments-staff";
import { getT } from "@/lib/i18n/server";
import { formatEuroCents } from "@/lib/payments/euro";
import { formatNoticeCode } from "@/lib/payments/iuv";
import type { PaymentView } from "@/lib/payments/workflow";
import { cancelPaymentAction, requestPaymentAction } from "./payment-actions";

const TONE: Record<PaymentStatus, string> = {
  creating: "bg-surface text-ink",
  pending: "bg-warning-light text-warning",
  paid: "bg-success-light text-success",
  failed: "bg-danger-light text-danger-dark",
  expired: "bg-danger-light text-danger-dark",
  cancelled: "bg-surface text-ink",
};

/** A due day "YYYY-MM-DD" read as that calendar day (noon UTC is the same day in every European time zone). */
const day = (f: Formatter, d: string) => f.date(new Date(`${d}T12:00:00Z`));

/**
 * The pratica's "Pagamenti": each payment with its notice code, outcome and receipt, and its history; the forms to
 * ask for a payment (pratica in carico, assigned to me) or withdraw an unpaid request.
 */
export async function PaymentsPanel({
  payments,
  can,
  ente,
  praticaId,
  f,
  outcome,
}: {
  payments: PaymentView[];
  can: { requestPayment: boolean; cancelPayment: boolean };
  ente: string;
  praticaId: string;
  f: Formatter;
  outcome?: "requested" | "cancelled";
}) {
  const T = await getT(paymentsStaffTexts);
  const t = T.panel;
  if (payments.length === 0 && !can.requestPayment && !outcome) return null;
  return (
    <section aria-labelledby="pagamenti" className="space-y-3">
      <h2 id="pagamenti" className="text-xl font-bold">{t.title}</h2>
      {outcome && <p role="status" className="rounded-md border border-success bg-success-light p-3 font-semibold text-success">{outcome === "requested" ? t.requested : t.cancelled}</p>}
      {payments.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ol className="space-y-3">
          {payments.map((p) => (
            <li key={p.id} className="card space-y-2" data-testid="payment">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <p className="min-w-0 break-words font-semibold">{p.causale}</p>
                <span className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-sm font-semibold ${TONE[p.status]}`}>{T.status[p.status]}</span>
              </div>
              <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
                <div><dt className="text-sm font-semibold">{t.amount}</dt><dd>{formatEuroCents(p.amountCents, f.lang)}</dd></div>
                <div><dt className="text-sm font-semibold">{t.phase}</dt><dd>{T.phase[p.phase]}</dd></div>
                <div><dt className="text-sm font-semibold">{t.dueDate}</dt><dd>{day(f, p.dueDate)}</dd></div>
                <div><dt className="text-sm font-semibold">{t.noticeCode}</dt><dd className="whitespace-nowrap font-mono">{formatNoticeCode(p.noticeCode)}</dd></div>
                <div><dt className="text-sm font-semibold">{t.iuv}</dt><dd className="break-all font-mono">{p.iuv}</dd></div>
                {p.paidAt && (
                  <div>
                    <dt className="text-sm font-semibold">{t.paidAt}</dt>
                    <dd>{f.dateTime(p.paidAt)}{p.paidAmountCents !== null && p.paidAmountCents !== p.amountCents ? ` — ${t.paidAmount}: ${formatEuroCents(p.paidAmountCents, f.lang)}` : ""}</dd>
                  </div>
                )}
                {(p.receiptAttachmentId || p.receiptId) && (
                  <div>
                    <dt className="text-sm font-semibold">{t.receipt}</dt>
                    <dd>
                      {p.receiptAttachmentId ? <a className="underline" href={`/${ente}/allegati/${p.receiptAttachmentId}`}>{t.receiptLink}</a> : null}
                      {p.receiptId ? <span className="block text-sm text-muted">{t.receiptId}: <span className="break-all font-mono">{p.receiptId}</span></span> : null}
                    </dd>
                  </div>
                )}
              </dl>
              <details>
                <summary className="cursor-pointer font-semibold text-primary">{t.history}</summary>
                {p.events.length === 0 ? (
                  <p className="mt-2 text-sm">{t.noHistory}</p>
                ) : (
                  <ol className="mt-2 space-y-1 text-sm">
                    {p.events.map((e) => (
                      <li key={e.id}>
                        <span className="whitespace-nowrap">{f.dateTime(e.createdAt)}</span> · <span className="font-semibold">{t.kinds[e.kind]}</span> · {t.source[e.source]}
                        {e.outcome === "ignored" ? <span className="ml-1 rounded bg-surface px-1">{t.ignored}</span> : null}
                      </li>
                    ))}
                  </ol>
                )}
              </details>
            </li>
          ))}
        </ol>
      )}
      {can.cancelPayment && (
        <div className="card space-y-2">
          <h3 className="text-lg font-bold">{t.cancel}</h3>
          <p className="text-muted">{t.cancelIntro}</p>
          <CancelPaymentForm action={cancelPaymentAction} ente={ente} praticaId={praticaId} />
        </div>
      )}
      {can.requestPayment && (
        <div className="card space-y-2">
          <h3 className="text-lg font-bold">{t.request}</h3>
          <p className="text-muted">{t.requestIntro}</p>
          <RequestPaymentForm action={requestPaymentAction} ente={ente} praticaId={praticaId} />
        </div>
      )}
    </section>
  );
}

