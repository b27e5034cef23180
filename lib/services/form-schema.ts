import { z } from "zod";
import { pick, type Lang } from "@/lib/i18n";
import { formFieldTexts } from "@/lib/i18n/form-fields";
import { isValidCodiceFiscale, normalizeCodiceFiscale } from "./codice-fiscale";

/**
 * Stanza form definition format (documented in docs/forms.md). A form is a list of pages; a page holds
 * fields and fieldsets. The same definition drives the browser form, the server's validation (the
 * authority) and the API's validation of `offline/create`.
 */
const optionSchema = z.object({ value: z.string().min(1).max(200), label: z.string().min(1).max(500) });

const prefillSchema = z.enum(["name", "givenName", "familyName", "email", "phone", "codiceFiscale"]);

const baseField = {
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, "letters, digits and _; starts with a letter"),
  label: z.string().min(1).max(500),
  help: z.string().max(2000).optional(),
  required: z.boolean().default(false),
  prefill: prefillSchema.optional(),
};

export const fieldSchema = z.discriminatedUnion("type", [
  z.object({ ...baseField, type: z.literal("text"), minLength: z.number().int().min(0).optional(), maxLength: z.number().int().min(1).max(10_000).optional(), pattern: z.string().max(500).optional() }),
  z.object({ ...baseField, type: z.literal("textarea"), minLength: z.number().int().min(0).optional(), maxLength: z.number().int().min(1).max(100_000).optional() }),
  z.object({ ...baseField, type: z.literal("email") }),
  z.object({ ...baseField, type: z.literal("phone") }),
  z.object({ ...baseField, type: z.literal("number"), min: z.number().optional(), max: z.number().optional(), integer: z.boolean().optional() }),
  z.object({ ...baseField, type: z.literal("date"), min: z.iso.date().optional(), max: z.iso.date().optional() }),
  z.object({ ...baseField, type: z.literal("select"), options: z.array(optionSchema).min(1) }),
  z.object({ ...baseField, type: z.literal("radio"), options: z.array(optionSchema).min(1) }),
  /** A single checkbox (a declaration) or, with options, a multiple choice. */
  z.object({ ...baseField, type: z.literal("checkbox"), options: z.array(optionSchema).optional() }),
  z.object({ ...baseField, type: z.literal("codice_fiscale") }),
  z.object({
    ...baseField,
    type: z.literal("file"),
    accept: z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/)).min(1).default(["application/pdf", "image/jpeg", "image/png"]),
    maxSizeMb: z.number().positive().max(50).default(10),
    multiple: z.boolean().default(false),
  }),
]);
export type FormField = z.infer<typeof fieldSchema>;

export const fieldsetSchema = z.object({
  type: z.literal("fieldset"),
  id: z.string().min(1).max(64),
  legend: z.string().min(1).max(500),
  fields: z.array(fieldSchema).min(1),
});
export type FormFieldset = z.infer<typeof fieldsetSchema>;

/** A form page's id, also the key of the service's text for that step. */
export const pageIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/);

export const pageSchema = z.object({
  id: pageIdSchema,
  title: z.string().min(1).max(300),
  description: z.string().max(5000).optional(),
  items: z.array(z.union([fieldsetSchema, fieldSchema])).min(1),
});
export type FormPage = z.infer<typeof pageSchema>;

export const formDefinitionSchema = z
  .object({ pages: z.array(pageSchema).min(1).max(30) })
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    for (const field of allFields(def)) {
      if (seen.has(field.name)) ctx.addIssue({ code: "custom", message: "form.duplicate_field", params: { name: field.name } });
      seen.add(field.name);
    }
  });
export type FormDefinition = z.infer<typeof formDefinitionSchema>;

export function allFields(def: { pages: FormPage[] }): FormField[] {
  return def.pages.flatMap((p) => p.items.flatMap((item) => (item.type === "fieldset" ? item.fields : [item])));
}

export function pageFields(page: FormPage): FormField[] {
  return page.items.flatMap((item) => (item.type === "fieldset" ? item.fields : [item]));
}

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
  const t = pick(formFieldTexts, lang);
  return allFields(def).map((f) => {
    const v = data[f.name];
    let value: string;
    if (v === undefined || v === null || v === "") value = "—";
    else if (f.type === "file") value = Array.isArray(v) ? v.map((x) => (x as FileRef).filename).join(", ") || "—" : "—";
    else if (f.type === "checkbox" && !f.options) value = v === true ? t.yes : t.no;
    else if ((f.type === "select" || f.type === "radio") && typeof v === "string") value = f.options.find((o) => o.value === v)?.label ?? v;
    else if (f.type === "checkbox" && f.options && Array.isArray(v)) value = v.map((x) => f.options?.find((o) => o.value === x)?.label ?? String(x)).join(", ");
    else value = String(v);
    return { label: f.label, value };
  });
}
