import { z } from "zod";
import { getConfig } from "@/lib/config/env";
import { formObject } from "@/lib/edge/guard";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { DEMO_OUTCOMES } from "@/lib/payments/demo-provider";
import { parseDemoRef } from "@/lib/payments/demo-ref";
import { NotFoundError } from "@/lib/errors";
import { completeDemoCheckout } from "@/lib/payments/demo-checkout";

export const dynamic = "force-dynamic";

/**
 * The demo checkout's outcome (demo mode only): pay, fail or cancel the position, then 303 to the return page the
 * provider was given (the citizen's pratica or Pagamenti page, with ?esito=…). Like a real checkout, it needs no
 * sign-in of this site: the position's reference is what it acts on.
 */
export const POST = browserRoute(
  { params: z.object({ ente: enteSlug, ref: z.string().transform((r, c) => parseDemoRef(r) ?? (c.addIssue({ code: "custom", message: "ref" }), z.NEVER)) }), who: "public", notFound: "payments.not_found" },
  async ({ req, db, ente, params }) => {
    if (!getConfig().demoMode) throw new NotFoundError("page.not_found");
    const form = await req.formData().catch(() => null);
    const outcome = z.enum(DEMO_OUTCOMES).parse(form ? formObject(form).esito : undefined);
    const { redirectUrl } = await completeDemoCheckout(db, ente, params.ref, outcome);
    return new Response(null, { status: 303, headers: { Location: redirectUrl, "Cache-Control": "no-store" } });
  },
);
