import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deliveryAttempts, entePecSettings, memberships, outbox, pecMessages, users, type EntePecSettings, type PecMessage } from "@/db/schema";
import { fallbacksOf, handOver } from "@/lib/channels/hand-over";
import { enqueue } from "@/lib/outbox/enqueue";
import { describeError } from "@/lib/outbox/errors";
import { parseReceipt, type PecReceipt } from "./daticert";
import { imapClientOf, imapError } from "./settings";

/** At most this many messages per mailbox per poll (the rest on the next): a poll's memory and time stay bounded. */
export const MAX_MESSAGES_PER_POLL = 200;
/** A receipt is small (a complete delivery receipt carries our notice, which has no attachments): larger is not one. */
export const MAX_RECEIPT_BYTES = 2 * 1024 * 1024;
/** Messages downloaded together: at most this many receipts' worth of memory at once. */
const FETCH_CHUNK = 20;

export type PollResult = { enteId: string; read: number; applied: number; ignored: number; error: string | null };

type Log = (msg: string, err?: unknown) => void;

/**
 * Reads the receipts of every ente with a PEC provider. Each mailbox is claimed by moving its lastPolledAt, so of
 * several workers only one reads it per interval; one ente's failing mailbox never stops the others.
 */
export async function pollAllPecMailboxes(db: DbOrTx, now: Date, opts: { everyMs: number; log?: Log }): Promise<PollResult[]> {
  const due = new Date(now.getTime() - Math.max(0, opts.everyMs - 500));
  const claimed = await db
    .update(entePecSettings)
    .set({ lastPolledAt: now })
    .where(or(isNull(entePecSettings.lastPolledAt), lt(entePecSettings.lastPolledAt, due)))
    .returning();
  const out: PollResult[] = [];
  for (const settings of claimed) out.push(await pollPecMailbox(db, settings, now, opts.log));
  return out;
}

/**
 * Reads an ente's mailbox from the last UID read (a new UIDVALIDITY starts again from the first), applies each
 * receipt to this ente's PEC messages and records the poll's outcome. Never throws: the error is the admin's to see.
 */
