import { and, desc, eq, ne } from "drizzle-orm";
import { pratiche } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";
import { praticaNumber } from "@/lib/pratiche/number";
import { STATUS } from "@/lib/workflow/states";

export type BookablePratica = { id: string; numero: string; submittedAt: Date | null };

/**
 * The acting citizen's submitted pratiche of one service in this ente, newest first: the ones a booking may be
 * linked to ("porta gli originali"). Drafts are left out: there is nothing yet to bring the originals for.
 */
export async function listMyPraticheOfService(ctx: Ctx, serviceId: string): Promise<BookablePratica[]> {
  if (ctx.actor.kind !== "citizen") throw new ForbiddenError("citizen.only_area");
  const rows = await ctx.db
    .select({ id: pratiche.id, numero: pratiche.numero, submittedAt: pratiche.submittedAt })
    .from(pratiche)
    .where(and(eq(pratiche.enteId, ctx.ente.id), eq(pratiche.applicantId, ctx.actor.userId), eq(pratiche.serviceId, serviceId), ne(pratiche.status, STATUS.draft)))
    .orderBy(desc(pratiche.submittedAt), desc(pratiche.id))
    .limit(20);
  return rows.map((r) => ({ ...r, numero: praticaNumber(r) }));
}
