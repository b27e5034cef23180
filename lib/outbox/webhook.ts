import type { DbOrTx } from "@/db/client";
import type { OutboxRow } from "@/db/schema";
import { deliverWebhook } from "@/lib/api/webhooks";
import { countWebhookFailure, type WebhookFailureReason } from "@/lib/ops/metrics";
import { PermanentDeliveryError } from "./errors";
import type { Outcome } from "./record";

/**
 * Handler of topic "webhook": delivery itself is the partner API's `deliverWebhook` (body, signature, timeout;
 * no form data: the partner asks the API). Here its answer becomes the worker's outcome: 2xx sent; nobody left to
 * deliver to, cancelled; a refusal that retrying cannot change (other 4xx, no secret), dead at once; the rest retried.
 */
export function createWebhookHandler(env: { db: DbOrTx; appUrl: string }) {
  return async (row: OutboxRow, now: Date): Promise<Outcome> => {
    const r = await deliverWebhook(env.db, row, { now, appUrl: env.appUrl });
    if (r.ok) return { status: "sent", detail: r.detail };
    if (r.gone) return { status: "cancelled", detail: r.detail };
    countWebhookFailure(failureReason(r));
    if (r.permanent || (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429)) throw new PermanentDeliveryError(r.detail);
    throw new Error(r.detail);
  };
}

/** Why a delivery failed, in a few fixed words (the metric's label). */
function failureReason(r: { status: number; permanent?: boolean; detail: string }): WebhookFailureReason {
  if (r.status >= 500) return "http_5xx";
  if (r.status >= 400) return "http_4xx";
  if (r.status >= 300) return "http_3xx";
  if (r.permanent) return "config";
  return r.detail.startsWith("nessuna risposta") ? "timeout" : "network";
}
