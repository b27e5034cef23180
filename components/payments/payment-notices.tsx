import { errorTextFromUrl } from "@/lib/i18n/errors";
import { paymentsCitizen } from "@/lib/i18n/payments-citizen";
import { getLang, getT } from "@/lib/i18n/server";

export const PAYMENT_OUTCOMES = ["ok", "ko", "annullato"] as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];

export function paymentOutcomeOf(v: unknown): PaymentOutcome | null {
  return typeof v === "string" && (PAYMENT_OUTCOMES as readonly string[]).includes(v) ? (v as PaymentOutcome) : null;
}

/**
 * What the citizen reads on coming back from the provider's checkout (?esito=ok|ko|annullato), or after a refused
 * "Paga online" (?pagamento-errore=<code>, shown from the error catalogue only). "ok" says the confirmation is on its
 * way: the provider's notification may not have been processed yet, so the status can still read "in attesa".
 */
export async function PaymentNotices({ esito, errore }: { esito: unknown; errore: unknown }) {
  const [t, lang] = await Promise.all([getT(paymentsCitizen), getLang()]);
  const outcome = paymentOutcomeOf(esito);
  return (
    <>
      {outcome === "ok" && (
        <p role="status" className="mb-5 rounded-md border-l-4 border-success bg-success-light p-4 font-semibold" data-testid="payment-outcome">{t.esito.ok}</p>
      )}
      {(outcome === "ko" || outcome === "annullato") && (
        <p role="alert" className="mb-5 rounded-md border-l-4 border-warning bg-warning-light p-4 font-semibold" data-testid="payment-outcome">{t.esito[outcome]}</p>
      )}
      {typeof errore === "string" && errore && (
        <p role="alert" className="mb-5 rounded-md border-l-4 border-danger-dark bg-danger-light p-4 font-semibold text-danger-dark">{errorTextFromUrl(errore, lang)}</p>
      )}
    </>
  );
}
