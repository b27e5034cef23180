import type { Lang } from "@/lib/i18n";
import { z } from "zod";
import { allFields, pageSchema, summarizeFormData, type FormPage } from "./form-schema";

export const OPERATOR_STEPS_MAX_PAGES = 10;

/**
 * The service-specific steps of the operator's Elabora wizard: pages in the same format as the citizen's form
 * (docs/forms.md), shown before the generic decision steps. Field names are unique across the steps, and file
 * fields are not allowed (the operator's only file is the response file of the generic step).
 */
export const operatorStepsSchema = z
  .array(pageSchema, { error: "operator_steps.not_array" })
  .max(OPERATOR_STEPS_MAX_PAGES, `Al massimo ${OPERATOR_STEPS_MAX_PAGES} step`)
  .superRefine((pages, ctx) => {
    const pageIds = new Set<string>();
    pages.forEach((p, i) => {
      if (pageIds.has(p.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: "operator_steps.duplicate_id", params: { id: p.id } });
      pageIds.add(p.id);
    });
    const names = new Set<string>();
    for (const f of allFields({ pages })) {
      if (names.has(f.name)) ctx.addIssue({ code: "custom", message: "operator_steps.duplicate_name", params: { name: f.name } });
      names.add(f.name);
      if (f.type === "file") ctx.addIssue({ code: "custom", message: "operator_steps.file_field", params: { name: f.name } });
    }
  });

export type OperatorSteps = z.infer<typeof operatorStepsSchema>;

/** The operator's answers as label/value rows, one group per step (summary, esito PDF). */
export function summarizeOperatorData(steps: FormPage[], data: Record<string, unknown>, lang: Lang = "it"): { title: string; rows: { label: string; value: string }[] }[] {
  return steps.map((page) => ({ title: page.title, rows: summarizeFormData({ pages: [page] }, data, lang) }));
}