export async function pollPecMailbox(db: DbOrTx, settings: EntePecSettings, now: Date, log: Log = () => {}): Promise<PollResult> {
  const result: PollResult = { enteId: settings.enteId, read: 0, applied: 0, ignored: 0, error: null };
  let client: Awaited<ReturnType<typeof imapClientOf>> | undefined;
  let uidValidity = settings.imapUidValidity;
  let lastUid = settings.imapLastUid ?? 0;
  try {
    client = await imapClientOf(settings);
    client.on("error", (err: unknown) => log("PEC mailbox connection error", err));
    await client.connect();
    const lock = await client.getMailboxLock(settings.imapMailbox, { readOnly: true });
    try {
      const mailbox = client.mailbox;
      const validity = mailbox ? String(mailbox.uidValidity) : null;
      if (validity !== uidValidity) {
        // Another mailbox, or the server renumbered it: read it all again (applying a receipt twice changes nothing).
        uidValidity = validity;
        lastUid = 0;
      }
      const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
      const uids = found.filter((u) => u > lastUid).sort((a, b) => a - b).slice(0, MAX_MESSAGES_PER_POLL);
      // Sizes first: the ente's PEC address also receives citizens' PECs with their attachments (up to tens of MB
      // each); only what can be a receipt is downloaded, a chunk at a time, so a poll's memory stays bounded.
      const small = new Set<number>();
      if (uids.length > 0) {
        for await (const m of client.fetch(uids.join(","), { uid: true, size: true }, { uid: true })) {
          if (typeof m.size === "number" && m.size <= MAX_RECEIPT_BYTES) small.add(m.uid);
          else log(`PEC mailbox: message ${m.uid} too large to be a receipt (${m.size ?? "?"} bytes), passed over`);
        }
      }
      const sources: { uid: number; source: Buffer | null }[] = uids.map((uid) => ({ uid, source: null }));
      for (let i = 0; i < sources.length; i += FETCH_CHUNK) {
        const chunk = sources.slice(i, i + FETCH_CHUNK);
        const wanted = chunk.filter((s) => small.has(s.uid));
        if (wanted.length > 0) {
          const byUid = new Map(wanted.map((s) => [s.uid, s]));
          for await (const m of client.fetch(wanted.map((s) => s.uid).join(","), { uid: true, source: true }, { uid: true })) {
            const slot = byUid.get(m.uid);
            if (slot && m.source) slot.source = m.source;
          }
        }
        for (const slot of chunk) {
          await applyOne(slot.uid, slot.source);
          slot.source = null;
        }
      }
    } finally {
      lock.release();
    }
  } catch (err) {
    result.error = imapError(err) || describeError(err);
  } finally {
    await client?.logout().catch(() => client?.close());
  }
  await db
    .update(entePecSettings)
    .set({ lastPolledAt: now, lastPollError: result.error, imapUidValidity: uidValidity, imapLastUid: lastUid > 0 ? lastUid : settings.imapLastUid })
    .where(eq(entePecSettings.enteId, settings.enteId));
  return result;

  /** One message: a receipt is applied, anything else passed over (a message gone or too large has no source). */
  async function applyOne(uid: number, source: Buffer | null) {
    result.read += 1;
    let receipt: PecReceipt | null = null;
    try {
      receipt = source ? await parseReceipt(source) : null;
    } catch (err) {
      // A broken or foreign message is passed over: the poll goes on with the next.
      log(`PEC mailbox: message ${uid} not readable as a receipt`, err);
    }
    // A failure to apply it (the database) is not the message's fault: it is thrown, the poll stops before this
    // UID, and the next poll reads the receipt again.
    if (receipt && (await applyReceipt(db, settings.enteId, receipt, now))) result.applied += 1;
    else result.ignored += 1;
    lastUid = Math.max(lastUid, uid);
  }
}

const STATUS_OF = {
  accettazione: "accepted",
  "non-accettazione": "undelivered",
  "avvenuta-consegna": "delivered",
  "errore-consegna": "undelivered",
  "rilevazione-virus": "undelivered",
} as const;

/** The receipt in a line for the delivery record: its type, recipient, time and error. */
export function receiptDetail(r: PecReceipt): string {
  const parts = [`ricevuta PEC: ${r.tipo}`];
  if (r.consegna) parts.push(`destinatario ${r.consegna}`);
  if (r.at) parts.push(r.at.toISOString());
  if (r.errore !== "nessuno" || r.erroreEsteso) parts.push(`errore: ${[r.errore !== "nessuno" ? r.errore : null, r.erroreEsteso].filter(Boolean).join(" — ")}`);
  if (r.identificativo) parts.push(`id ${r.identificativo}`);
  return parts.join(" · ");
}

/**
 * Applies one receipt to the ente's PEC message it is about, in one transaction: each step (accepted, delivered,
 * undelivered) is taken once, by a conditional update, so the same receipt read twice (or by two workers) writes
 * nothing the second time. A non-delivery hands the notice over to its fallback and alerts the ente's admins.
 * Returns whether it changed anything. A receipt about another ente's message is never applied here.
 */
