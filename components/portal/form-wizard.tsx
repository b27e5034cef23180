"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { FormRenderer, fieldId, fieldsOf, type FieldErrors, type FormValues } from "@/components/forms/form-renderer";
import type { FileUploader } from "@/components/forms/file-field";
import { LOCALE } from "@/lib/i18n";
import { useLang, useT } from "@/lib/i18n/client";
import { portalForm } from "@/lib/i18n/portal-form";
import type { FileRef, FormPage } from "@/lib/services/form-schema";
import { RequestSteps } from "./request-steps";
import { uploadWithProgress } from "./upload";

type Props = {
  definition: { pages: FormPage[] };
  stepTexts: Record<string, string>;
  initialValues: FormValues;
  initialStep: number;
  timeZone: string;
  savedAt: string | null;
  uploadUrl: string;
  /** `PUT` target of the autosave (JSON values → `{ savedAt }`). */
  saveUrl: string;
  summaryHref: string;
};

const AUTOSAVE_MS = 1500;

const loadValidator = () => import("@/lib/portal/validate-form");

/**
 * The citizen's form, one page per step (the request flow's steps between the privacy notice and the summary): validates each step with the shared rules before moving on, saves
 * the draft automatically (debounced, announced politely) and uploads files with a progress bar.
 */
