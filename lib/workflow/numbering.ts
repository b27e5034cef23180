import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { praticaCounters, type Ente } from "@/db/schema";
import { wallClock } from "@/lib/time/wall-clock";

/** "2026-000123": the year, a dash and at least six digits (more once a year passes 999,999). */
export function formatPraticaNumber(year: number, n: number): string {
  return `${year}-${String(n).padStart(6, "0")}`;
}

/**
 * Takes the ente's next pratica number for the year `at` falls in, in the ente's own time zone (a pratica
 * submitted at 00:30 on 1 January in Rome belongs to the new year although it is still 31 December in UTC).
 * One atomic upsert: a concurrent submission waits on the counter row until this transaction ends, so two never
 * get the same number; a rolled-back submission leaves a gap. Call it inside the submission's transaction.
 */
export async function nextPraticaNumber(tx: DbOrTx, ente: Pick<Ente, "id" | "timezone">, at: Date): Promise<string> {
  const { year } = wallClock(at, ente.timezone);
  const [row] = await tx
    .insert(praticaCounters)
    .values({ enteId: ente.id, year, last: 1 })
    .onConflictDoUpdate({ target: [praticaCounters.enteId, praticaCounters.year], set: { last: sql`${praticaCounters.last} + 1` } })
    .returning({ last: praticaCounters.last });
  if (!row) throw new Error("pratica counter upsert returned nothing");
  return formatPraticaNumber(year, row.last);
}
