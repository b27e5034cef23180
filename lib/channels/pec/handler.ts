import { and, eq, isNull } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import nodemailer, { type Transporter } from "nodemailer";
import type { DbOrTx } from "@/db/client";
import { pecMessages, type EntePecSettings, type OutboxRow } from "@/db/schema";
import { fallbacksOf, handOver } from "@/lib/channels/hand-over";
import type { NoticeContent, PrepareNotice } from "@/lib/channels/types";
import { senderFor } from "@/lib/notifications/mailer";
import { renderEmail } from "@/lib/notifications/render";
import { MAX_FAILURES } from "@/lib/outbox/backoff";
import { describeError, isPermanent, PermanentDeliveryError } from "@/lib/outbox/errors";
import type { Outcome } from "@/lib/outbox/record";
import { loadPecSettings, smtpOptionsOf } from "./settings";

export type PecEnv = {
  db: DbOrTx;
  /** Reads and words the notice (the routing's createPrepareNotice); absent: nothing can be sent. */
  prepareNotice?: PrepareNotice;
  /** How many enti's SMTP transports one process keeps open (least recently used closed first). */
  maxTransports?: number;
};

/** A PEC's Message-ID: the same for the same row, so a send repeated after a crash carries the same id. */
export function pecMessageIdFor(outboxId: string, pecAddress: string): string {
  const domain = /@([A-Za-z0-9.-]+)$/.exec(pecAddress.trim())?.[1] ?? "pec.stanza.localhost";
  return `<pec-${outboxId}@${domain}>`;
}

/**
 * The outbox handler of topic "pec": the notice as an email, sent through the ente's PEC provider (its own SMTP and
 * credentials) from the ente's PEC address to the citizen's digital domicile, then recorded in `pec_messages` to
 * wait for its receipts (lib/channels/pec/receipts.ts). No PEC set up, no digital domicile, or a refusal by the
 * provider (5xx) hands the notice over to the row's fallback; anything else is thrown and retried by the worker.
 */
export function createPecHandler(env: PecEnv) {
  // One pooled transport per ente, rebuilt when its settings change (updatedAt), closed when evicted.
  const transports = new LRUCache<string, { stamp: number; transport: Transporter }>({
    max: env.maxTransports ?? 50,
    dispose: (v) => v.transport.close(),
  });
  const transportFor = (s: EntePecSettings): Transporter => {
    const hit = transports.get(s.enteId);
    if (hit && hit.stamp === s.updatedAt.getTime()) return hit.transport;
    const transport = nodemailer.createTransport({ ...smtpOptionsOf(s), pool: true, maxConnections: 2, maxMessages: 100 });
    transports.set(s.enteId, { stamp: s.updatedAt.getTime(), transport });
    return transport;
  };

  const fallback = async (row: OutboxRow, reason: string): Promise<Outcome> => {
    const routed = await handOver(env.db, row, fallbacksOf(row), reason);
    if (routed) return routed;
    // No channel left: the notice stays in the personal area; a dead row is what the admins see.
    throw new PermanentDeliveryError(`${reason}; nessun altro canale disponibile`);
  };

  const handler = async (row: OutboxRow, now: Date): Promise<Outcome> => {
    if (!env.prepareNotice) throw new PermanentDeliveryError("canale PEC non collegato (prepareNotice mancante)");
    const prepared = await env.prepareNotice(row, now);
    if (isOutcome(prepared)) return prepared;
    const content: NoticeContent = prepared;
    const to = content.recipient.pecAddress?.trim();
    if (!to) return fallback(row, "il cittadino non ha un domicilio digitale (PEC)");
    const settings = await loadPecSettings(env.db, row.enteId);
    if (!settings) return fallback(row, "l'ente non ha configurato il fornitore PEC");

    const messageId = pecMessageIdFor(row.id, settings.address);
    // Written before the send: a receipt can come back before the send returns, and must find its message.
    await env.db
      .insert(pecMessages)
      .values({ outboxId: row.id, enteId: row.enteId, messageId, toAddress: to, state: "sent", sentAt: now })
      .onConflictDoUpdate({ target: pecMessages.outboxId, set: { toAddress: to, sentAt: now } });

    const { html, text } = await renderEmail(content.kind, content.email.model);
    let answer: string;
    try {
      const info = (await transportFor(settings).sendMail({
        messageId,
        from: senderFor(content.ente.name, settings.address),
        to,
        subject: content.email.subject,
        html,
        text,
        attachments: content.email.attachments,
        headers: { "X-Stanza-Delivery": row.id, "Auto-Submitted": "auto-generated" },
      })) as { response: string; rejected: unknown[] };
      if (info.rejected.length > 0) throw Object.assign(new Error(`rifiutato: ${to}`), { responseCode: 550, response: info.response });
      answer = info.response;
    } catch (err) {
      if (!isPermanent(err)) {
        // Worth retrying; but the last try hands over rather than leaving the notice dead (as IO and email do).
        if (row.attempts + 1 < MAX_FAILURES || fallbacksOf(row).length === 0) throw err;
        const reason = `fornitore PEC non raggiungibile dopo ${row.attempts + 1} tentativi: ${describeError(err)}`.slice(0, 300);
        await markRefused(env.db, row.id, reason, now);
        return fallback(row, reason);
      }
      const reason = `il fornitore PEC ha rifiutato il messaggio: ${describeError(err)}`.slice(0, 300);
      await markRefused(env.db, row.id, reason, now);
      return fallback(row, reason);
    }
    return { status: "sent", detail: `PEC a ${to} — in attesa delle ricevute (${answer})` };
  };
  handler.close = () => transports.clear();
  return handler;
}

function isOutcome(v: NoticeContent | Outcome): v is Outcome {
  return "status" in v && !("recipient" in v);
}

async function markRefused(db: DbOrTx, outboxId: string, error: string, now: Date) {
  // Not over a receipt: a try that timed out may have left after all, and its provider's word stands.
  await db
    .update(pecMessages)
    .set({ state: "undelivered", undeliveredAt: now, error })
    .where(and(eq(pecMessages.outboxId, outboxId), isNull(pecMessages.acceptedAt), isNull(pecMessages.deliveredAt)));
}
