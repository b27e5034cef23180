import { and, asc, eq } from "drizzle-orm";
import { pratiche, services, statusHistory, type Pratica, type Service } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { isOperatorEnabled, isPartnerEnabled } from "@/lib/workflow/guards";
import { STATUS } from "@/lib/workflow/states";
import { isUuid } from "@/lib/uuid";

/**
 * Loads a pratica the actor may see: always within the ctx's ente; a citizen only their own; an operator only
 * on services they are enabled on; a partner only on its services; drafts only to their author.
 * Another ente's or another citizen's pratica is "not found" (its existence is not revealed).
 */
export async function getPratica(ctx: Ctx, praticaId: string): Promise<{ pratica: Pratica; service: Service }> {
  if (!isUuid(praticaId)) throw new NotFoundError("pratica.not_found");
  const [row] = await ctx.db
    .select({ pratica: pratiche, service: services })
    .from(pratiche)
    .innerJoin(services, eq(services.id, pratiche.serviceId))
    .where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, ctx.ente.id)));
  if (!row) throw new NotFoundError("pratica.not_found");
  const { actor } = ctx;
  const isOwner = actor.kind === "citizen" && row.pratica.applicantId === actor.userId;
  if (actor.kind === "citizen" && !isOwner) throw new NotFoundError("pratica.not_found");
  if (row.pratica.status === STATUS.draft && !isOwner && actor.kind !== "partner") throw new NotFoundError("pratica.not_found");
  if (actor.kind === "operator" && !(await isOperatorEnabled(ctx.db, actor.userId, row.service.id)))
    throw new ForbiddenError("operator.not_enabled_pratica");
  if (actor.kind === "partner" && !(await isPartnerEnabled(ctx.db, actor.partnerId, row.service.id)))
    throw new ForbiddenError("partner.not_enabled_pratica");
  return row;
}

/** The iter of a pratica the actor may see, oldest first. */
export async function getIter(ctx: Ctx, praticaId: string) {
  await getPratica(ctx, praticaId);
  return ctx.db
    .select()
    .from(statusHistory)
    .where(and(eq(statusHistory.praticaId, praticaId), eq(statusHistory.enteId, ctx.ente.id)))
    .orderBy(asc(statusHistory.id));
}
