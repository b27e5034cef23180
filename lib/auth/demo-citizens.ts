import { and, asc, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";

/**
 * Demo mode only: the citizens the demo identity provider offers to log in as (citizens are people, not tenants'
 * records, so the list is not per ente). Never called outside demo mode.
 */
export async function listDemoCitizens(db: DbOrTx, limit = 20): Promise<{ name: string; codiceFiscale: string }[]> {
  const rows = await db
    .select({ name: users.name, codiceFiscale: users.codiceFiscale })
    .from(users)
    .where(and(isNotNull(users.codiceFiscale), isNull(users.disabledAt)))
    .orderBy(asc(users.name))
    .limit(limit);
  return rows.flatMap((r) => (r.codiceFiscale ? [{ name: r.name, codiceFiscale: r.codiceFiscale }] : []));
}