export async function applyReceipt(db: DbOrTx, enteId: string, r: PecReceipt, now: Date): Promise<boolean> {
  const status = r.tipo in STATUS_OF ? STATUS_OF[r.tipo as keyof typeof STATUS_OF] : null;
  return db.transaction(async (tx) => {
    const [msg] = await tx.select().from(pecMessages).where(and(eq(pecMessages.messageId, r.msgid), eq(pecMessages.enteId, enteId)));
    if (!msg) return false;
    const at = r.at ?? now;
    if (status === null) {
      // A warning (preavviso-errore-consegna) is noted; the final receipt decides. presa-in-carico is between providers.
      if (r.tipo !== "preavviso-errore-consegna" || msg.deliveredAt || msg.undeliveredAt) return false;
      const updated = await tx
        .update(pecMessages)
        .set({ error: `preavviso di mancata consegna${r.erroreEsteso ? `: ${r.erroreEsteso}` : ""}`.slice(0, 500) })
        .where(and(eq(pecMessages.outboxId, msg.outboxId), isNull(pecMessages.error)))
        .returning({ id: pecMessages.outboxId });
      return updated.length > 0;
    }
    const moved = await move(tx, msg, status, at, r);
    if (!moved) return false;
    await tx.insert(deliveryAttempts).values({ outboxId: msg.outboxId, enteId, status, detail: receiptDetail(r).slice(0, 4000), createdAt: now });
    if (status === "undelivered") await afterNonDelivery(tx, msg, r, now);
    return true;
  });
}

async function move(tx: DbOrTx, msg: PecMessage, status: "accepted" | "delivered" | "undelivered", at: Date, r: PecReceipt): Promise<boolean> {
  const where = eq(pecMessages.outboxId, msg.outboxId);
  if (status === "accepted") {
    const rows = await tx
      .update(pecMessages)
      .set({ acceptedAt: at, state: sql`case when ${pecMessages.state} = 'sent' then 'accepted' else ${pecMessages.state} end` })
      .where(and(where, isNull(pecMessages.acceptedAt)))
      .returning({ id: pecMessages.outboxId });
    return rows.length > 0;
  }
  if (status === "delivered") {
    const rows = await tx
      .update(pecMessages)
      .set({ deliveredAt: at, state: "delivered", acceptedAt: sql`coalesce(${pecMessages.acceptedAt}, ${at.toISOString()}::timestamptz)` })
      .where(and(where, isNull(pecMessages.deliveredAt), isNull(pecMessages.undeliveredAt)))
      .returning({ id: pecMessages.outboxId });
    return rows.length > 0;
  }
  const error = [r.tipo, r.errore !== "nessuno" ? r.errore : null, r.erroreEsteso].filter(Boolean).join(": ").slice(0, 500);
  const rows = await tx
    .update(pecMessages)
    .set({ undeliveredAt: at, state: "undelivered", error })
    .where(and(where, isNull(pecMessages.undeliveredAt), isNull(pecMessages.deliveredAt)))
    .returning({ id: pecMessages.outboxId });
  return rows.length > 0;
}

/** The notice goes on by its fallback channel (a row whose parent is the PEC's), and every admin of the ente is told. */
async function afterNonDelivery(tx: DbOrTx, msg: PecMessage, r: PecReceipt, now: Date) {
  const [row] = await tx.select().from(outbox).where(and(eq(outbox.id, msg.outboxId), eq(outbox.enteId, msg.enteId)));
  if (row) {
    const reason = `PEC non consegnata a ${msg.toAddress} (${r.tipo}${r.erroreEsteso ? `: ${r.erroreEsteso}` : ""})`;
    const routed = await handOver(tx, row, fallbacksOf(row), reason);
    if (routed) await tx.insert(deliveryAttempts).values({ outboxId: row.id, enteId: row.enteId, status: "routed", detail: routed.detail, createdAt: now });
  }
  const admins = await tx
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.enteId, msg.enteId), eq(memberships.role, "admin"), isNull(memberships.disabledAt), isNull(users.disabledAt)));
  await enqueue(
    tx,
    admins.map((a) => ({
      enteId: msg.enteId,
      praticaId: null,
      topic: "email" as const,
      kind: "pec_alert",
      payload: { to: "staff", userId: a.id, pecOutboxId: msg.outboxId, urgent: false },
      idempotencyKey: `pec-alert:${msg.outboxId}:${a.id}`,
    })),
  );
}
