import { NextResponse } from "next/server";
import { ZodError, z } from "zod";
import { clientAddress } from "@/lib/auth/client-address";
import { getConfig } from "@/lib/config/env";
import { toFailure } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { DomainError } from "@/lib/errors";
import { PAGE_KEY } from "@/lib/feedback/answers";
import { FEEDBACK_COOKIE, FEEDBACK_FLASH_SECONDS, backPath, encodeFlash, feedbackOutcome, type FeedbackOutcome } from "@/lib/feedback/flash";
import { feedbackClientKey, submitFeedback } from "@/lib/feedback/submit";

export const dynamic = "force-dynamic";

/**
 * The rating component's form (components/portal/feedback.tsx) posts here, signed in or not. The answer is always
 * a 303 back to the page it came from, at the component, with the outcome in a short-lived cookie: thanks, or
 * which input was refused. A refusal never leaves the citizen on an error page.
 */
export const POST = browserRoute({ params: z.object({ ente: enteSlug }), who: "public" }, async ({ req, db, ente, lang }) => {
  const form = await req.formData().catch(() => null);
  const raw = form ? formObject(form) : {};
  const back = backPath(ente.slug, raw.back);
  const page = typeof raw.page === "string" && PAGE_KEY.test(raw.page) ? raw.page : "";
  let outcome: FeedbackOutcome = "ok";
  try {
    const config = getConfig();
    const address = clientAddress(req.headers, config.trustProxy);
    await submitFeedback(db, ente, raw, { lang, clientKey: address ? feedbackClientKey(config.authSecret, ente.id, address) : null });
  } catch (err) {
    if (!(err instanceof DomainError || err instanceof ZodError)) throw err;
    outcome = feedbackOutcome(toFailure(err, lang).failure);
  }
  // A relative Location keeps the visitor on the host they used (behind a proxy too).
  const response = new NextResponse(null, { status: 303, headers: { Location: `${back}#valutazione`, "Cache-Control": "no-store" } });
  response.cookies.set(FEEDBACK_COOKIE, encodeFlash(outcome, page), { path: `/${ente.slug}`, maxAge: FEEDBACK_FLASH_SECONDS, httpOnly: true, sameSite: "lax" });
  return response;
});
