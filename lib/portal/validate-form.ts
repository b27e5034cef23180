import { buildFormSchema, type FormPage } from "@/lib/services/form-schema";

export type FieldErrors = Record<string, string>;

/**
 * Validates form values with the shared schema (the same one the server applies at submission) and returns the
 * first message per field. Used by the browser for each step and by the server for the summary page.
 */
export function validateForm(
  definition: { pages: FormPage[] },
  values: Record<string, unknown>,
  opts: { pageId?: string; lang?: "it" | "en" } = {},
): { ok: true; data: Record<string, unknown> } | { ok: false; errors: FieldErrors } {
  const schema = buildFormSchema(definition, { pageIds: opts.pageId ? [opts.pageId] : undefined, lang: opts.lang });
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data as Record<string, unknown> };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? "");
    if (name && !errors[name]) errors[name] = issue.message;
  }
  return { ok: false, errors };
}
