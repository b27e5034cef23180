import { PermanentDeliveryError } from "./errors";
import { signWebhook } from "./sign";

export type PostResult = { status: number; body: string };

/**
 * POSTs a signed JSON body to a partner. 2xx is delivered; 408/429/5xx and network errors are retried;
 * any other 4xx means the partner refuses this request as it is (dead letter, an admin may retry it).
 * `deliveryId` (the outbox row id) is sent as X-Stanza-Delivery so the partner can drop a duplicate.
 */
export async function postSigned(url: string, secret: string, payload: unknown, deliveryId: string, event: string, now: Date): Promise<PostResult> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Stanza-Webhook/1.0",
      "x-stanza-event": event,
      "x-stanza-delivery": deliveryId,
      "x-stanza-signature": signWebhook(secret, body, now),
    },
    body,
    signal: AbortSignal.timeout(30_000),
    redirect: "manual",
  });
  const text = (await res.text().catch(() => "")).slice(0, 2000);
  if (res.status >= 200 && res.status < 300) return { status: res.status, body: text };
  const message = `HTTP ${res.status} ${text.slice(0, 300)}`.trim();
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentDeliveryError(message);
  throw new Error(message);
}
