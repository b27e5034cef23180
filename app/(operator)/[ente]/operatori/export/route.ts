import { z } from "zod";
import { exportDashboardCsv } from "@/lib/backoffice/export";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";

export const dynamic = "force-dynamic";

/** CSV of the dashboard's current view (same tab, search and sort), streamed out in chunks. */
export const GET = browserRoute({ params: z.object({ ente: enteSlug }), who: "operator" }, async ({ url, ctx, lang }) => {
  const input = Object.fromEntries(url.searchParams);
  const { lines } = await exportDashboardCsv(ctx, input, lang);
  const encoder = new TextEncoder();
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("\uFEFF"));
    },
    pull(controller) {
      if (i >= lines.length) return controller.close();
      controller.enqueue(encoder.encode(lines.slice(i, i + 1000).join("\r\n") + "\r\n"));
      i += 1000;
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  const tab = /^[a-z-]{1,20}$/.test(input.tab ?? "") ? input.tab : "pratiche";
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="pratiche-${tab}-${date}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
});
