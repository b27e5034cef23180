"use client";

import { startTransition, useActionState, useId, useState, type FormEvent } from "react";
import type { FormState } from "@/components/backoffice/action-forms";
import { useT } from "@/lib/i18n/client";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";

type Action = (prev: FormState, form: FormData) => Promise<FormState>;
export type AgendaActions = { approve: Action; refuse: Action; cancel: Action; noShow: Action };

/** Submitted by hand: React resets a form after an action, which would wipe the message when it is refused. */
function keep(formAction: (fd: FormData) => void) {
  return (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    startTransition(() => formAction(fd));
  };
}

function Outcome({ state, ok }: { state: FormState; ok: string }) {
  if (state.error) return <p role="alert" className="rounded-md border border-danger bg-danger-light p-2 text-sm font-semibold text-danger-dark">{state.error}</p>;
  if (state.ok) return <p role="status" className="rounded-md border border-success bg-success-light p-2 text-sm font-semibold text-success">{ok}</p>;
  return null;
}

/** One action on a booking: a button, or (refuse, cancel) a disclosure with the required message to the citizen. */
function ActionButton({ action, ente, id, label, ok, onDone, message, submitLabel, danger }: { action: Action; ente: string; id: string; label: string; ok: string; onDone: (text: string) => void; message?: string; submitLabel?: string; danger?: boolean }) {
  // Said by the parent as soon as the action answers: the answer comes with the refreshed agenda, in which this
  // action may no longer be offered (a cancelled booking has no actions), so this component may not live to say it.
  const [state, formAction, pending] = useActionState(async (prev: FormState, fd: FormData) => {
    const res = await action(prev, fd);
    if (res.ok) onDone(ok);
    return res;
  }, {});
  const uid = useId();
  const hidden = (
    <>
      <input type="hidden" name="ente" value={ente} />
      <input type="hidden" name="appointmentId" value={id} />
    </>
  );
  if (!message) {
    return (
      <form action={formAction} onSubmit={keep(formAction)} className="space-y-1">
        {hidden}
        <Outcome state={{ error: state.error }} ok={ok} />
        {state.ok ? null : <button type="submit" className={danger ? "btn-secondary text-sm" : "btn-primary text-sm"} disabled={pending}>{label}</button>}
      </form>
    );
  }
  const err = state.fieldErrors?.message;
  return (
    <details className="rounded-md border border-line p-2" open={Boolean(state.error) || undefined}>
      <summary className="cursor-pointer text-sm font-semibold">{label}</summary>
      <form action={formAction} onSubmit={keep(formAction)} className="mt-2 space-y-2" noValidate>
        {hidden}
        <Outcome state={{ error: state.error }} ok={ok} />
        <label htmlFor={`${uid}-m`} className="field-label text-sm">{message}</label>
        <textarea id={`${uid}-m`} name="message" rows={2} maxLength={2000} required className="field-input" aria-invalid={Boolean(err)} aria-describedby={err ? `${uid}-e` : undefined} />
        {err ? <p id={`${uid}-e`} className="field-error">{err}</p> : null}
        <button type="submit" className="btn-secondary text-sm" disabled={pending}>{submitLabel}</button>
      </form>
    </details>
  );
}

/**
 * The actions a booking allows now: approve/refuse a request, cancel it, mark a no-show once it has started. What was
 * done stays said after the page refreshes, also when the booking then allows no more actions.
 */
export function AppointmentActions({ actions, ente, id, status, started }: { actions: AgendaActions; ente: string; id: string; status: string; started: boolean }) {
  const t = useT(appointmentsStaffTexts).agenda;
  const [done, setDone] = useState<string | null>(null);
  const open = status === "requested" || status === "confirmed";
  const common = { ente, id, onDone: setDone };
  return (
    <div className="flex flex-col gap-2">
      {done ? <p role="status" className="rounded-md border border-success bg-success-light p-2 text-sm font-semibold text-success">{done}</p> : null}
      {open && status === "requested" ? <ActionButton {...common} action={actions.approve} label={t.approve} ok={t.approved} /> : null}
      {open && status === "requested" ? <ActionButton {...common} action={actions.refuse} label={t.refuse} ok={t.refused} message={t.messageLabel} submitLabel={t.refuseSubmit} /> : null}
      {open && status === "confirmed" && started ? <ActionButton {...common} action={actions.noShow} label={t.noShow} ok={t.noShowDone} danger /> : null}
      {open ? <ActionButton {...common} action={actions.cancel} label={t.cancel} ok={t.cancelled} message={t.messageLabel} submitLabel={t.cancelSubmit} /> : null}
    </div>
  );
}
