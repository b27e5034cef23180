import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, operatorServices, services, users, type Service } from "@/db/schema";

/**
 * Statuses in which citizens can submit pratiche (now, or once the scheduled window opens): such a service
 * must have someone to receive them, or the pratica reaches nobody and the operators' notice is never sent.
 */
export function opensToCitizens(status: Service["status"]): boolean {
  return status === "available" || status === "scheduled";
}

/**
 * The staff who would actually receive a service's pratiche: enabled on it, with an active operator
 * membership in the ente and an active account (an admin-only member cannot open the back-office).
 */
export async function activeOperatorIds(db: DbOrTx, enteId: string, serviceIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(serviceIds.map((id) => [id, []]));
  if (serviceIds.length === 0) return out;
  const rows = await db
    .selectDistinct({ serviceId: operatorServices.serviceId, userId: operatorServices.userId })
    .from(operatorServices)
    .innerJoin(users, eq(users.id, operatorServices.userId))
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.enteId, enteId), eq(memberships.role, "operator"), isNull(memberships.disabledAt)))
    .where(and(inArray(operatorServices.serviceId, serviceIds), isNull(users.disabledAt)));
  for (const r of rows) out.get(r.serviceId)?.push(r.userId);
  return out;
}

/**
 * The services open to citizens among `serviceIds` that would be left with no active operator if `userId`
 * stopped handling them. A service that already had none is not counted: this change does not make it worse.
 */
export async function servicesOrphanedWithout(db: DbOrTx, enteId: string, userId: string, serviceIds: string[]): Promise<Pick<Service, "id" | "name">[]> {
  if (serviceIds.length === 0) return [];
  const open = (
    await db
      .select({ id: services.id, name: services.name, status: services.status })
      .from(services)
      .where(and(eq(services.enteId, enteId), inArray(services.id, serviceIds)))
  ).filter((s) => opensToCitizens(s.status));
  const ops = await activeOperatorIds(db, enteId, open.map((s) => s.id));
  return open.filter((s) => {
    const ids = ops.get(s.id) ?? [];
    return ids.includes(userId) && ids.length === 1;
  }).map(({ id, name }) => ({ id, name }));
}
