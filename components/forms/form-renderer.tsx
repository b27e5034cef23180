"use client";

import { pick, type Lang } from "@/lib/i18n";
import { portalForm } from "@/lib/i18n/portal";
// Types only: the schema module carries zod, which the browser loads later, when a step is validated.
import type { FileRef, FormField, FormPage } from "@/lib/services/form-schema";
import { ChoiceField, InputField } from "./fields";
import { FileField, type FileUploader } from "./file-field";

export type FormValues = Record<string, unknown>;
/** Field name → message, as produced by `validateValues`. */
export type FieldErrors = Record<string, string>;

export type FormRendererProps = {
  definition: { pages: FormPage[] };
  /** Only this page (the wizard's current step); all pages, one section each, when omitted (admin preview). */
  pageId?: string;
  values: FormValues;
  errors?: FieldErrors;
  onChange: (name: string, value: unknown) => void;
  lang: Lang;
  /** Uploads a file and resolves to its reference; without it file fields are shown but disabled (preview). */
  uploadFile?: FileUploader;
  /** Keeps ids unique when two renderers share a page. */
  idPrefix?: string;
};

export function fieldId(prefix: string, name: string): string {
  return `${prefix}campo-${name}`;
}

/**
 * Renders a Stanza form definition (docs/forms.md). Pure: it holds no state and fetches nothing; values,
 * errors and uploads come from the caller, so the citizen's wizard and the admin's live preview share it.
 */
export function FormRenderer({ definition, pageId, values, errors = {}, onChange, lang, uploadFile, idPrefix = "" }: FormRendererProps) {
  const pages = pageId ? definition.pages.filter((p) => p.id === pageId) : definition.pages;
  return (
    <div className="space-y-8">
      {pages.map((page) => (
        <div key={page.id} className="space-y-6">
          {!pageId && <h2 className="text-xl font-bold">{page.title}</h2>}
          {page.items.map((item) =>
            item.type === "fieldset" ? (
              <fieldset key={item.id} className="space-y-5 rounded-lg border border-line p-4 sm:p-5">
                <legend className="px-1 text-lg font-semibold">{item.legend}</legend>
                {item.fields.map((f) => (
                  <Field key={f.name} field={f} {...{ values, errors, onChange, lang, uploadFile, idPrefix }} />
                ))}
              </fieldset>
            ) : (
              <Field key={item.name} field={item} {...{ values, errors, onChange, lang, uploadFile, idPrefix }} />
            ),
          )}
        </div>
      ))}
    </div>
  );
}

type FieldProps = {
  field: FormField;
  values: FormValues;
  errors: FieldErrors;
  onChange: (name: string, value: unknown) => void;
  lang: Lang;
  uploadFile?: FileUploader;
  idPrefix: string;
};

function Field({ field, values, errors, onChange, lang, uploadFile, idPrefix }: FieldProps) {
  const t = pick(portalForm, lang);
  const common = { field, id: fieldId(idPrefix, field.name), error: errors[field.name], t, onChange: (v: unknown) => onChange(field.name, v) };
  switch (field.type) {
    case "radio":
    case "select":
    case "checkbox":
      return <ChoiceField {...common} value={values[field.name]} />;
    case "file":
      return <FileField {...common} lang={lang} value={(values[field.name] as FileRef[] | undefined) ?? []} upload={uploadFile} />;
    default:
      return <InputField {...common} value={values[field.name]} />;
  }
}

/** The fields of the given pages (all when omitted), for validation and error summaries. */
export function fieldsOf(definition: { pages: FormPage[] }, pageId?: string): FormField[] {
  return definition.pages
    .filter((p) => !pageId || p.id === pageId)
    .flatMap((p) => p.items.flatMap((item) => (item.type === "fieldset" ? item.fields : [item])));
}
