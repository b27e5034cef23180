import type { Ctx } from "@/lib/context";
import { pick } from "@/lib/i18n";
import { backoffice } from "@/lib/i18n/backoffice";
import { praticaNumber } from "@/lib/pratiche/number";
import { statusLabel } from "@/lib/workflow/states";
import { assertCleanFields } from "@/lib/edge/text";
import { csvLine } from "@/lib/format/csv";
import { dashboardPageQuery, dashboardQuerySchema } from "./dashboard";
import { enabledServices, requireOperator } from "./scope";

/** The CSV export stops here; a bigger extraction is a job for the API, not a browser download. */
export const EXPORT_CAP = 50_000;

/**
 * The dashboard's current view (tab, search, sort) as CSV lines, header first, up to EXPORT_CAP rows: the same
 * query as the page, with a bigger limit, written by `lib/format/csv`.
 */
export async function exportDashboardCsv(ctx: Ctx, input: Record<string, unknown>, lang: "it" | "en" = "it"): Promise<{ lines: string[]; truncated: boolean }> {
  const userId = requireOperator(ctx);
  assertCleanFields({ q: input.q });
  const query = dashboardQuerySchema.parse({ ...input, page: 1 });
  const serviceIds = (await enabledServices(ctx)).map((s) => s.id);
  const h = pick(backoffice, lang).csv;
  const header = [h.number, h.id, h.service, h.applicant, h.status, h.statusCode, h.submitted, h.updated];
  if (serviceIds.length === 0) return { lines: [csvLine(header)], truncated: false };
  const rows = await dashboardPageQuery(ctx, userId, serviceIds, { ...query, pageSize: EXPORT_CAP + 1 });
  const lines = [csvLine(header)];
  for (const r of rows.slice(0, EXPORT_CAP)) {
    lines.push(csvLine([praticaNumber(r), r.id, r.subject, r.applicantName, statusLabel(r.status, lang), r.status, r.submittedAt, r.updatedAt]));
  }
  return { lines, truncated: rows.length > EXPORT_CAP };
}
