import type { Lang } from "@/lib/i18n";
import { paymentsCitizen } from "@/lib/i18n/payments-citizen";
import { getT } from "@/lib/i18n/server";
import { formatEuroCents } from "@/lib/payments/euro";
import type { DueResult } from "@/lib/payments/fees";

/** The summary's "Importo da pagare": each fee due for the answers with its amount, and the total. */
export async function DueSummary({ due, lang }: { due: DueResult; lang: Lang }) {
  const t = await getT(paymentsCitizen);
  return (
    <section aria-labelledby="importo-dovuto" className="card mb-5 border-l-4 border-primary" data-testid="amount-due">
      <h3 id="importo-dovuto" className="mb-2 text-xl font-bold">{t.dueTitle}</h3>
      {due.ok ? (
        <>
          <p className="mb-3">{t.dueIntro}</p>
          <ul aria-label={t.dueListLabel} className="divide-y divide-line rounded-lg border border-line">
            {due.lines.map((l, i) => (
              <li key={l.feeId || i} className="flex flex-col gap-1 p-3 sm:flex-row sm:items-baseline sm:justify-between sm:gap-6">
                <span className="min-w-0 sm:flex-1">
                  <span className="font-semibold">{l.causale}</span>
                  {l.kind === "stamp_duty" && <span className="text-muted"> ({t.stampDuty})</span>}
                </span>
                <span className="font-bold whitespace-nowrap">{formatEuroCents(l.amountCents, lang)}</span>
              </li>
            ))}
          </ul>
          <p className="mt-3 flex justify-between gap-6 text-lg font-bold sm:justify-end" data-testid="amount-due-total">
            <span>{t.dueTotal}</span>
            <span>{formatEuroCents(due.totalCents, lang)}</span>
          </p>
        </>
      ) : (
        <p role="alert" className="font-semibold text-danger-dark">{t.dueNotComputable({ causale: due.causale ?? "" })}</p>
      )}
    </section>
  );
}
