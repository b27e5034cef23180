"use client";

import { useRouter } from "next/navigation";
import { useActionState, useState, type FormEvent } from "react";

import type { ActionFailure } from "@/lib/edge/failure";
import { backoffice } from "@/lib/i18n/backoffice";
import { useT } from "@/lib/i18n/client";

/** A back-office form's answer: done, or the one refusal shape of every action. */
export type FormState = Partial<ActionFailure> & { ok?: boolean };
type Action = (prev: FormState, form: FormData) => Promise<FormState>;

function Feedback({ state, okText }: { state: FormState; okText: string }) {
  if (state.error) return <p role="alert" className="rounded-md border border-danger bg-danger-light p-3 font-semibold text-danger-dark">{state.error}</p>;
  if (state.ok) return <p role="status" className="rounded-md border border-success bg-success-light p-3 font-semibold text-success">{okText}</p>;
  return null;
}

/** "Richiesta integrazioni": a message to the citizen saying what to send. */
export function IntegrationRequestForm({ action, ente, praticaId }: { action: Action; ente: string; praticaId: string }) {
  const t = useT(backoffice).detail.integration;
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

/**
 * A message to the citizen, or an internal note for colleagues, with optional files: posted as multipart to the
 * pratica's `messaggi` route (files go through the same streaming upload and checks as the citizen's).
 */
export function MessageForm({
  endpoint,
  initialOutcome,
}: {
  endpoint: string;
  /** After a post made without script, the page says how it went. */
  initialOutcome?: "sent" | "failed";
}) {
  const t = useT(backoffice).detail.messages;
  const [state, setState] = useState<FormState>(initialOutcome === "sent" ? { ok: true } : initialOutcome === "failed" ? { error: t.failed } : {});
  const [pending, setPending] = useState(false);
  const router = useRouter();
  const err = state.fieldErrors?.body;
  const filesErr = state.fieldErrors?.files;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    try {
      const res = await fetch(endpoint, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" } });
      const body = (await res.json().catch(() => ({}))) as FormState;
      if (res.ok) {
        form.reset();
        setState({ ok: true });
        router.refresh();
      } else setState({ error: body.error ?? t.failed, fieldErrors: body.fieldErrors });
    } catch {
      setState({ error: t.failed });
    } finally {
      setPending(false);
    }
  }
  return (
    <form method="post" action={endpoint} onSubmit={submit} className="space-y-3" encType="multipart/form-data">
      <Feedback state={state} okText={t.sent} />
      <div>
        <label htmlFor="message-body" className="field-label">{t.label}</label>
        <textarea id="message-body" name="body" rows={3} maxLength={5000} required className="field-input" aria-invalid={Boolean(err)} aria-describedby={err ? "message-body-error" : undefined} />
        {err && <p id="message-body-error" className="field-error">{err}</p>}
      </div>
      <div>
        <label htmlFor="message-files" className="field-label">{t.files}</label>
        <p id="message-files-help" className="text-sm text-muted">{t.filesHelp}</p>
        <input id="message-files" name="files" type="file" multiple accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" className="field-input" aria-invalid={Boolean(filesErr)} aria-describedby={filesErr ? "message-files-help message-files-error" : "message-files-help"} />
        {filesErr && <p id="message-files-error" className="field-error">{filesErr}</p>}
      </div>
      <label className="flex items-center gap-2">
        <input type="checkbox" name="internal" className="h-5 w-5" />
        {t.internal}
      </label>
      <button type="submit" className="btn-primary" disabled={pending}>{t.send}</button>
    </form>
  );
}
