import { feesTexts } from "@/lib/i18n/fees";
import { getLang, getT } from "@/lib/i18n/server";
import { formatCents } from "@/lib/payments/money";

/** What the service page shows of a fee (a row of service_fees, active). */
export type PublicFee = { id: string; kind: "fixed" | "formula" | "stamp_duty"; causale: string; amountCents: number | null; description: string | null };

/**
 * The fees of the "Quanto costa" section: each reason for payment with its amount, a computed one with its rule in
 * words, and the total (of the fixed amounts, when some are computed from the application).
 */
export async function FeeList({ fees }: { fees: PublicFee[] }) {
  const [F, lang] = await Promise.all([getT(feesTexts), getLang()]);
  const t = F.citizen;
  const fixed = fees.filter((f) => f.kind !== "formula").reduce((sum, f) => sum + (f.amountCents ?? 0), 0);
  const computed = fees.some((f) => f.kind === "formula");
  return (
    <div className="mt-4 max-w-3xl">
      <ul aria-label={t.listLabel} className="divide-y divide-line rounded-lg border border-line" data-testid="service-fees">
        {fees.map((f) => (
          <li key={f.id} className="flex flex-col gap-1 p-3 sm:flex-row sm:items-baseline sm:justify-between sm:gap-6 sm:p-4">
            <span className="min-w-0 font-serif sm:flex-1">
              <span className="font-semibold">{f.causale}</span>
              {f.kind === "stamp_duty" && <span className="text-muted"> ({t.stampDuty})</span>}
              {f.kind === "formula" && <span className="block text-sm">{f.description ? t.computedRule({ rule: f.description }) : t.computedGeneric}</span>}
            </span>
            <span className="font-bold whitespace-nowrap">{f.kind === "formula" ? t.computed : formatCents(f.amountCents ?? 0, lang)}</span>
          </li>
        ))}
      </ul>
      {fixed > 0 && <p className="mt-3 font-bold">{computed ? t.totalPlus({ amount: formatCents(fixed, lang) }) : t.total({ amount: formatCents(fixed, lang) })}</p>}
    </div>
  );
}
