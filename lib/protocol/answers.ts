import { and, asc, eq, isNotNull, isNull, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { protocolEntries, type ProtocolEntry } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import type { DbOrTx } from "@/db/client";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, fieldError } from "@/lib/errors";
import { isPartnerEnabled } from "@/lib/workflow/guards";
import { lockPratica } from "@/lib/workflow/lock";
import { issueOutcomeAct } from "@/lib/acts/issue";
import { completeRegistration } from "./builtin";
import { PROTOCOL_RECORD_FIELDS as F } from "./record-fields";

/** What partners send: arbitrary objects, kept as they came (the manual: no semantic validation). */
export const protocolRecordsSchema = z.array(z.record(z.string(), z.unknown())).min(1).max(100);
export type ProtocolRecordInput = Record<string, unknown>;

const str = (o: ProtocolRecordInput, ...keys: string[]): string | undefined => {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === "string" && v.trim()) return v.trim().slice(0, 200);
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
  }
  return undefined;
};

export type ProtocolAnswersResult = { entries: ProtocolEntry[]; completedRequestIds: string[] };

/**
 * Stores a partner's protocol records for a pratica, append-only, in one transaction. A record with a number
 * (numero / number / numero_protocollo) or a failure (errore / error, or stato "failed") answers a pending
 * request: the one named by requestId (request_id / id_richiesta) when given, else the oldest pending request
 * of the pratica. Answering the submission's request moves the pratica 2000 → 3000. Other records are kept as
 * information. Idempotency of a replayed POST is the transport's job (the Idempotency-Key header).
 */
export async function recordProtocolAnswers(ctx: Ctx, praticaId: string, records: ProtocolRecordInput[]): Promise<ProtocolAnswersResult> {
  const parsed = protocolRecordsSchema.safeParse(records);
  if (!parsed.success) throw new ValidationError("protocol.invalid_list", [fieldError("protocolli", "protocol.list_size")]);
  const { actor } = ctx;
  if (actor.kind !== "partner" && actor.kind !== "system") throw new ForbiddenError("protocol.registry_only");
  return ctx.db.transaction(async (tx) => {
    const pratica = await lockPratica(tx, ctx.ente.id, praticaId);
    if (!pratica || pratica.status === 1000) throw new NotFoundError("pratica.not_found");
    if (actor.kind === "partner" && !(await isPartnerEnabled(tx, actor.partnerId, pratica.serviceId)))
      throw new ForbiddenError("partner.not_enabled_pratica");

    const answer = alias(protocolEntries, "answer");
    const pending = await tx
      .select()
      .from(protocolEntries)
      .where(
        and(
          eq(protocolEntries.praticaId, pratica.id),
          eq(protocolEntries.status, "requested"),
          isNull(protocolEntries.requestId),
          notExists(tx.select({ one: sql`1` }).from(answer).where(eq(answer.requestId, protocolEntries.id))),
        ),
      )
      .orderBy(asc(protocolEntries.createdAt));

    const entries: ProtocolEntry[] = [];
    const completed: string[] = [];
    for (const [i, record] of parsed.data.entries()) {
      const number = str(record, ...F.number);
      const error = str(record, ...F.error);
      const failed = Boolean(error) || ["failed", "errore", "error"].includes((str(record, ...F.status) ?? "").toLowerCase());
      const wantedId = str(record, ...F.requestId);
      const kind = str(record, ...F.documentKind);
      let request: (typeof pending)[number] | undefined;
      if (number || failed) {
        if (wantedId) {
          request = pending.find((r) => r.id === wantedId);
          if (!request) {
            const [known] = await tx
              .select({ id: protocolEntries.id })
              .from(protocolEntries)
              .where(and(eq(protocolEntries.praticaId, pratica.id), sql`${protocolEntries.id}::text = ${wantedId}`));
            if (!known) throw new ValidationError("protocol.unknown_request", [fieldError(`protocolli.${i}.requestId`, "protocol.no_such_request")]);
          }
        } else {
          request = pending.find((r) => !completed.includes(r.id) && (!kind || r.documentKind === kind));
        }
        if (request && completed.includes(request.id)) request = undefined;
        // A number that answers nothing: the request it was meant for already has its number (another registry or
        // an earlier post won). The same number again is a harmless replay; a different one is refused, so a
        // request never ends up with two numbers.
        if (!request && number && !failed) {
          const existing = await numberedAnswers(tx, pratica.id, wantedId);
          const same = existing.find((e) => e.number === number);
          if (same) {
            entries.push(same);
            continue;
          }
          const taken = existing[0];
          throw new ConflictError(taken ? "protocol.numbered_already" : "protocol.none_pending", { taken: taken?.number ?? "", number });
        }
      }
      const registeredAt = parseDate(str(record, ...F.date)) ?? new Date();
      const [entry] = await tx
        .insert(protocolEntries)
        .values({
          enteId: ctx.ente.id,
          praticaId: pratica.id,
          requestId: request?.id ?? null,
          direction: request?.direction ?? (str(record, ...F.direction) === "out" ? "out" : "in"),
          documentKind: request?.documentKind ?? kind ?? "partner",
          attachmentId: request?.attachmentId ?? null,
          status: failed ? "failed" : "registered",
          number: number ?? null,
          registeredAt: failed ? null : registeredAt,
          source: "partner",
          partnerId: actor.kind === "partner" ? actor.partnerId : null,
          params: request?.params ?? {},
          raw: record,
          error: failed ? (error ?? "registrazione non riuscita") : null,
        })
        .returning();
      if (!entry) throw new Error("protocol entry insert returned nothing");
      entries.push(entry);
      if (request) {
        completed.push(request.id);
        if (!failed && number) await completeRegistration(tx, ctx.ente, pratica.id, request.documentKind, number, registeredAt);
        // The outcome act carries its protocol number: it is issued now that the registry has given one.
        if (!failed && number) await issueOutcomeAct(tx, ctx.ente, entry);
      }
    }
    await recordAudit(tx, {
      enteId: ctx.ente.id,
      actor,
      action: "protocol.record",
      targetType: "pratica",
      targetId: pratica.id,
      data: { records: entries.length, completedRequestIds: completed },
    });
    return { entries, completedRequestIds: completed };
  });
}

/** Registered answers of the pratica's requests (of the named request only, when given), oldest first. */
async function numberedAnswers(tx: DbOrTx, praticaId: string, requestId: string | undefined): Promise<ProtocolEntry[]> {
  return tx
    .select()
    .from(protocolEntries)
    .where(
      and(
        eq(protocolEntries.praticaId, praticaId),
        eq(protocolEntries.status, "registered"),
        isNotNull(protocolEntries.requestId),
        requestId ? sql`${protocolEntries.requestId}::text = ${requestId}` : undefined,
      ),
    )
    .orderBy(asc(protocolEntries.createdAt));
}

function parseDate(s: string | undefined): Date | null {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}
