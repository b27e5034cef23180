import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { outbox, pratiche, services, type OutboxRow } from "@/db/schema";
import { ioMessage } from "@/lib/channels/content";
import { fallbacksOf, handOver } from "@/lib/channels/hand-over";
import type { NoticeContent, PrepareNotice } from "@/lib/channels/types";
import { MAX_FAILURES } from "@/lib/outbox/backoff";
import { PermanentDeliveryError } from "@/lib/outbox/errors";
import type { Outcome } from "@/lib/outbox/record";
import { createIoClient, IO_FISCAL_CODE, type IoMessageContent, type IoNewMessage } from "./client";
import { ioKeyOf } from "./keys";
import { createKeyRateLimiter, type KeyRateLimiter } from "./rate-limit";

export type IoEnv = {
  db: DbOrTx;
  prepareNotice: PrepareNotice;
  /** IO_API_URL (getConfig().ioApiUrl): production, or a local fake in tests and the demo. */
  ioApiUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  limiter?: KeyRateLimiter;
};

/** A 429 without Retry-After waits this long; one with it, at least 1 s and at most an hour. */
const DEFAULT_RETRY_AFTER_MS = 30_000;
const MIN_RETRY_AFTER_MS = 1_000;
const MAX_RETRY_AFTER_MS = 3_600_000;
/** Past this, a wait for the local rate limit defers the row instead of holding a lane. */
const MAX_INLINE_WAIT_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What IO's MessageContent gets from a notice: subject and markdown within its limits, the due date, the payment. */
export function ioContentOf(content: NoticeContent): IoMessageContent {
  const out: IoMessageContent = ioMessage(content);
  const due = content.dueDate ?? content.payment?.dueDate ?? null;
  if (due && !Number.isNaN(due.getTime())) out.due_date = due.toISOString();
  const p = content.payment;
  // Only what IO takes (a pagoPA notice number, an amount in cents) becomes "pay in the app"; the rest stays in the text.
  if (p && Number.isInteger(p.amountCents) && p.amountCents >= 1 && /^[0123][0-9]{17}$/.test(p.noticeNumber)) {
    out.payment_data = { amount: p.amountCents, notice_number: p.noticeNumber, invalid_after_due_date: false };
    if (p.payeeFiscalCode && /^[0-9]{11}$/.test(p.payeeFiscalCode)) out.payment_data.payee = { fiscal_code: p.payeeFiscalCode };
  }
  return out;
}

/**
 * The outbox handler of topic "io": words the notice (prepareNotice), checks with IO that this service may write to
 * the citizen, and submits the message. IO's refusals (no IO profile, the service blocked, no key, no codice
 * fiscale, an answer IO does not document) hand the notice over to the row's next channel; a 429 defers the row
 * until IO's Retry-After (not a failure); 5xx, timeouts and network errors are failures the worker retries with its
 * backoff, except the one that would be the last: that one hands over rather than leaving the notice dead.
 *
 * Duplicates: IO's API has no idempotency key (each submission gets a new id). IO's id is written to the row's
 * payload (`ioMessageId`) in its own statement as soon as IO accepts, and a row that has one is not submitted again;
 * what remains is a crash between IO's 201 and that one-row update.
 */
export function createIoHandler(env: IoEnv) {
  const client = createIoClient({ baseUrl: env.ioApiUrl, fetch: env.fetch, timeoutMs: env.timeoutMs });
  const limiter = env.limiter ?? createKeyRateLimiter();

  const refuse = async (row: OutboxRow, reason: string): Promise<Outcome> =>
    (await handOver(env.db, row, fallbacksOf(row), reason)) ?? { status: "skipped", detail: `App IO: ${reason}; nessun altro canale` };

  /** A failure worth retrying; on what would be the last one, the next channel instead. */
  const transient = async (row: OutboxRow, detail: string): Promise<Outcome> => {
    if (row.attempts + 1 >= MAX_FAILURES) return refuse(row, `IO non disponibile dopo ${row.attempts + 1} tentativi (${detail})`);
    throw new Error(`App IO: ${detail}`);
  };

  const deferFor = (now: Date, retryAfterMs: number | null, detail: string): Outcome => {
    const wait = Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, retryAfterMs ?? DEFAULT_RETRY_AFTER_MS));
    return { status: "deferred", until: new Date(now.getTime() + wait), detail: `App IO: troppe richieste, nuovo tentativo tra ${Math.ceil(wait / 1000)} s (${detail})` };
  };

  return async (row: OutboxRow, now: Date): Promise<Outcome> => {
    const accepted = row.payload.ioMessageId;
    if (typeof accepted === "string" && accepted) return { status: "sent", detail: `App IO: messaggio ${accepted} (già accettato da IO)` };

    const prepared = await env.prepareNotice(row, now);
    if ("status" in prepared) return prepared;
    const content = prepared;

    const fiscalCode = content.recipient.codiceFiscale?.trim().toUpperCase() ?? "";
    if (!IO_FISCAL_CODE.test(fiscalCode)) return refuse(row, "il cittadino non ha un codice fiscale valido");
    if (!content.recipient.ioEnabled) return refuse(row, "il cittadino ha disattivato IO nel profilo");

    const [service] = await env.db
      .select({ id: services.id, ioApiKeyEnc: services.ioApiKeyEnc })
      .from(pratiche)
      .innerJoin(services, and(eq(services.id, pratiche.serviceId), eq(services.enteId, pratiche.enteId)))
      .where(and(eq(pratiche.id, content.praticaId), eq(pratiche.enteId, row.enteId)));
    if (!service) throw new PermanentDeliveryError("pratica o servizio inesistente");
    const key = ioKeyOf(service);
    if (!key) return refuse(row, "il servizio non ha una chiave IO valida");

    const wait = limiter.take(key, 2);
    if (wait > MAX_INLINE_WAIT_MS) {
      limiter.giveBack(key, 2);
      return { status: "deferred", until: new Date(now.getTime() + wait), detail: "App IO: limite di richieste della chiave, invio rimandato" };
    }
    if (wait > 0) await sleep(wait);

    const profile = await client.checkProfile(key, fiscalCode);
    switch (profile.kind) {
      case "ok":
        break;
      case "rate_limited":
        return deferFor(now, profile.retryAfterMs, profile.detail);
      case "transient":
        return transient(row, profile.detail);
      default:
        return refuse(row, profile.detail);
    }

    const message: IoNewMessage = { fiscal_code: fiscalCode, content: ioContentOf(content) };
    const sent = await client.submitMessage(key, message);
    switch (sent.kind) {
      case "ok":
        break;
      case "rate_limited":
        return deferFor(now, sent.retryAfterMs, sent.detail);
      case "transient":
        return transient(row, sent.detail);
      default:
        return refuse(row, sent.detail);
    }
    // Sent whatever happens to this write: a failure thrown from here would be retried, and submitted again.
    await env.db
      .update(outbox)
      .set({ payload: sql`${outbox.payload} || ${JSON.stringify({ ioMessageId: sent.value.id })}::jsonb` })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, "processing")))
      .catch(() => undefined);
    return { status: "sent", detail: `App IO: messaggio ${sent.value.id}` };
  };
}
