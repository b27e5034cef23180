import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import { deliveryAttempts, outbox } from "@/db/schema";
import { BadRequestError } from "@/lib/errors";
import type { PartnerCtx } from "./pratiche";

/** The partner's webhook delivery log: every attempt of every webhook addressed to it, newest first. */
export async function listWebhookDeliveries(ctx: PartnerCtx, q: { cursor?: string; limit: number }) {
  const where: SQL[] = [
    eq(outbox.enteId, ctx.ente.id),
    eq(outbox.topic, "webhook"),
    sql`${outbox.payload}->>'partnerId' = ${ctx.actor.partnerId}`,
  ];
  if (q.cursor !== undefined) {
    if (!/^\d{1,15}$/.test(q.cursor)) throw new BadRequestError("cursor.invalid", {}, { field: "cursor" });
    where.push(lt(deliveryAttempts.id, Number(q.cursor)));
  }
  const rows = await ctx.db
    .select({ attempt: deliveryAttempts, kind: outbox.kind, praticaId: outbox.praticaId, outboxStatus: outbox.status })
    .from(deliveryAttempts)
    .innerJoin(outbox, eq(outbox.id, deliveryAttempts.outboxId))
    .where(and(...where))
    .orderBy(desc(deliveryAttempts.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => ({
      id: r.attempt.id,
      delivery_id: r.attempt.outboxId,
      event: r.kind,
      pratica_id: r.praticaId,
      status: r.attempt.status,
      detail: r.attempt.detail,
      at: r.attempt.createdAt.toISOString(),
      delivery_status: r.outboxStatus,
    })),
    next_cursor: rows.length > q.limit && last ? String(last.attempt.id) : null,
  };
}
