import { and, eq, inArray } from "drizzle-orm";
import { attachments, pratiche, services, users, type Pratica } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { isServiceOpen } from "@/lib/services/availability";
import { allFields, buildFormSchema, type FileRef } from "@/lib/services/form-schema";
import { formDefinitionFor } from "@/lib/services/form-version";
import { getStorage, withStoredFiles } from "@/lib/storage";
import { nextPraticaNumber } from "@/lib/workflow/numbering";
import { transition, type TransitionResult } from "@/lib/workflow/transition";
import { getOwnDraft } from "./drafts";
import { renderModulo } from "./modulo";

/**
 * Submits the acting citizen's draft: checks the privacy acknowledgement is recorded, validates the data against the form version it was filled with
 * (the server is the authority), checks that every referenced upload belongs to this draft, renders the
 * modulo compilato, stores it, and fires `submit` (which queues the receipt email and the protocol request).
 */
export async function submitPratica(ctx: Ctx, praticaId: string, opts: { at?: Date; lang?: "it" | "en" } = {}): Promise<TransitionResult> {
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
  return withStoredFiles(await getStorage(), async (files) =>
    ctx.db.transaction(async (tx) => {
      await tx.update(pratiche).set({ formData: data }).where(eq(pratiche.id, draft.id));
      // The number is taken in this transaction (a failed submission gives it back) so the modulo can print it.
      const numero = await nextPraticaNumber(tx, ctx.ente, at);
      const validated: Pratica = { ...draft, formData: data, numero };
      const pdf = await renderModulo(ctx.ente, service, validated, applicant, definition, at);
      const stored = await files.put(pdf, { prefix: "modulo" });
      return transition({ ...ctx, db: tx }, draft.id, "submit", {
        at,
        numero,
        expectedVersion: draft.version,
        protocolDocument: "modulo",
        attachments: [{ kind: "generated", purpose: "modulo", filename: `modulo-${numero}.pdf`, mimeType: "application/pdf", ...stored }],
      });
    }),
  );
}
