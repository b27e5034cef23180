import { z } from "zod";
import { requireStaff } from "@/lib/auth/session";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { csvResponse } from "@/lib/format/csv";
import { cleanPaymentFilter, exportPaymentsCsv } from "@/lib/payments/admin-list";
import { dateKey } from "@/lib/time/wall-clock";

/** The filtered payments for the accounts office, as CSV: admins of the ente; others are sent on like on the admin pages. */
export const GET = browserRoute({ params: z.object({ ente: enteSlug }), who: "public" }, async ({ url, params }) => {
  const { ctx, ente } = await requireStaff(params.ente, "admin");
  const filter = cleanPaymentFilter(Object.fromEntries(url.searchParams.entries()));
  delete filter.page;
  const csv = await exportPaymentsCsv(ctx, filter);
  return csvResponse(csv, `pagamenti-${ente.slug}-${dateKey(new Date(), ente.timezone)}.csv`);
});