export function FormWizard({ definition, stepTexts, initialValues, initialStep, timeZone, savedAt: initialSavedAt, uploadUrl, summaryHref, saveUrl }: Props) {
  const t = useT(portalForm);
  // The shared validation rules word their messages in a language of their own choosing: the visitor's.
  const lang = useLang();
  const router = useRouter();
  const pages = definition.pages;
  const [step, setStep] = useState(Math.min(Math.max(0, initialStep), pages.length - 1));
  const [values, setValues] = useState<FormValues>(initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [showSummary, setShowSummary] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(initialSavedAt);
  const [saveState, setSaveState] = useState<"idle" | "saving" | "failed">("idle");
  const [busy, setBusy] = useState(false);
  const dirty = useRef(false);
  const latest = useRef(values);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const firstRender = useRef(true);
  const page = pages[step] ?? pages[0];

  const flush = useCallback(async (): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current) return true;
    dirty.current = false;
    setSaveState("saving");
    try {
      const res = await fetch(saveUrl, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(latest.current) });
      const body = (await res.json()) as { savedAt?: string };
      if (res.ok && body.savedAt) {
        setSavedAt(body.savedAt);
        setSaveState("idle");
        return true;
      }
    } catch {
      // fall through: reported below
    }
    dirty.current = true;
    setSaveState("failed");
    return false;
  }, [saveUrl]);

  useEffect(() => {
    const warm = () => void loadValidator();
    if ("requestIdleCallback" in window) window.requestIdleCallback(warm);
    else setTimeout(warm, 500);
  }, []);

  // Leaving the page (or the tab going to the background) sends unsaved changes; keepalive outlives the page.
  useEffect(() => {
    const sendNow = () => {
      if (!dirty.current) return;
      dirty.current = false;
      if (timer.current) clearTimeout(timer.current);
      void fetch(saveUrl, { method: "PUT", keepalive: true, headers: { "Content-Type": "application/json" }, body: JSON.stringify(latest.current) }).catch(() => {});
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") sendNow();
    };
    window.addEventListener("pagehide", sendNow);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("pagehide", sendNow);
      document.removeEventListener("visibilitychange", onVisibility);
      sendNow();
    };
  }, [saveUrl]);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
    const url = new URL(window.location.href);
    url.searchParams.set("passo", pages[step]?.id ?? "");
    window.history.replaceState(null, "", url.toString());
  }, [step, pages]);

  function onChange(name: string, value: unknown) {
    const next = { ...latest.current, [name]: value };
    latest.current = next;
    setValues(next);
    if (errors[name]) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== name)));
    dirty.current = true;
    if (timer.current) clearTimeout(timer.current);
    // A new file is saved at once: it is already stored, the draft should know it.
    timer.current = setTimeout(() => void flush(), Array.isArray(value) && value.some((v) => typeof v === "object") ? 0 : AUTOSAVE_MS);
  }

  const uploadFile: FileUploader = (field, file, onProgress) =>
    uploadWithProgress(`${uploadUrl}?campo=${encodeURIComponent(field.name)}`, file, onProgress, t) as Promise<FileRef>;

  async function goNext() {
    if (!page) return;
    // The shared rules (zod) load after the page, keeping them out of the first-load JavaScript.
    const { validateForm } = await loadValidator();
    const result = validateForm(definition, latest.current, { pageId: page.id, lang });
    if (!result.ok) {
      setErrors(result.errors);
      setShowSummary(true);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setErrors({});
    setShowSummary(false);
    setBusy(true);
    const saved = await flush();
    setBusy(false);
    if (!saved) return;
    if (step < pages.length - 1) {
      setStep(step + 1);
      window.scrollTo({ top: 0 });
    } else {
      router.push(summaryHref);
    }
  }

  function goBack() {
    setErrors({});
    setShowSummary(false);
    void flush();
    setStep(Math.max(0, step - 1));
    window.scrollTo({ top: 0 });
  }

  if (!page) return null;
  const errorList = fieldsOf(definition, page.id).filter((f) => errors[f.name]);
  const time = savedAt ? new Intl.DateTimeFormat(LOCALE[lang], { hour: "2-digit", minute: "2-digit", timeZone }).format(new Date(savedAt)) : null;
  const isLast = step === pages.length - 1;

  return (
    <div>
      <RequestSteps pageTitles={pages.map((p) => p.title)} current={step + 1} />

      <h2 ref={headingRef} tabIndex={-1} className="mb-3 text-2xl font-bold focus:outline-none">
        {page.title}
      </h2>
      {page.description && <p className="mb-3 max-w-3xl whitespace-pre-line">{page.description}</p>}
      {stepTexts[page.id] && (
        <div className="mb-5 max-w-3xl rounded-md border-l-4 border-primary bg-primary-light p-4 whitespace-pre-line">{stepTexts[page.id]}</div>
      )}

      {showSummary && errorList.length > 0 && (
        <div ref={summaryRef} tabIndex={-1} role="alert" aria-labelledby="riepilogo-errori" className="mb-6 rounded-md border-2 border-danger-dark bg-danger-light p-4">
          <h3 id="riepilogo-errori" className="mb-2 font-bold text-danger-dark">{t.errorSummary}</h3>
          <ul className="list-disc space-y-1 pl-5">
            {errorList.map((f) => (
              <li key={f.name}>
                <a href={`#${fieldId("", f.name)}`} className="font-semibold text-danger-dark underline">
                  {f.label}: {errors[f.name]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}

      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void goNext();
        }}
      >
        <FormRenderer definition={definition} pageId={page.id} values={values} errors={errors} onChange={onChange} uploadFile={uploadFile} />
        <div className="mt-8 flex flex-wrap items-center gap-3 border-t border-line pt-5">
          {step > 0 && (
            <button type="button" className="btn-secondary" onClick={goBack}>
              {t.back}
            </button>
          )}
          <button type="button" className="btn-secondary" onClick={() => { dirty.current = true; void flush(); }}>
            {t.saveDraft}
          </button>
          <button type="submit" className="btn-primary ml-auto" disabled={busy}>
            {isLast ? t.toSummary : t.next}
          </button>
        </div>
      </form>
      <p className="mt-3 min-h-6 text-sm text-muted" aria-live="polite" role="status">
        {saveState === "saving" ? t.saving : saveState === "failed" ? <span className="font-semibold text-danger-dark">{t.saveFailed}</span> : time ? t.savedAt({ time }) : ""}
      </p>
    </div>
  );
}
