import { and, desc, eq } from "drizzle-orm";
import { pratiche, users, type Pratica } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { createDraft } from "@/lib/pratiche/drafts";
import { STATUS } from "@/lib/workflow/states";
import { getPublicService } from "./catalogue";
import { prefillFromProfile } from "./prefill";

function citizenId(ctx: Ctx): string {
  if (ctx.actor.kind !== "citizen") throw new ForbiddenError("draft.citizen_only");
  return ctx.actor.userId;
}

/**
 * The request flow's first step: with the citizen's acknowledgement of the privacy notice (recorded on the draft,
 * the one place it is asked), starts a draft of a public service prefilled from their profile.
 */
export async function startDraft(ctx: Ctx, serviceSlug: string, consent: { privacyAcceptedAt: Date }): Promise<Pratica> {
  const userId = citizenId(ctx);
  const service = await getPublicService(ctx.db, ctx.ente, serviceSlug);
  if (!service) throw new NotFoundError("service.not_found");
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFoundError("user.not_found");
  return createDraft(ctx, service.id, prefillFromProfile(service.formDefinition, user), new Date(), { privacyAcceptedAt: consent.privacyAcceptedAt });
}

/** The acting citizen's drafts of one service, newest first. */
export async function listMyDraftsOf(ctx: Ctx, serviceId: string) {
  const userId = citizenId(ctx);
  return ctx.db
    .select({ id: pratiche.id, updatedAt: pratiche.updatedAt, privacyAcceptedAt: pratiche.privacyAcceptedAt })
    .from(pratiche)
    .where(and(eq(pratiche.enteId, ctx.ente.id), eq(pratiche.applicantId, userId), eq(pratiche.serviceId, serviceId), eq(pratiche.status, STATUS.draft)))
    .orderBy(desc(pratiche.updatedAt))
    .limit(10);
}
