"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { FormState } from "@/components/backoffice/action-forms";
import { useT } from "@/lib/i18n/client";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";

type Action = (prev: FormState, form: FormData) => Promise<FormState>;
export type SlotOption = { value: string; label: string; free: number };

/** The second step of booking on a citizen's behalf: a free time, the citizen's name and contacts, the reason. */
export function BookOnBehalfForm({ action, ente, officeId, serviceId, slots, reason, bookingKey }: { action: Action; ente: string; officeId: string; serviceId: string; slots: SlotOption[]; reason: string; bookingKey: string }) {
  const t = useT(appointmentsStaffTexts).book;
  const [state, formAction, pending] = useActionState(action, {});
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.error) alertRef.current?.focus();
  }, [state]);
  const err = (k: string) => state.fieldErrors?.[k];
  const described = (k: string, help?: string) => [help, err(k) ? `book-${k}-error` : null].filter(Boolean).join(" ") || undefined;
  const fieldErr = (k: string) => (err(k) ? <p id={`book-${k}-error`} className="field-error">{err(k)}</p> : null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    startTransition(() => formAction(fd));
  };
  return (
    <form action={formAction} onSubmit={submit} className="space-y-4" noValidate>
      <input type="hidden" name="ente" value={ente} />
      <input type="hidden" name="officeId" value={officeId} />
      <input type="hidden" name="serviceId" value={serviceId} />
      <input type="hidden" name="bookingKey" value={bookingKey} />
      {state.error ? (
        <div ref={alertRef} tabIndex={-1} role="alert" className="rounded-md border-2 border-danger bg-danger-light p-3 font-semibold text-danger-dark">{state.error}</div>
      ) : null}
      <fieldset aria-describedby={err("slot") ? "book-slot-error" : undefined}>
        <legend className="field-label">{t.slots}</legend>
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-6">
          {slots.map((s) => (
            <li key={s.value}>
              <label className="flex items-center gap-2 rounded-md border border-line p-2">
                <input type="radio" name="slot" value={s.value} required className="size-5" />
                <span>
                  <span className="font-semibold">{s.label}</span>
                  <span className="block text-xs text-muted">{t.free({ n: s.free })}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        {fieldErr("slot")}
      </fieldset>
      <div>
        <label htmlFor="book-name" className="field-label">{t.name}</label>
        <input id="book-name" name="name" autoComplete="off" maxLength={200} required className="field-input" aria-invalid={Boolean(err("name"))} aria-describedby={described("name")} />
        {fieldErr("name")}
      </div>
      <p id="book-contact-help" className="text-sm text-muted">{t.contactHelp}</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="book-phone" className="field-label">{t.phone}</label>
          <input id="book-phone" name="phone" type="tel" autoComplete="off" maxLength={40} className="field-input" aria-invalid={Boolean(err("phone"))} aria-describedby={described("phone", "book-contact-help")} />
          {fieldErr("phone")}
        </div>
        <div>
          <label htmlFor="book-email" className="field-label">{t.email}</label>
          <input id="book-email" name="email" type="email" autoComplete="off" maxLength={200} className="field-input" aria-invalid={Boolean(err("email"))} aria-describedby={described("email", "book-contact-help")} />
          {fieldErr("email")}
        </div>
      </div>
      <div>
        <label htmlFor="book-reason" className="field-label">{t.reason}</label>
        <textarea id="book-reason" name="reason" rows={2} maxLength={2000} defaultValue={reason} required className="field-input" aria-invalid={Boolean(err("reason"))} aria-describedby={described("reason")} />
        {fieldErr("reason")}
      </div>
      <button type="submit" className="btn-primary" disabled={pending}>{t.submit}</button>
    </form>
  );
}
