import { and, desc, eq, inArray, isNull, lt, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { enti, memberships, outbox, pratiche, protocolEntries, services, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { dateKey } from "@/lib/time/wall-clock";
import { enqueue } from "@/lib/outbox/enqueue";

/** A request with no answer for this long is "unanswered": flagged on the admin page and mailed to admins. */
export const UNANSWERED_AFTER_MS = 24 * 3_600_000;

const answer = alias(protocolEntries, "answer");
const unanswered = () => notExists(sql`(select 1 from ${protocolEntries} as answer where answer.request_id = ${protocolEntries.id})`);

export type ProtocolRequestRow = {
  id: string;
  praticaId: string;
  /** The pratica's number as people read it. */
  praticaNumero: string | null;
  serviceName: string;
  direction: "in" | "out";
  documentKind: string;
  source: "builtin" | "partner";
  createdAt: Date;
  overdue: boolean;
  delivery: { status: string; attempts: number; lastError: string | null; outboxId: string } | null;
};

/** The admin's view: requests still waiting for a number (oldest first), with the state of their delivery. */
export async function listPendingProtocolRequests(ctx: Ctx, now: Date = new Date()): Promise<ProtocolRequestRow[]> {
  requireAdmin(ctx);
  const rows = await ctx.db
    .select({
      id: protocolEntries.id,
      praticaId: protocolEntries.praticaId,
      praticaNumero: pratiche.numero,
      serviceName: services.name,
      direction: protocolEntries.direction,
      documentKind: protocolEntries.documentKind,
      source: protocolEntries.source,
      createdAt: protocolEntries.createdAt,
    })
    .from(protocolEntries)
    .innerJoin(pratiche, eq(pratiche.id, protocolEntries.praticaId))
    .innerJoin(services, eq(services.id, pratiche.serviceId))
    .where(and(eq(protocolEntries.enteId, ctx.ente.id), eq(protocolEntries.status, "requested"), isNull(protocolEntries.requestId), unanswered()))
    .orderBy(protocolEntries.createdAt)
    .limit(500);
  const deliveries = rows.length
    ? await ctx.db
        .select({ id: outbox.id, requestId: sql<string>`${outbox.payload}->>'requestId'`, status: outbox.status, attempts: outbox.attempts, lastError: outbox.lastError })
        .from(outbox)
        .where(and(eq(outbox.enteId, ctx.ente.id), eq(outbox.topic, "protocol"), inArray(sql`${outbox.payload}->>'requestId'`, rows.map((r) => r.id))))
    : [];
  return rows.map((r) => {
    const d = deliveries.find((x) => x.requestId === r.id);
    return {
      ...r,
      overdue: now.getTime() - r.createdAt.getTime() > UNANSWERED_AFTER_MS,
      delivery: d ? { status: d.status, attempts: d.attempts, lastError: d.lastError, outboxId: d.id } : null,
    };
  });
}

/** Registrations the registry refused (status failed), newest first. */
export async function listFailedProtocolEntries(ctx: Ctx, limit = 100) {
  requireAdmin(ctx);
  return ctx.db
    .select({ id: protocolEntries.id, praticaId: protocolEntries.praticaId, praticaNumero: pratiche.numero, requestId: protocolEntries.requestId, documentKind: protocolEntries.documentKind, error: protocolEntries.error, createdAt: protocolEntries.createdAt })
    .from(protocolEntries)
    .innerJoin(pratiche, and(eq(pratiche.id, protocolEntries.praticaId), eq(pratiche.enteId, protocolEntries.enteId)))
    .where(and(eq(protocolEntries.enteId, ctx.ente.id), eq(protocolEntries.status, "failed")))
    .orderBy(desc(protocolEntries.createdAt))
    .limit(limit);
}

/**
 * Asks the registry again for a request it refused (or never answered): a new request row (the old one and its
 * answer stay, append-only) and a new outbox row.
 */
export async function retryProtocolRequest(ctx: Ctx, requestId: string): Promise<string> {
  requireAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    const [req] = await tx
      .select()
      .from(protocolEntries)
      .where(and(eq(protocolEntries.id, requestId), eq(protocolEntries.enteId, ctx.ente.id), eq(protocolEntries.status, "requested")));
    if (!req) throw new NotFoundError("protocol_request.not_found");
    const [registered] = await tx
      .select({ id: answer.id })
      .from(answer)
      .where(and(eq(answer.requestId, req.id), eq(answer.status, "registered")))
      .limit(1);
    if (registered) throw new ConflictError("protocol.already_registered");
    const [copy] = await tx
      .insert(protocolEntries)
      .values({ enteId: req.enteId, praticaId: req.praticaId, direction: req.direction, documentKind: req.documentKind, attachmentId: req.attachmentId, status: "requested", source: req.source, params: req.params })
      .returning({ id: protocolEntries.id });
    if (!copy) throw new Error("protocol request insert returned nothing");
    await enqueue(tx, [
      {
        enteId: req.enteId,
        praticaId: req.praticaId,
        topic: "protocol",
        kind: req.source === "partner" ? "protocol_external" : "protocol_builtin",
        payload: { requestId: copy.id, retryOf: req.id, urgent: true },
        idempotencyKey: `protocol:${copy.id}`,
      },
    ]);
    await recordAudit(tx, { enteId: ctx.ente.id, actor: ctx.actor, action: "protocol.retry", targetType: "pratica", targetId: req.praticaId, data: { requestId: req.id, newRequestId: copy.id } });
    return copy.id;
  });
}

/**
 * Housekeeping run by the worker: for every ente with requests unanswered past UNANSWERED_AFTER_MS or
 * protocol deliveries given up (dead), one alert email per admin per day.
 */
export async function sweepProtocolAlerts(db: DbOrTx, now: Date = new Date()): Promise<number> {
  const before = new Date(now.getTime() - UNANSWERED_AFTER_MS);
  const late = await db
    .select({ enteId: protocolEntries.enteId, n: sql<number>`count(*)::int` })
    .from(protocolEntries)
    .where(and(eq(protocolEntries.status, "requested"), isNull(protocolEntries.requestId), lt(protocolEntries.createdAt, before), unanswered()))
    .groupBy(protocolEntries.enteId);
  const dead = await db
    .select({ enteId: outbox.enteId, n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(and(eq(outbox.topic, "protocol"), eq(outbox.status, "dead")))
    .groupBy(outbox.enteId);
  const enteIds = [...new Set([...late, ...dead].map((r) => r.enteId))];
  let queued = 0;
  for (const enteId of enteIds) {
    const [ente] = await db.select().from(enti).where(eq(enti.id, enteId));
    if (!ente) continue;
    const admins = await db
      .select({ id: users.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.enteId, enteId), eq(memberships.role, "admin"), isNull(memberships.disabledAt), isNull(users.disabledAt)));
    const day = dateKey(now, ente.timezone);
    const ids = await enqueue(
      db,
      admins.map((a) => ({
        enteId,
        praticaId: null,
        topic: "email" as const,
        kind: "protocol_alert",
        payload: { to: "staff", userId: a.id, unanswered: late.find((l) => l.enteId === enteId)?.n ?? 0, dead: dead.find((d) => d.enteId === enteId)?.n ?? 0, urgent: false },
        idempotencyKey: `protocol-alert:${enteId}:${day}:${a.id}`,
      })),
    );
    queued += ids.length;
  }
  return queued;
}

function requireAdmin(ctx: Ctx) {
  if (ctx.actor.kind !== "admin" && ctx.actor.kind !== "system") throw new ForbiddenError("admin.only_short");
}
