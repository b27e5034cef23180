import { and, eq, inArray } from "drizzle-orm";
import { attachments, pratiche, services, users, type Pratica, type Service, type User } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { isServiceOpen } from "@/lib/services/availability";
import { allFields, buildFormSchema, type FileRef } from "@/lib/services/form-schema";
import type { FormDefinition } from "@/lib/services/form-schema";
import { STATUS } from "@/lib/workflow/states";
import { formDefinitionFor } from "@/lib/services/form-version";
import { getStorage, withStoredFiles } from "@/lib/storage";
import { nextPraticaNumber } from "@/lib/workflow/numbering";
import { transition, type TransitionResult } from "@/lib/workflow/transition";
import { getOwnDraft } from "./drafts";
import { renderModulo } from "./modulo";

export type CheckedDraft = { draft: Pratica; service: Service; definition: FormDefinition; data: Record<string, unknown>; applicant: User };

/**
 * What submitting a draft checks, shared by submission and by asking the payment that comes before it: the privacy
 * acknowledgement, the service open, the answers against the form version they were filled with (the server is the
 * authority), and every referenced upload belonging to this draft.
 */
export async function checkDraftForSubmission(ctx: Ctx, praticaId: string, opts: { at?: Date; lang?: "it" | "en" } = {}): Promise<CheckedDraft> {
  const at = opts.at ?? new Date();
  const draft = await getOwnDraft(ctx, praticaId);
  // The privacy notice is acknowledged once, at the flow's first step; the server still refuses a draft without it.
  if (!draft.privacyAcceptedAt) throw new ValidationError("privacy.consent_required");
  const [service] = await ctx.db.select().from(services).where(and(eq(services.id, draft.serviceId), eq(services.enteId, ctx.ente.id)));
  if (!service) throw new NotFoundError("service.not_found");
  const open = isServiceOpen(service, at);
  if (!open.ok) throw new ValidationError(open.reason);
  const definition = await formDefinitionFor(ctx.db, service, draft.formVersion);
  const parsed = buildFormSchema(definition, { lang: opts.lang }).safeParse(draft.formData);
  if (!parsed.success) throw new ValidationError("form.has_errors", zodFieldErrors(parsed.error.issues));
  const data = parsed.data as Record<string, unknown>;

  const fileIds = allFields(definition)
    .filter((f) => f.type === "file")
    .flatMap((f) => ((data[f.name] as FileRef[] | undefined) ?? []).map((r) => r.id));
  if (fileIds.length > 0) {
    const owned = await ctx.db
      .select({ id: attachments.id })
      .from(attachments)
      .where(and(inArray(attachments.id, fileIds), eq(attachments.praticaId, draft.id), eq(attachments.enteId, ctx.ente.id)));
    if (owned.length !== new Set(fileIds).size) throw new ValidationError("attachment.not_of_pratica");
  }

  const [applicant] = await ctx.db.select().from(users).where(eq(users.id, draft.applicantId));
  if (!applicant) throw new NotFoundError("user.not_found");
  return { draft, service, definition, data, applicant };
}

/**
 * Submits the acting citizen's draft: checks it (checkDraftForSubmission), renders the modulo compilato, stores it,
 * and fires `submit` (which queues the receipt email and the protocol request). A service whose fees come to
 * something is refused by the workflow (guard.fees_due): its draft goes through requirePayment instead.
 */
export async function submitPratica(ctx: Ctx, praticaId: string, opts: { at?: Date; lang?: "it" | "en" } = {}): Promise<TransitionResult> {
  const at = opts.at ?? new Date();
  const checked = await checkDraftForSubmission(ctx, praticaId, { ...opts, at });
  return submitChecked(ctx, checked.draft, { ...checked, at, saveData: true });
}

/**
 * Submits a pratica whose upfront payment was confirmed (status 1520, never submitted), as the system: its answers
 * were checked when the payment was asked and have not changed since (a pratica past the draft cannot be edited).
 * Called by the payment worker; a second call finds it submitted and does nothing.
 */
export async function submitAfterPayment(ctx: Ctx, praticaId: string, opts: { at?: Date } = {}): Promise<TransitionResult | null> {
  const at = opts.at ?? new Date();
  const [pratica] = await ctx.db.select().from(pratiche).where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, ctx.ente.id)));
  if (!pratica) throw new NotFoundError("pratica.not_found");
  if (pratica.status !== STATUS.paid || pratica.submittedAt) return null;
  const [service] = await ctx.db.select().from(services).where(and(eq(services.id, pratica.serviceId), eq(services.enteId, ctx.ente.id)));
  if (!service) throw new NotFoundError("service.not_found");
  const definition = await formDefinitionFor(ctx.db, service, pratica.formVersion);
  const [applicant] = await ctx.db.select().from(users).where(eq(users.id, pratica.applicantId));
  if (!applicant) throw new NotFoundError("user.not_found");
  return submitChecked(ctx, pratica, { service, definition, applicant, data: pratica.formData as Record<string, unknown>, at, saveData: false });
}

async function submitChecked(
  ctx: Ctx,
  draft: Pratica,
  c: { service: Service; definition: FormDefinition; applicant: User; data: Record<string, unknown>; at: Date; saveData: boolean },
): Promise<TransitionResult> {
  return withStoredFiles(await getStorage(), async (files) =>
    ctx.db.transaction(async (tx) => {
      if (c.saveData) await tx.update(pratiche).set({ formData: c.data }).where(eq(pratiche.id, draft.id));
      // The number is taken in this transaction (a failed submission gives it back) so the modulo can print it.
      const numero = await nextPraticaNumber(tx, ctx.ente, c.at);
      const validated: Pratica = { ...draft, formData: c.data, numero };
      const pdf = await renderModulo(ctx.ente, c.service, validated, c.applicant, c.definition, c.at);
      const stored = await files.put(pdf, { prefix: "modulo" });
      return transition({ ...ctx, db: tx }, draft.id, "submit", {
        at: c.at,
        numero,
        expectedVersion: draft.version,
        protocolDocument: "modulo",
        attachments: [{ kind: "generated", purpose: "modulo", filename: `modulo-${numero}.pdf`, mimeType: "application/pdf", storageKey: stored.storageKey, size: stored.size, sha256: stored.sha256 }],
      });
    }),
  );
}
