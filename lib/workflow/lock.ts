import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { pratiche, type Pratica } from "@/db/schema";

/**
 * Reads a pratica of this ente and locks its row until the transaction ends (`SELECT … FOR UPDATE`): whoever
 * changes the pratica next waits here, then sees what the first one wrote. Undefined when the ente has no such pratica.
 */
export async function lockPratica(tx: Tx, enteId: string, praticaId: string): Promise<Pratica | undefined> {
  const [pratica] = await tx
    .select()
    .from(pratiche)
    .where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, enteId)))
    .for("update");
  return pratica;
}
