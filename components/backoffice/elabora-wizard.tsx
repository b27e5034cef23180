"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { FormRenderer, fieldId, fieldsOf, type FieldErrors, type FormValues } from "@/components/forms/form-renderer";
import { backoffice } from "@/lib/i18n/backoffice";
import { useLang, useT } from "@/lib/i18n/client";
import { validateForm } from "@/lib/portal/validate-form";
import { summarizeFormData, type FormPage } from "@/lib/services/form-schema";

const ACCEPTED = ["application/pdf", "image/jpeg", "image/png", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.oasis.opendocument.text"];
const ACCEPTED_EXT = /\.(pdf|jpe?g|png|docx|odt)$/i;
const MAX_BYTES = 20 * 1024 * 1024;

/**
 * Elabora: first the service's own steps (services.operator_steps, rendered like the citizen's form and checked
 * with the same rules), then the generic ones: (1) approve or reject with a motivation, (2) the optional response
 * file, (3) summary and Conferma. The browser checks early for a quick answer; the server checks everything again.
 */
export function ElaboraWizard({
  postUrl,
  doneUrl,
  version,
  operatorSteps = [],
}: {
  postUrl: string;
  doneUrl: string;
  version: number;
  operatorSteps?: FormPage[];
}) {
  const lang = useLang();
  const texts = useT(backoffice);
  const t = texts.elabora;
  const router = useRouter();
  const [step, setStep] = useState(0);
  const [values, setValues] = useState<FormValues>({});
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<"accepted" | "rejected" | "">("");
  const [motivation, setMotivation] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const n = operatorSteps.length;
  const titles = [...operatorSteps.map((p) => p.title), t.steps.s1, t.steps.s2, t.steps.s3];
  const definition = { pages: operatorSteps };

  const clearError = (key: string) =>
    setErrors((e) => {
      if (!(key in e)) return e;
      const rest = { ...e };
      delete rest[key];
      return rest;
    });
  const go = (n: number) => {
    setStep(n);
    setTimeout(() => heading.current?.focus(), 0);
  };
  const checkStep1 = () => {
    const e: Record<string, string> = {};
    if (!outcome) e.outcome = t.chooseOutcome;
    if (!motivation.trim()) e.motivation = t.required;
    setErrors(e);
    return Object.keys(e).length === 0;
  };
  const onFieldChange = (name: string, value: unknown) => {
    setValues((v) => ({ ...v, [name]: value }));
    setFieldErrors((e) => {
      if (!(name in e)) return e;
      const rest = { ...e };
      delete rest[name];
      return rest;
    });
  };
  const checkServiceStep = (page: FormPage) => {
    const result = validateForm(definition, values, { pageId: page.id, lang });
    if (result.ok) {
      setFieldErrors({});
      return true;
    }
    setFieldErrors(result.errors);
    const first = fieldsOf(definition, page.id).find((f) => result.errors[f.name]);
    if (first) setTimeout(() => document.getElementById(fieldId("", first.name))?.focus(), 0);
    return false;
  };
  const checkFile = (f: File | null) => {
    if (!f) return null;
    if (f.size > MAX_BYTES) return t.fileSize;
    if (!ACCEPTED.includes(f.type) && !ACCEPTED_EXT.test(f.name)) return t.fileType;
    return null;
  };
  const submit = async () => {
    setPending(true);
    setServerError(null);
    const body = new FormData();
    body.set("outcome", outcome);
    body.set("motivation", motivation);
    body.set("expectedVersion", String(version));
    if (n > 0) body.set("operatorData", JSON.stringify(values));
    if (file) body.set("responseFile", file);
    try {
      const res = await fetch(postUrl, { method: "POST", body });
      const json = (await res.json().catch(() => ({}))) as { error?: string; fieldErrors?: Record<string, string> };
      if (!res.ok) {
        setServerError(json.error ?? texts.errors.generic);
        if (json.fieldErrors) {
          setErrors(json.fieldErrors);
          // An answer to a service step refused by the server: back to that step, with the message on the field.
          const errorsOf = json.fieldErrors;
          const at = operatorSteps.findIndex((p) => fieldsOf(definition, p.id).some((f) => errorsOf[f.name]));
          if (at >= 0) {
            setFieldErrors(errorsOf);
            go(at);
          }
        }
        setPending(false);
        return;
      }
      router.push(doneUrl);
      router.refresh();
    } catch {
      setServerError(texts.errors.generic);
      setPending(false);
    }
  };

  return (
    <div className="card space-y-5">
      <ol className="flex flex-wrap gap-2 text-sm" aria-label={t.stepOf({ n: step + 1, total: titles.length })}>
        {titles.map((title, i) => (
          <li key={`${i}-${title}`} aria-current={i === step ? "step" : undefined} className={`rounded-full px-3 py-1 font-semibold ${i === step ? "bg-primary text-white" : i < step ? "bg-success-light text-success" : "bg-surface text-ink"}`}>
            {i + 1}. {title}
          </li>
        ))}
      </ol>
      <h2 ref={heading} tabIndex={-1} className="text-2xl font-bold focus:outline-none">
        <span className="block text-sm font-semibold text-muted">{t.stepOf({ n: step + 1, total: titles.length })}</span>
        {titles[step]}
      </h2>
      {serverError && <p role="alert" className="rounded-md border border-danger bg-danger-light p-3 font-semibold text-danger-dark">{serverError}</p>}

      {step < n && operatorSteps[step] && (
        <div className="space-y-4">
          <p className="text-sm text-muted">{t.serviceStepHint}</p>
          {operatorSteps[step].description && <p className="whitespace-pre-wrap">{operatorSteps[step].description}</p>}
          {Object.keys(fieldErrors).length > 0 && <p role="alert" className="rounded-md border border-danger bg-danger-light p-3 font-semibold text-danger-dark">{t.fixErrors}</p>}
          <FormRenderer definition={definition} pageId={operatorSteps[step].id} values={values} errors={fieldErrors} onChange={onFieldChange} />
          <div className="flex justify-between">
            {step > 0 ? <button type="button" className="btn-secondary" onClick={() => go(step - 1)}>{t.back}</button> : <span />}
            <button type="button" className="btn-primary" onClick={() => { const page = operatorSteps[step]; if (page && checkServiceStep(page)) go(step + 1); }}>{t.next}</button>
          </div>
        </div>
      )}

      {step === n && (
        <div className="space-y-4">
          <fieldset aria-describedby={errors.outcome ? "outcome-error" : undefined}>
            <legend className="field-label">{t.outcomeLegend}</legend>
            <div className="flex flex-wrap gap-4">
              {(["accepted", "rejected"] as const).map((v) => (
                <label key={v} className="flex items-center gap-2 rounded-md border border-line px-4 py-2">
                  <input type="radio" name="outcome" value={v} checked={outcome === v} onChange={() => { setOutcome(v); clearError("outcome"); }} className="h-5 w-5" />
                  {v === "accepted" ? t.approve : t.reject}
                </label>
              ))}
            </div>
            {errors.outcome && <p id="outcome-error" className="field-error">{errors.outcome}</p>}
          </fieldset>
          <div>
            <label htmlFor="motivation" className="field-label">{t.motivation}</label>
            <textarea id="motivation" rows={5} maxLength={10000} value={motivation} onChange={(e) => { setMotivation(e.target.value); if (e.target.value.trim()) clearError("motivation"); }} className="field-input" aria-invalid={Boolean(errors.motivation)} aria-describedby={`motivation-hint${errors.motivation ? " motivation-error" : ""}`} />
            <p id="motivation-hint" className="mt-1 text-sm text-muted">{t.motivationHint}</p>
            {errors.motivation && <p id="motivation-error" className="field-error">{errors.motivation}</p>}
          </div>
          <div className={n > 0 ? "flex justify-between" : "flex justify-end"}>
            {n > 0 && <button type="button" className="btn-secondary" onClick={() => go(n - 1)}>{t.back}</button>}
            <button type="button" className="btn-primary" onClick={() => checkStep1() && go(n + 1)}>{t.next}</button>
          </div>
        </div>
      )}

      {step === n + 1 && (
        <div className="space-y-4">
          <div>
            <label htmlFor="responseFile" className="field-label">{t.fileLabel}</label>
            <input
              id="responseFile"
              type="file"
              accept=".pdf,.jpg,.jpeg,.png,.docx,.odt,application/pdf,image/jpeg,image/png"
              onChange={(e) => {
                const f = e.target.files?.[0] ?? null;
                const err = checkFile(f);
                setErrors(err ? { responseFile: err } : {});
                setFile(err ? null : f);
                if (err) e.target.value = "";
              }}
              className="block w-full text-ink file:mr-3 file:rounded-md file:border-0 file:bg-primary file:px-4 file:py-2 file:font-semibold file:text-white"
              aria-invalid={Boolean(errors.responseFile)}
              aria-describedby={`file-hint${errors.responseFile ? " file-error" : ""}`}
            />
            <p id="file-hint" className="mt-1 text-sm text-muted">{t.fileHint}</p>
            {errors.responseFile && <p id="file-error" role="alert" className="field-error">{errors.responseFile}</p>}
          </div>
          <div className="flex justify-between">
            <button type="button" className="btn-secondary" onClick={() => go(n)}>{t.back}</button>
            <button type="button" className="btn-primary" onClick={() => go(n + 2)}>{t.next}</button>
          </div>
        </div>
      )}

      {step === n + 2 && (
        <div className="space-y-4">
          {operatorSteps.map((page) => (
            <section key={page.id} aria-labelledby={`riepilogo-${page.id}`} className="space-y-2">
              <h3 id={`riepilogo-${page.id}`} className="text-lg font-bold">{page.title}</h3>
              <dl className="space-y-2">
                {summarizeFormData({ pages: [page] }, values).map((row) => (
                  <div key={row.label}><dt className="font-semibold">{row.label}</dt><dd className="whitespace-pre-wrap">{row.value}</dd></div>
                ))}
              </dl>
            </section>
          ))}
          {n > 0 && <h3 className="text-lg font-bold">{t.steps.s1}</h3>}
          <dl className="space-y-2">
            <div><dt className="font-semibold">{t.outcomeLegend}</dt><dd>{outcome === "accepted" ? t.approve : t.reject}</dd></div>
            <div><dt className="font-semibold">{t.motivation}</dt><dd className="whitespace-pre-wrap">{motivation}</dd></div>
            <div><dt className="font-semibold">{t.steps.s2}</dt><dd>{file ? file.name : t.noFile}</dd></div>
          </dl>
          <p className="rounded-md bg-primary-light p-3">{t.summaryHint}</p>
          <div className="flex justify-between">
            <button type="button" className="btn-secondary" onClick={() => go(n + 1)} disabled={pending}>{t.back}</button>
            <button type="button" className="btn-primary" onClick={submit} disabled={pending}>{pending ? t.working : t.confirm}</button>
          </div>
        </div>
      )}
    </div>
  );
}
