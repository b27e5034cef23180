"use client";

import { useState } from "react";
import { defaultEmailText, EMAIL_PLACEHOLDERS, EMAIL_STATUS_KINDS, EMAIL_STATUSES } from "@/lib/admin/email-template";
import { adminTexts } from "@/lib/i18n/admin";
import { useLang, useT } from "@/lib/i18n/client";
import { workflowTexts } from "@/lib/i18n/workflow";
import { wording } from "@/lib/notifications/model";
import type { PlaceholderValues } from "@/lib/notifications/texts";
import type { EmailTexts } from "@/lib/services/schemas";

type Text = { enabled: boolean; subject: string; body: string };

/**
 * One fieldset per status: on/off, subject and text, with a live preview rendered by the same wording
 * function the notification worker uses (lib/notifications/model.ts), on sample values. The admin's texts keep
 * their %name% placeholders; the preview fills them as an email in the admin's language would.
 */
export function EmailTextsEditor({ initial, sample, from, serviceName, maxResponseDays }: {
  initial: EmailTexts; sample: PlaceholderValues; from: string; serviceName: string; maxResponseDays: number;
}) {
  const lang = useLang();
  const labels = useT(adminTexts).emails;
  const statusLabels: Record<string, string> = useT(workflowTexts).status;
  const [texts, setTexts] = useState<Record<string, Text>>(() =>
    Object.fromEntries(EMAIL_STATUSES.map((s) => [s, { enabled: initial[s]?.enabled ?? true, subject: initial[s]?.subject ?? "", body: initial[s]?.body ?? "" }])),
  );
  const update = (s: string, patch: Partial<Text>) => setTexts((prev) => ({ ...prev, [s]: { ...(prev[s] ?? { enabled: true, subject: "", body: "" }), ...patch } }));
  return (
    <div className="space-y-6">
      <p className="text-sm">
        {labels.placeholders}: {EMAIL_PLACEHOLDERS.map((p) => <code key={p} className="mr-2 inline-block rounded bg-surface px-1">{`%${p}%`}</code>)}
      </p>
      {EMAIL_STATUSES.map((s) => {
        const v = texts[s] ?? { enabled: true, subject: "", body: "" };
        const def = defaultEmailText(s, lang);
        const facts = { id: "00000000-0000-4000-8000-000000000000", status: Number(s), service: { name: serviceName, maxResponseDays, emailTexts: { [s]: v } }, protocol: null, personalMessage: sample.messaggio_personale ?? null };
        const w = wording(EMAIL_STATUS_KINDS[s], lang, facts, { ...sample, stato: statusLabels[s] ?? s });
        return (
          <fieldset key={s} className="rounded-lg border border-line p-4">
            <legend className="px-1 text-lg font-bold">{statusLabels[s]} <span className="font-mono text-sm font-normal text-muted">({s})</span></legend>
            <div className="grid gap-4 lg:grid-cols-2">
              <div className="space-y-3">
                <label className="flex items-center gap-2">
                  <input id={`f-emailTexts-${s}-enabled`} type="checkbox" name={`email.${s}.enabled`} checked={v.enabled} onChange={(e) => update(s, { enabled: e.target.checked })} className="size-5" />
                  <span>{labels.enabled}</span>
                </label>
                <div>
                  <label htmlFor={`f-emailTexts-${s}-subject`} className="field-label">{labels.subject}</label>
                  <input id={`f-emailTexts-${s}-subject`} name={`email.${s}.subject`} value={v.subject} placeholder={def.subject} onChange={(e) => update(s, { subject: e.target.value })} className="field-input" />
                </div>
                <div>
                  <label htmlFor={`f-emailTexts-${s}-body`} className="field-label">{labels.body}</label>
                  <textarea id={`f-emailTexts-${s}-body`} name={`email.${s}.body`} value={v.body} placeholder={def.body} rows={5} onChange={(e) => update(s, { body: e.target.value })} className="field-input" aria-describedby={`hint-${s}`} />
                  <p id={`hint-${s}`} className="mt-1 text-xs text-muted">{labels.defaultHint}</p>
                </div>
              </div>
              <div aria-live="polite">
                <p className="field-label">{labels.preview}</p>
                {v.enabled ? (
                  <div className="rounded-md border border-line bg-surface p-3 text-sm" data-testid={`email-preview-${s}`}>
                    <p className="text-muted">{from}</p>
                    <p className="mb-2 font-bold">{w.subject}</p>
                    <p className="mb-1 text-base font-bold">{w.heading}</p>
                    {w.paragraphs.map((p, i) => <p key={i} className="mb-2 whitespace-pre-line">{p}</p>)}
                    {w.action && <p className="inline-block rounded bg-primary px-3 py-1 font-semibold text-white">{w.action}</p>}
                  </div>
                ) : (
                  <p className="rounded-md border border-dashed border-muted p-3 text-sm text-muted">{labels.disabledPreview}</p>
                )}
              </div>
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}
