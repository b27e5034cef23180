import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { enti, pratiche, protocolCounters, protocolEntries, type ProtocolEntry } from "@/db/schema";
import { issueOutcomeAct } from "@/lib/acts/issue";
import { recordAudit } from "@/lib/audit/record";
import { wallClock } from "@/lib/time/wall-clock";
import { STATUS } from "@/lib/workflow/states";
import { transition } from "@/lib/workflow/transition";

/** The calendar year in the ente's time zone: a number taken at 00:30 on 1 January in Rome is the new year's. */
export function protocolYear(at: Date, timeZone: string): number {
  return wallClock(at, timeZone).year;
}

export function formatProtocolNumber(year: number, seq: number): string {
  return `${year}/${String(seq).padStart(7, "0")}`;
}

/**
 * The built-in registry answers one protocol request: takes the next number of the ente's year (the counter
 * row is locked until commit, so numbers have no gaps and no duplicates under concurrency; the pratica is locked
 * before the request is checked, so a partner's concurrent answer cannot number it too), appends the
 * registered entry and, for a submission still waiting, fires the `register` event in the same transaction.
 * Idempotent: a request that already has an answer returns that answer.
 */
export async function registerBuiltin(db: DbOrTx, requestId: string, at: Date = new Date()): Promise<ProtocolEntry | null> {
  return db.transaction(async (tx) => {
    // The pratica is locked first, as recordProtocolAnswers does, so a partner's answer to the same request and
    // this numbering run one after the other and the second sees the first's answer.
    const [target] = await tx.select({ praticaId: protocolEntries.praticaId }).from(protocolEntries).where(eq(protocolEntries.id, requestId));
    if (!target) return null;
    await tx.select({ id: pratiche.id }).from(pratiche).where(eq(pratiche.id, target.praticaId)).for("update");
    const [request] = await tx.select().from(protocolEntries).where(eq(protocolEntries.id, requestId)).for("update");
    if (!request || request.status !== "requested") return null;
    const [answered] = await tx.select().from(protocolEntries).where(eq(protocolEntries.requestId, request.id)).limit(1);
    if (answered) return answered;
    const [ente] = await tx.select().from(enti).where(eq(enti.id, request.enteId));
    if (!ente) return null;
    const year = protocolYear(at, ente.timezone);
    const [counter] = await tx
      .insert(protocolCounters)
      .values({ enteId: ente.id, year, lastValue: 1 })
      .onConflictDoUpdate({
        target: [protocolCounters.enteId, protocolCounters.year],
        set: { lastValue: sql`${protocolCounters.lastValue} + 1` },
      })
      .returning({ lastValue: protocolCounters.lastValue });
    if (!counter) throw new Error("protocol counter returned nothing");
    const number = formatProtocolNumber(year, counter.lastValue);
    const [entry] = await tx
      .insert(protocolEntries)
      .values({
        enteId: ente.id,
        praticaId: request.praticaId,
        requestId: request.id,
        direction: request.direction,
        documentKind: request.documentKind,
        attachmentId: request.attachmentId,
        status: "registered",
        number,
        registeredAt: at,
        source: "builtin",
        params: request.params,
        createdAt: at,
      })
      .returning();
    if (!entry) throw new Error("protocol entry insert returned nothing");
    await recordAudit(tx, {
      enteId: ente.id,
      actor: { kind: "system", reason: "protocol" },
      action: "protocol.register",
      targetType: "pratica",
      targetId: request.praticaId,
      data: { number, requestId: request.id, documentKind: request.documentKind },
    });
    await completeRegistration(tx, ente, request.praticaId, request.documentKind, number, at);
    // The outcome act carries its protocol number and date: it is issued in the transaction that numbers it.
    await issueOutcomeAct(tx, ente, entry, { now: at });
    return entry;
  });
}

/** A submission waiting for its number moves 2000 → 3000 once registered (by the built-in or an external registry). */
export async function completeRegistration(
  tx: DbOrTx,
  ente: typeof enti.$inferSelect,
  praticaId: string,
  documentKind: string,
  number: string,
  at: Date,
): Promise<void> {
  if (documentKind !== "submission") return;
  const [p] = await tx.select({ status: pratiche.status }).from(pratiche).where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, ente.id)));
  if (p?.status !== STATUS.submitted) return;
  await transition({ db: tx, ente, actor: { kind: "system", reason: "protocol" } }, praticaId, "register", {
    message: `Protocollo n. ${number}`,
    at,
  });
}
