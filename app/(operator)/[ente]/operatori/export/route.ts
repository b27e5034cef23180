import { z } from "zod";
import { exportDashboardCsv } from "@/lib/backoffice/export";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { csvResponse, csvStream } from "@/lib/format/csv";
import { dateKey } from "@/lib/time/wall-clock";

export const dynamic = "force-dynamic";

/** CSV of the dashboard's current view (same tab, search and sort), streamed out in chunks. */
export const GET = browserRoute({ params: z.object({ ente: enteSlug }), who: "operator" }, async ({ url, ctx, lang }) => {
  const input = Object.fromEntries(url.searchParams);
  const { lines } = await exportDashboardCsv(ctx, input, lang);
  const date = dateKey(new Date(), ctx.ente.timezone);
  const tab = /^[a-z-]{1,20}$/.test(input.tab ?? "") ? input.tab : "pratiche";
  return csvResponse(csvStream(lines), `pratiche-${tab}-${date}.csv`);
});
