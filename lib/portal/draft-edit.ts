import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { services, type Pratica, type Service } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { NotFoundError, ValidationError, fieldError } from "@/lib/errors";
import { getOwnDraft, saveDraft } from "@/lib/pratiche/drafts";
import { allFields, fileRefSchema, type FormDefinition } from "@/lib/services/form-schema";
import { formDefinitionFor } from "@/lib/services/form-version";

export type DraftForEdit = { draft: Pratica; service: Service; definition: FormDefinition };

/** The acting citizen's draft with the form version it is being filled with. */
export async function getMyDraftForEdit(ctx: Ctx, praticaId: string): Promise<DraftForEdit> {
  const draft = await getOwnDraft(ctx, praticaId);
  const [service] = await ctx.db.select().from(services).where(and(eq(services.id, draft.serviceId), eq(services.enteId, ctx.ente.id)));
  if (!service) throw new NotFoundError("service.not_found");
  return { draft, service, definition: await formDefinitionFor(ctx.db, service, draft.formVersion) };
}

/** What a draft may hold per field: typed answers, choices, or references to this draft's uploads. */
const draftValueSchema = z.union([
  z.string().max(100_000),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(200)).max(100),
  z.array(fileRefSchema).max(20),
]);

/**
 * Autosave: keeps only the form's own fields with plausibly shaped values (drafts are not validated against
 * the form's rules until submission, so a half-typed date is fine) and stores them.
 */
export async function saveMyDraft(ctx: Ctx, praticaId: string, values: unknown): Promise<Pratica> {
  const { draft, definition } = await getMyDraftForEdit(ctx, praticaId);
  const parsed = z.record(z.string(), z.unknown()).safeParse(values);
  if (!parsed.success) throw new ValidationError("draft.invalid");
  const names = new Set(allFields(definition).map((f) => f.name));
  const clean: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parsed.data)) {
    if (!names.has(name)) continue;
    const v = draftValueSchema.safeParse(value);
    if (!v.success) throw new ValidationError("draft.invalid", [fieldError(name, "field.invalid")]);
    clean[name] = v.data;
  }
  return saveDraft(ctx, draft.id, clean);
}
