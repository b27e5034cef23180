import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, operatorServices, pratiche, users, type Ente, type OutboxRow } from "@/db/schema";
import { enqueue, type OutboxInput } from "@/lib/outbox/enqueue";
import type { Outcome } from "@/lib/outbox/record";
import { dateKey } from "@/lib/time/wall-clock";
import { nextWorkingStart } from "./policy";

/** The operators of an ente enabled on a service, with how they want news of new pratiche. */
export async function operatorsOfService(db: DbOrTx, enteId: string, serviceId: string) {
  const rows = await db
    .selectDistinct({ id: users.id, notify: users.operatorNotify })
    .from(operatorServices)
    .innerJoin(users, eq(users.id, operatorServices.userId))
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.enteId, enteId), isNull(memberships.disabledAt)))
    .where(and(eq(operatorServices.serviceId, serviceId), isNull(users.disabledAt)));
  return rows;
}

/**
 * "A new pratica arrived" is written once per submission; here it becomes one email per operator who wants
 * them at once, and a place in tomorrow's digest for those who chose the daily digest. Children carry keys
 * derived from the parent's, so running this twice (a crash, a retry) adds nothing.
 */
export async function fanOutOperators(db: DbOrTx, ente: Ente, row: OutboxRow, p: { serviceId?: string }, now: Date): Promise<Outcome> {
  let serviceId = p.serviceId;
  if (!serviceId && row.praticaId) {
    const [pr] = await db.select({ serviceId: pratiche.serviceId }).from(pratiche).where(eq(pratiche.id, row.praticaId));
    serviceId = pr?.serviceId;
  }
  if (!serviceId) return { status: "skipped", detail: "servizio sconosciuto: nessun operatore da avvisare" };
  const ops = await operatorsOfService(db, ente.id, serviceId);
  const rows: OutboxInput[] = [];
  let digest = 0;
  for (const op of ops) {
    if (op.notify === "digest") {
      const windowEnd = nextWorkingStart(ente, now);
      rows.push({
        enteId: ente.id,
        praticaId: null,
        topic: "email",
        kind: "operator_digest",
        payload: { to: "operator", userId: op.id, windowEnd: windowEnd.toISOString(), urgent: true },
        availableAt: windowEnd,
        idempotencyKey: `digest:${op.id}:${dateKey(windowEnd, ente.timezone)}`,
      });
      digest += 1;
    } else {
      rows.push({
        enteId: ente.id,
        praticaId: row.praticaId,
        topic: "email",
        kind: "operator_new_pratica",
        payload: { to: "operator", userId: op.id, serviceId, urgent: false },
        idempotencyKey: `${row.idempotencyKey}:${op.id}`,
      });
    }
  }
  await enqueue(db, rows);
  return { status: "skipped", detail: `ripartita: ${ops.length - digest} email immediate, ${digest} nel riepilogo giornaliero` };
}
