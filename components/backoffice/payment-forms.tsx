"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { paymentsStaffTexts } from "@/lib/i18n/payments-staff";
import { useT } from "@/lib/i18n/client";
import type { FormState } from "./action-forms";

type Action = (prev: FormState, form: FormData) => Promise<FormState>;

/**
 * Submitted by hand rather than through `action`: React resets a form after every action, which would wipe what the
 * operator typed when the server refuses it (the same reason as components/admin/action-form.tsx).
 */
function submitKeeping(formAction: (fd: FormData) => void) {
  return (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    startTransition(() => formAction(fd));
  };
}

function Refusal({ state }: { state: FormState }) {
  return state.error ? <p role="alert" className="rounded-md border border-danger bg-danger-light p-3 font-semibold text-danger-dark">{state.error}</p> : null;
}

function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return text ? <p id={id} className="field-error">{text}</p> : null;
}

/** "Richiedi pagamento": an amount in euros (typed as people write it, read as cents on the server) and a causale. */
export function RequestPaymentForm({ action, ente, praticaId }: { action: Action; ente: string; praticaId: string }) {
  const t = useT(paymentsStaffTexts).panel;
  const [state, formAction, pending] = useActionState(action, {});
  const amountErr = state.fieldErrors?.amount;
  const causaleErr = state.fieldErrors?.causale;
  return (
    <form action={formAction} onSubmit={submitKeeping(formAction)} className="space-y-3" noValidate>
      <input type="hidden" name="ente" value={ente} />
      <input type="hidden" name="praticaId" value={praticaId} />
      <Refusal state={state} />
      <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
        <div>
          <label htmlFor="payment-amount" className="field-label">{t.amountLabel}</label>
          <input
            id="payment-amount"
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            required
            maxLength={30}
            className="field-input"
            aria-invalid={Boolean(amountErr)}
            aria-describedby={amountErr ? "payment-amount-help payment-amount-error" : "payment-amount-help"}
          />
          <p id="payment-amount-help" className="mt-1 text-sm text-muted">{t.amountHelp}</p>
          <FieldError id="payment-amount-error" text={amountErr} />
        </div>
        <div>
          <label htmlFor="payment-causale" className="field-label">{t.causaleLabel}</label>
          <input
            id="payment-causale"
            name="causale"
            required
            maxLength={140}
            className="field-input"
            aria-invalid={Boolean(causaleErr)}
            aria-describedby={causaleErr ? "payment-causale-help payment-causale-error" : "payment-causale-help"}
          />
          <p id="payment-causale-help" className="mt-1 text-sm text-muted">{t.causaleHelp}</p>
          <FieldError id="payment-causale-error" text={causaleErr} />
        </div>
      </div>
      <button type="submit" className="btn-primary" disabled={pending}>{t.requestSubmit}</button>
    </form>
  );
}

/** "Annulla richiesta di pagamento": the reason, which the citizen reads. */
export function CancelPaymentForm({ action, ente, praticaId }: { action: Action; ente: string; praticaId: string }) {
  const t = useT(paymentsStaffTexts).panel;
  const [state, formAction, pending] = useActionState(action, {});
  const err = state.fieldErrors?.message;
  return (
    <form action={formAction} onSubmit={submitKeeping(formAction)} className="space-y-3" noValidate>
      <input type="hidden" name="ente" value={ente} />
      <input type="hidden" name="praticaId" value={praticaId} />
      <Refusal state={state} />
      <div>
        <label htmlFor="payment-cancel-message" className="field-label">{t.cancelMessage}</label>
        <textarea id="payment-cancel-message" name="message" rows={3} maxLength={5000} required className="field-input" aria-invalid={Boolean(err)} aria-describedby={err ? "payment-cancel-message-error" : undefined} />
        <FieldError id="payment-cancel-message-error" text={err} />
      </div>
      <button type="submit" className="btn-secondary" disabled={pending}>{t.cancelSubmit}</button>
    </form>
  );
}
