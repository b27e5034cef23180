import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";
import { actorId, type Actor } from "@/lib/context";
import { currentRequestId } from "@/lib/ops/request-context";

/** Writes an audit row; call it inside the mutation's transaction so a failed insert rolls it back. */
export async function recordAudit(
  db: DbOrTx,
  entry: { enteId: string; actor: Actor; action: string; targetType: string; targetId: string; data?: Record<string, unknown> },
): Promise<void> {
  await db.insert(auditLog).values({
    enteId: entry.enteId,
    actorKind: entry.actor.kind,
    actorId: actorId(entry.actor),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    data: entry.data ?? {},
    requestId: currentRequestId(),
  });
}
