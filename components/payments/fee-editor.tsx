"use client";

import { useId, useMemo, useState } from "react";
import { Field, TextField } from "@/components/admin/field";
import { errorText } from "@/lib/i18n/errors";
import { feesTexts } from "@/lib/i18n/fees";
import { useLang, useT } from "@/lib/i18n/client";
import { checkExpressionFields, evaluateExpression, parseExpression } from "@/lib/payments/expression";
import { formatCents } from "@/lib/payments/money";

export type FeeKindName = "fixed" | "formula" | "stamp_duty";

/** A fee as the form shows it: amounts already in euros as the admin types them ("16,00"). */
export type FeeFormValues = {
  kind: FeeKindName;
  causale: string;
  amount: string;
  expression: string;
  description: string;
  budgetLine: string;
  taxonomyCode: string;
  active: boolean;
};

export const EMPTY_FEE: FeeFormValues = { kind: "fixed", causale: "", amount: "", expression: "", description: "", budgetLine: "", taxonomyCode: "", active: true };

/**
 * The fields of one fee inside an ActionForm: the kind decides what else is asked (an amount, nothing for the stamp
 * duty, a formula with its explanation and a live preview). The preview runs the same code as the server.
 */
export function FeeEditor({ initial, numberFields }: { initial: FeeFormValues; numberFields: string[] }) {
  const t = useT(feesTexts).admin;
  const [kind, setKind] = useState<FeeKindName>(initial.kind);
  const [expression, setExpression] = useState(initial.expression);
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="kind" label={t.kind} help={kind === "stamp_duty" ? t.kindHelp : undefined}>
          {(control) => (
            <select {...control} value={kind} onChange={(e) => setKind(e.target.value as FeeKindName)} className="field-input">
              {(["fixed", "formula", "stamp_duty"] as const).map((k) => (
                <option key={k} value={k}>{t.kinds[k]}</option>
              ))}
            </select>
          )}
        </Field>
        {kind === "fixed" && <TextField name="amount" label={t.amount} help={t.amountHelp} defaultValue={initial.amount} inputMode="decimal" autoComplete="off" required />}
        {kind === "stamp_duty" && <p className="self-end pb-2 font-semibold">{t.stampAmount}</p>}
      </div>
      <TextField name="causale" label={t.causale} help={t.causaleHelp} defaultValue={initial.causale} maxLength={140} required />
      {kind === "formula" && (
        <>
          <Field name="expression" label={t.expression} help={t.expressionHelp({ fields: numberFields.length ? numberFields.join(", ") : t.noNumberFields })}>
            {(control) => (
              <input {...control} value={expression} onChange={(e) => setExpression(e.target.value)} maxLength={500} spellCheck={false} autoComplete="off" className="field-input font-mono" required />
            )}
          </Field>
          <FormulaPreview expression={expression} numberFields={numberFields} />
          <TextField name="description" label={t.description} help={t.descriptionHelp} defaultValue={initial.description} maxLength={300} />
        </>
      )}
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="field-label">{t.accounting}</legend>
        <TextField name="budgetLine" label={t.budgetLine} defaultValue={initial.budgetLine} maxLength={60} />
        <TextField name="taxonomyCode" label={t.taxonomyCode} help={t.taxonomyHelp} defaultValue={initial.taxonomyCode} maxLength={40} inputClassName="font-mono" />
      </fieldset>
      <label className="flex items-center gap-2">
        <input id="f-active" type="checkbox" name="active" defaultChecked={initial.active} className="size-5" />
        <span>{t.active}</span>
      </label>
    </div>
  );
}

/** Sample values for the fields the formula names, and the amount (or the refusal) as the citizen would get it. */
function FormulaPreview({ expression, numberFields }: { expression: string; numberFields: string[] }) {
  const t = useT(feesTexts).admin;
  const lang = useLang();
  const id = useId();
  const [sample, setSample] = useState<Record<string, string>>({});
  const parsed = useMemo(() => parseExpression(expression), [expression]);
  // Sample values only for the form's number fields: an unknown name is the refusal shown below.
  const names = parsed.ok ? parsed.expression.fields.map((f) => f.name).filter((n) => numberFields.includes(n)) : [];
  let outcome: { ok: boolean; text: string } | null = null;
  if (expression.trim() !== "") {
    if (!parsed.ok) outcome = { ok: false, text: errorText(parsed.issue.code, parsed.issue.params, lang) };
    else {
      const unknown = checkExpressionFields(parsed.expression, numberFields.map((name) => ({ name, numeric: true })));
      const res = unknown ? { ok: false as const, issue: unknown } : evaluateExpression(parsed.expression, sample);
      outcome = res.ok ? { ok: true, text: t.previewResult({ amount: formatCents(res.cents, lang) }) } : { ok: false, text: errorText(res.issue.code, res.issue.params, lang) };
    }
  }
  return (
    <fieldset className="rounded-md border-2 border-line bg-surface p-3">
      <legend className="px-1 font-semibold">{t.preview}</legend>
      <p className="mb-2 text-sm text-muted">{t.previewIntro}</p>
      {parsed.ok && parsed.expression.fields.length === 0 && <p className="mb-2 text-sm">{t.previewNoFields}</p>}
      <div className="grid gap-3 sm:grid-cols-3">
        {names.map((name) => (
          <div key={name}>
            <label htmlFor={`${id}-${name}`} className="field-label font-mono font-normal">{name}</label>
            {/* No name attribute: sample values are not part of the fee and are never submitted. */}
            <input id={`${id}-${name}`} value={sample[name] ?? ""} onChange={(e) => setSample((s) => ({ ...s, [name]: e.target.value }))} inputMode="decimal" autoComplete="off" className="field-input" />
          </div>
        ))}
      </div>
      <p role="status" aria-live="polite" data-testid="fee-preview" className={`mt-2 font-semibold ${outcome && !outcome.ok ? "text-danger-dark" : "text-ink"}`}>
        {outcome?.text ?? ""}
      </p>
    </fieldset>
  );
}
