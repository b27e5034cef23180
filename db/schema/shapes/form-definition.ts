import { z } from "zod";

/**
 * Stanza form definition format (documented in docs/forms.md). A form is a list of pages; a page holds
 * fields and fieldsets. The same definition drives the browser form, the server's validation (the
 * authority) and the API's validation of `offline/create`. It is the shape of `services.form_definition` and
 * `services.operator_steps`, so it lives here with the table; the domain re-exports it from lib/services/form-schema.ts.
 */
const optionSchema = z.object({ value: z.string().min(1).max(200), label: z.string().min(1).max(500) });

const prefillSchema = z.enum(["name", "givenName", "familyName", "email", "phone", "codiceFiscale"]);

const baseField = {
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, "form.field_name" /* a code of lib/i18n/errors.ts */),
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
      if (seen.has(field.name)) ctx.addIssue({ code: "custom", message: "form.duplicate_field", params: { name: field.name } }); // a code of lib/i18n/errors.ts
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
