import { and, asc, eq } from "drizzle-orm";
import { partnerServices, services, type Service } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { type FieldError, NotFoundError, ValidationError, fieldError } from "@/lib/errors";
import { isServiceOpen } from "@/lib/services/availability";
import type { InfoSheet } from "@/lib/services/schemas";
import { checkSheetReferences, readInfoSheet } from "@/lib/services/sheet";
import type { PartnerCtx } from "./pratiche";
import type { SchedaUpdateBody } from "./schemas";

/** The ente's services open to citizens now, with whether this partner may act on each and the form's steps. */
export async function listActiveServices(ctx: PartnerCtx) {
  const rows = await ctx.db
    .select({ service: services, link: partnerServices.partnerId, disabledAt: partnerServices.disabledAt })
    .from(services)
    .leftJoin(partnerServices, and(eq(partnerServices.serviceId, services.id), eq(partnerServices.partnerId, ctx.actor.partnerId)))
    .where(eq(services.enteId, ctx.ente.id))
    .orderBy(asc(services.name));
  const now = new Date();
  return {
    data: rows
      .filter((r) => isServiceOpen(r.service, now).ok)
      .map(({ service: s, link, disabledAt }) => ({
        id: s.id,
        slug: s.slug,
        name: s.name,
        category: s.category,
        status: s.status,
        protocol_required: s.protocolRequired,
        partner_enabled: Boolean(link) && !disabledAt,
        steps: s.formDefinition.pages.map((p) => ({ id: p.id, title: p.title, text: s.stepTexts[p.id] ?? null })),
      })),
  };
}

function presentScheda(ctx: PartnerCtx, s: Service) {
  return { service: { slug: s.slug, name: s.name }, ente: ctx.ente.slug, scheda: readInfoSheet(s.infoSheet) };
}

export function getScheda(ctx: PartnerCtx, service: Service) {
  return presentScheda(ctx, service);
}

/** The fields to change, from either shape of the POST body; the read-only envelope must name this service and ente. */
export function schedaChanges(ctx: PartnerCtx, service: Service, body: SchedaUpdateBody): Partial<InfoSheet> {
  if (!("scheda" in body)) return body;
  const wrong: FieldError[] = [];
  if (body.service && body.service.slug !== service.slug) wrong.push(fieldError("service.slug", "scheda.other_service", { slug: service.slug }));
  if (body.ente !== undefined && body.ente !== ctx.ente.slug) wrong.push(fieldError("ente", "scheda.other_ente", { slug: ctx.ente.slug }));
  if (wrong.length > 0) throw new ValidationError("scheda.path_mismatch", wrong);
  return body.scheda;
}

/** Changes the fields given, keeps the others; the audit row records which fields changed. */
export async function updateScheda(ctx: PartnerCtx, service: Service, changes: Partial<InfoSheet>) {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(services).where(and(eq(services.id, service.id), eq(services.enteId, ctx.ente.id))).for("update");
    if (!current) throw new NotFoundError("service.not_found");
    const infoSheet = { ...readInfoSheet(current.infoSheet), ...changes };
    const refused = await checkSheetReferences(tx, ctx.ente.id, current.slug, infoSheet);
    if (refused.length) throw new ValidationError("request.invalid_data", refused);
    const [updated] = await tx.update(services).set({ infoSheet, updatedAt: new Date() }).where(eq(services.id, current.id)).returning();
    if (!updated) throw new NotFoundError("service.not_found");
    await recordAudit(tx, {
      enteId: ctx.ente.id,
      actor: ctx.actor,
      action: "service.update_info_sheet",
      targetType: "service",
      targetId: current.id,
      data: { fields: Object.keys(changes), channel: "api" },
    });
    return presentScheda(ctx, updated);
  });
}

/** Sets (or, with an empty text, removes) the text shown after the generic one on a step of the form. */
export async function setStepText(ctx: PartnerCtx, service: Service, step: string, text: string) {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(services).where(and(eq(services.id, service.id), eq(services.enteId, ctx.ente.id))).for("update");
    if (!current) throw new NotFoundError("service.not_found");
    const steps = current.formDefinition.pages.map((p) => p.id);
    if (!steps.includes(step)) {
      throw new NotFoundError("step.not_found", { step: step.slice(0, 64), steps: steps.join(", ") });
    }
    const stepTexts = { ...current.stepTexts };
    const trimmed = text.trim();
    if (trimmed) stepTexts[step] = trimmed;
    else delete stepTexts[step];
    await tx.update(services).set({ stepTexts, updatedAt: new Date() }).where(eq(services.id, current.id));
    await recordAudit(tx, {
      enteId: ctx.ente.id,
      actor: ctx.actor,
      action: "service.set_step_text",
      targetType: "service",
      targetId: current.id,
      data: { step, length: trimmed.length, channel: "api" },
    });
    return { service: current.slug, ente: ctx.ente.slug, step, testo: trimmed };
  });
}

