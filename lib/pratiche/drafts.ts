import { and, eq } from "drizzle-orm";
import { pratiche, services, users, type Pratica } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, InvalidTransitionError, NotFoundError } from "@/lib/errors";
import { isServiceOpen } from "@/lib/services/availability";
import { insertDraft } from "@/lib/workflow/draft";
import { STATUS } from "@/lib/workflow/states";
import { buildSearchText } from "./search-text";

function requireCitizen(ctx: Ctx): string {
  if (ctx.actor.kind !== "citizen") throw new ForbiddenError("draft.citizen_only");
  return ctx.actor.userId;
}

/**
 * Starts a draft of a service's form for the acting citizen. A draft begins with the privacy step, so by default
 * the citizen's acknowledgement is recorded at the draft's creation; `privacyAcceptedAt: null` makes a draft without
 * it (submission then refuses it until the citizen gives it).
 */
export async function createDraft(
  ctx: Ctx,
  serviceId: string,
  formData: Record<string, unknown> = {},
  at = new Date(),
  opts: { privacyAcceptedAt?: Date | null } = {},
): Promise<Pratica> {
  const userId = requireCitizen(ctx);
  const [service] = await ctx.db.select().from(services).where(and(eq(services.id, serviceId), eq(services.enteId, ctx.ente.id)));
  if (!service) throw new NotFoundError("service.not_found");
  const open = isServiceOpen(service, at);
  if (!open.ok) throw new ForbiddenError(open.reason);
  const [applicant] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!applicant) throw new NotFoundError("user.not_found");
  return insertDraft(ctx.db, {
    enteId: ctx.ente.id,
    serviceId: service.id,
    applicantId: userId,
    subject: service.name,
    formData,
    formVersion: service.formVersion,
    searchText: buildSearchText([service.name, applicant.name, applicant.codiceFiscale]),
    privacyAcceptedAt: opts.privacyAcceptedAt === undefined ? at : opts.privacyAcceptedAt,
    createdAt: at,
    updatedAt: at,
  });
}

/** Loads a draft of the acting citizen, locked when inside a transaction that will change it. */
export async function getOwnDraft(ctx: Ctx, praticaId: string): Promise<Pratica> {
  const userId = requireCitizen(ctx);
  const [row] = await ctx.db
    .select()
    .from(pratiche)
    .where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, ctx.ente.id), eq(pratiche.applicantId, userId)));
  if (!row) throw new NotFoundError("pratica.not_found");
  if (row.status !== STATUS.draft) throw new InvalidTransitionError("pratica.already_submitted", {}, row.status, []);
  return row;
}

/** Saves (merges) form data into the citizen's draft; drafts are not validated until submission. */
export async function saveDraft(ctx: Ctx, praticaId: string, formData: Record<string, unknown>): Promise<Pratica> {
  const draft = await getOwnDraft(ctx, praticaId);
  const [row] = await ctx.db
    .update(pratiche)
    .set({ formData: { ...draft.formData, ...formData }, updatedAt: new Date() })
    .where(and(eq(pratiche.id, draft.id), eq(pratiche.status, STATUS.draft)))
    .returning();
  if (!row) throw new InvalidTransitionError("pratica.already_submitted", {}, STATUS.submitted, []);
  return row;
}

/** Records the citizen's acknowledgement of the privacy notice on a draft that lacks it (kept if already given). */
export async function acceptPrivacyOnDraft(ctx: Ctx, praticaId: string, at = new Date()): Promise<Pratica> {
  const draft = await getOwnDraft(ctx, praticaId);
  if (draft.privacyAcceptedAt) return draft;
  const [row] = await ctx.db
    .update(pratiche)
    .set({ privacyAcceptedAt: at })
    .where(and(eq(pratiche.id, draft.id), eq(pratiche.status, STATUS.draft)))
    .returning();
  if (!row) throw new InvalidTransitionError("pratica.already_submitted", {}, STATUS.submitted, []);
  return row;
}

/** Deletes the citizen's own draft (and nothing else: submitted pratiche are never deleted). */
export async function deleteDraft(ctx: Ctx, praticaId: string): Promise<void> {
  const draft = await getOwnDraft(ctx, praticaId);
  await ctx.db.transaction(async (tx) => {
    const deleted = await tx
      .delete(pratiche)
      .where(and(eq(pratiche.id, draft.id), eq(pratiche.status, STATUS.draft)))
      .returning({ id: pratiche.id });
    if (deleted.length === 0) throw new InvalidTransitionError("pratica.already_submitted", {}, STATUS.submitted, []);
    await recordAudit(tx, { enteId: ctx.ente.id, actor: ctx.actor, action: "pratica.delete_draft", targetType: "pratica", targetId: draft.id });
  });
}
