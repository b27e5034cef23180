import { z } from "zod";
import { cleanAuditFilter, exportAuditCsv } from "@/lib/admin/audit";
import { requireStaff } from "@/lib/auth/session";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { csvResponse } from "@/lib/format/csv";
import { dateKey } from "@/lib/time/wall-clock";

/** The filtered audit log as a CSV download: admins of the ente; others are sent on like on the admin pages. */
export const GET = browserRoute({ params: z.object({ ente: enteSlug }), who: "public" }, async ({ url, params }) => {
  const { ctx, ente } = await requireStaff(params.ente, "admin");
  const filter = cleanAuditFilter(Object.fromEntries(url.searchParams.entries()));
  delete filter.before;
  const csv = await exportAuditCsv(ctx, filter);
  const day = dateKey(new Date(), ente.timezone);
  return csvResponse(csv, `registro-${ente.slug}-${day}.csv`);
});
