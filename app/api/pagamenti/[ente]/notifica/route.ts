import { providerCallbackRoute } from "@/lib/edge/routes";
import { handlePaymentCallback } from "@/lib/payments/events";

/**
 * A payment provider's outcome notification (the pagoPA intermediary's, or the demo provider's): checked against the
 * ente's provider (HMAC signature and age), matched to its payment, applied exactly once (lib/payments/events.ts).
 * 200 applied/ignored/duplicate, 400 malformed, 401 bad signature or stale, 404 unknown position, 422 amount mismatch.
 */
export const POST = providerCallbackRoute(async ({ req, enteSlug, rawBody, db }) => handlePaymentCallback(db, enteSlug, req.headers, rawBody));
