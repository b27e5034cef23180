import { z } from "zod";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { paymentNoticePdf } from "@/lib/payments/workflow";
import { contentDisposition } from "@/lib/security/headers";

export const dynamic = "force-dynamic";

/** The printable pagoPA notice (PDF) of one of the citizen's payments, to pay at a bank, post office, shop or app. */
export const GET = browserRoute(
  {
    params: z.object({ ente: enteSlug, id: z.uuid() }),
    who: "citizen",
    notFound: "payments.not_found",
    onSignedOut: ({ ente }) => new Response(null, { status: 303, headers: { Location: `/${ente.slug}/accedi?next=${encodeURIComponent(`/${ente.slug}/area-personale/pagamenti`)}` } }),
    onError: (failure, status) => new Response(failure.error, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } }),
  },
  async ({ ctx, params, lang }) => {
    const { filename, pdf } = await paymentNoticePdf(ctx, params.id, lang);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Length": String(pdf.length),
        "Content-Disposition": contentDisposition("attachment", filename),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  },
);
