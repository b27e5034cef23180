import { z } from "zod";
import { pick, type Lang } from "@/lib/i18n";
import { formFieldTexts } from "@/lib/i18n/form-fields";
import { allFields, pageFields, type FormField, type FormPage } from "@/db/schema/shapes/form-definition";
import { isValidCodiceFiscale, normalizeCodiceFiscale } from "./codice-fiscale";

/*
 * The definition format itself (fields, pages, `formDefinitionSchema`) is the shape of `services.form_definition`,
 * so it lives with the table, below the domain (db/schema never imports lib/). Everything else imports it from
 * here, components included (they never import db/). This file adds what the domain does with a definition:
 * validating a citizen's data against it and summarizing that data.
 */
export {
  allFields,
  fieldSchema,
  fieldsetSchema,
  formDefinitionSchema,
  pageFields,
  pageIdSchema,
  pageSchema,
  type FormDefinition,
  type FormField,
  type FormFieldset,
  type FormPage,
} from "@/db/schema/shapes/form-definition";

/** A stored upload referenced from form data: the attachment row's id plus what the citizen sees. */
export const fileRefSchema = z.object({ id: z.uuid(), filename: z.string(), size: z.number(), mimeType: z.string() });
export type FileRef = z.infer<typeof fileRefSchema>;

const PHONE = /^\+?[0-9 ()./-]{6,20}$/;

function fieldValueSchema(field: FormField, msg: Messages): z.ZodType {
  const required = field.required;
  // Blank (or whitespace-only) answers count as no answer.
  const emptyToUndef = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);
  const wrap = (s: z.ZodType) => z.preprocess(emptyToUndef, required ? s : s.optional());
  switch (field.type) {
    case "text": {
      let s = z.string({ error: msg.required }).trim().min(field.minLength ?? (required ? 1 : 0), msg.tooShort);
      s = s.max(field.maxLength ?? 1000, msg.tooLong);
      if (field.pattern) s = s.regex(new RegExp(`^(?:${field.pattern})$`), msg.format);
      return wrap(s);
    }
    case "textarea":
      return wrap(z.string({ error: msg.required }).trim().min(field.minLength ?? (required ? 1 : 0), msg.tooShort).max(field.maxLength ?? 20_000, msg.tooLong));
    case "email":
      return wrap(z.string({ error: msg.required }).trim().pipe(z.email(msg.email)));
    case "phone":
      return wrap(z.string({ error: msg.required }).trim().regex(PHONE, msg.phone));
    case "number": {
      let s = z.number({ error: (iss) => (iss.input === undefined ? msg.required : msg.number) });
      if (field.integer) s = s.int(msg.integer);
      if (field.min !== undefined) s = s.min(field.min, msg.min({ n: field.min }));
      if (field.max !== undefined) s = s.max(field.max, msg.max({ n: field.max }));
      // Typed numbers arrive as text; Italians write decimals with a comma ("1,5"). Anything else is not a number.
      const toNumber = (v: unknown) => {
        if (typeof v !== "string") return v;
        const t = v.trim().replace(",", ".");
        return /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : v;
      };
      return wrap(z.preprocess(toNumber, s));
    }
    case "date": {
      let s = z.iso.date({ error: (iss) => (iss.input === undefined ? msg.required : msg.date) });
      if (field.min) s = s.refine((v) => v >= (field.min ?? ""), msg.dateMin({ d: field.min }));
      if (field.max) s = s.refine((v) => v <= (field.max ?? ""), msg.dateMax({ d: field.max }));
      return wrap(s);
    }
    case "select":
    case "radio": {
      const values = field.options.map((o) => o.value);
      return wrap(z.string({ error: msg.required }).refine((v) => values.includes(v), msg.option));
    }
    case "checkbox": {
      if (field.options) {
        const values = field.options.map((o) => o.value);
        const arr = z.array(z.string().refine((v) => values.includes(v), msg.option));
        return z.preprocess(
          (v) => (typeof v === "string" ? [v] : v ?? []),
          required ? arr.min(1, msg.required) : arr,
        );
      }
      const bool = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());
      return required ? bool.refine((v) => v, msg.mustAccept) : bool;
    }
    case "codice_fiscale":
      return wrap(
        z
          .string({ error: msg.required })
          .transform(normalizeCodiceFiscale)
          .refine(isValidCodiceFiscale, msg.codiceFiscale),
      );
    case "file": {
      const arr = z.array(fileRefSchema).max(field.multiple ? 20 : 1, msg.tooManyFiles);
      return z.preprocess((v) => (v === undefined || v === null || v === "" ? [] : v), required ? arr.min(1, msg.fileRequired) : arr);
    }
  }
}

type Messages = (typeof formFieldTexts)["it"];

/** The zod schema of a form's data (whole form, or only some pages), shared by browser and server. */
export function buildFormSchema(def: { pages: FormPage[] }, opts: { pageIds?: string[]; lang?: Lang } = {}) {
  const msg = pick(formFieldTexts, opts.lang ?? "it");
  const pages = opts.pageIds ? def.pages.filter((p) => opts.pageIds?.includes(p.id)) : def.pages;
  const shape: Record<string, z.ZodType> = {};
  for (const page of pages) for (const field of pageFields(page)) shape[field.name] = fieldValueSchema(field, msg);
  return z.object(shape).strip();
}

/** Human-readable subject of a pratica from its service and data. */
export function summarizeFormData(def: { pages: FormPage[] }, data: Record<string, unknown>, lang: Lang = "it"): { label: string; value: string }[] {
  return allFields(def).map((f) => ({ label: f.label, value: displayFieldValue(f, data[f.name], lang) }));
}

/** A field's value as people read it: the option's label rather than its stored code, yes/no, file names. */
export function displayFieldValue(f: FormField, v: unknown, lang: Lang = "it"): string {
  const t = pick(formFieldTexts, lang);
  if (v === undefined || v === null || v === "") return "—";
  if (f.type === "file") return Array.isArray(v) ? v.map((x) => (x as FileRef).filename).join(", ") || "—" : "—";
  if (f.type === "checkbox" && !f.options) return v === true ? t.yes : t.no;
  if ((f.type === "select" || f.type === "radio") && typeof v === "string") return f.options.find((o) => o.value === v)?.label ?? v;
  if (f.type === "checkbox" && f.options && Array.isArray(v)) return v.map((x) => f.options?.find((o) => o.value === x)?.label ?? String(x)).join(", ");
  if (Array.isArray(v)) return v.map(String).join(", ");
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
