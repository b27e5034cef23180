"use client";

import { useActionState, useEffect, useRef } from "react";

export type FormState = { ok?: boolean; error?: string; fieldErrors?: Record<string, string> };
type Action = (prev: FormState, form: FormData) => Promise<FormState>;

function Feedback({ state, okText }: { state: FormState; okText: string }) {
  if (state.error) return <p role="alert" className="rounded-md border border-danger bg-danger-light p-3 font-semibold text-danger-dark">{state.error}</p>;
  if (state.ok) return <p role="status" className="rounded-md border border-success bg-success-light p-3 font-semibold text-success">{okText}</p>;
  return null;
}

/** "Richiesta integrazioni": a message to the citizen saying what to send. */
export function IntegrationRequestForm({ action, ente, praticaId, t }: { action: Action; ente: string; praticaId: string; t: { label: string; send: string; sent: string } }) {
  const [state, formAction, pending] = useActionState(action, {});
  const err = state.fieldErrors?.message;
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="ente" value={ente} />
      <input type="hidden" name="praticaId" value={praticaId} />
      <Feedback state={state} okText={t.sent} />
      <div>
        <label htmlFor="integration-message" className="field-label">{t.label}</label>
        <textarea id="integration-message" name="message" rows={3} maxLength={5000} required className="field-input" aria-invalid={Boolean(err)} aria-describedby={err ? "integration-message-error" : undefined} />
        {err && <p id="integration-message-error" className="field-error">{err}</p>}
      </div>
      <button type="submit" className="btn-secondary" disabled={pending}>{t.send}</button>
    </form>
  );
}

/** A message to the citizen, or an internal note for colleagues. */
export function MessageForm({ action, ente, praticaId, t }: { action: Action; ente: string; praticaId: string; t: { label: string; internal: string; send: string; sent: string } }) {
  const [state, formAction, pending] = useActionState(action, {});
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) ref.current?.reset();
  }, [state]);
  const err = state.fieldErrors?.body;
  return (
    <form ref={ref} action={formAction} className="space-y-3">
      <input type="hidden" name="ente" value={ente} />
      <input type="hidden" name="praticaId" value={praticaId} />
      <Feedback state={state} okText={t.sent} />
      <div>
        <label htmlFor="message-body" className="field-label">{t.label}</label>
        <textarea id="message-body" name="body" rows={3} maxLength={5000} required className="field-input" aria-invalid={Boolean(err)} aria-describedby={err ? "message-body-error" : undefined} />
        {err && <p id="message-body-error" className="field-error">{err}</p>}
      </div>
      <label className="flex items-center gap-2">
        <input type="checkbox" name="internal" className="h-5 w-5" />
        {t.internal}
      </label>
      <button type="submit" className="btn-primary" disabled={pending}>{t.send}</button>
    </form>
  );
}
