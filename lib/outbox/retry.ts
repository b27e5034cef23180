import { and, eq, inArray } from "drizzle-orm";
import { deliveryAttempts, outbox } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";

/**
 * An admin sends a dead letter (or a row waiting for its next retry) again now: back to pending with a fresh
 * retry window; the attempt history stays. A row already sent cannot be retried, so this never duplicates.
 */
export async function retryDelivery(ctx: Ctx, outboxId: string, now: Date = new Date()): Promise<void> {
  if (ctx.actor.kind !== "admin") throw new ForbiddenError("admin.only_short");
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.id, outboxId), eq(outbox.enteId, ctx.ente.id)))
      .for("update");
    if (!row) throw new NotFoundError("delivery.not_found");
    if (row.status !== "dead" && !(row.status === "pending" && row.attempts > 0)) throw new ConflictError("delivery.retry_only_failed");
    const [updated] = await tx
      .update(outbox)
      .set({ status: "pending", attempts: 0, availableAt: now, lockedAt: null, lockedBy: null, doneAt: null })
      .where(and(eq(outbox.id, row.id), inArray(outbox.status, ["dead", "pending"])))
      .returning({ id: outbox.id });
    if (!updated) throw new ConflictError("delivery.changed");
    await tx.insert(deliveryAttempts).values({ outboxId: row.id, enteId: row.enteId, status: "retried", detail: "nuovo tentativo chiesto da un amministratore", createdAt: now });
    await recordAudit(tx, { enteId: ctx.ente.id, actor: ctx.actor, action: "delivery.retry", targetType: "outbox", targetId: row.id, data: { kind: row.kind, previousStatus: row.status } });
  });
}
