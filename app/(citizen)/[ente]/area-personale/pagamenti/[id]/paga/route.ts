import { z } from "zod";
import { getConfig } from "@/lib/config/env";
import { formObject } from "@/lib/edge/guard";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { DomainError } from "@/lib/errors";
import { checkoutResponse } from "@/lib/payments/handoff";
import { getPayment, startPaymentCheckout } from "@/lib/payments/workflow";

export const dynamic = "force-dynamic";

// A relative Location keeps the visitor on the host they used; the provider's checkout is absolute.
const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
const ritorno = z.enum(["pratica", "pagamenti"]).catch("pratica");

/**
 * "Paga online" (a plain form on the pratica's page and on the Pagamenti page): asks the workflow for the provider's
 * checkout and sends the browser there (303 on this site; a hand-off page to another site, lib/payments/handoff.ts). The provider sends the citizen back to the page the form was on
 * (an absolute URL of this site, built here: nothing of the request chooses where), with ?esito=ok|ko|annullato.
 * A refusal goes back to that page with its code (`pagamento-errore`), which the page shows from the catalogue.
 */
export const POST = browserRoute(
  {
    params: z.object({ ente: enteSlug, id: z.uuid() }),
    who: "citizen",
    notFound: "payments.not_found",
    onSignedOut: ({ ente }) => seeOther(`/${ente.slug}/accedi?next=${encodeURIComponent(`/${ente.slug}/area-personale/pagamenti`)}`),
    onError: (failure, status, { ente }) =>
      ente && status !== 404 ? seeOther(`/${ente.slug}/area-personale/pagamenti?pagamento-errore=${encodeURIComponent(failure.code)}`) : new Response(failure.error, { status }),
  },
  async ({ req, ctx, params, lang }) => {
    const form = await req.formData().catch(() => null);
    const back = ritorno.parse(form ? formObject(form).ritorno : undefined);
    const payment = await getPayment(ctx, params.id);
    const area = `/${ctx.ente.slug}/area-personale`;
    const page = back === "pratica" ? `${area}/pratiche/${payment.praticaId}` : `${area}/pagamenti`;
    try {
      const { redirectUrl } = await startPaymentCheckout(ctx, payment.id, { returnUrl: `${getConfig().appUrl}${page}` });
      return checkoutResponse(redirectUrl, getConfig().appUrl, lang);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return seeOther(`${page}?pagamento-errore=${encodeURIComponent(err.code)}`);
    }
  },
);
