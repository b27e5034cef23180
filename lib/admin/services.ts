import { and, asc, count, eq } from "drizzle-orm";
import { pratiche, serviceFormVersions, services, type Service } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { NotFoundError, ValidationError, fieldError, zodFieldErrors } from "@/lib/errors";
import type { FormDefinition } from "@/lib/services/form-schema";
import { infoSheetSchema, type InfoSheet } from "@/lib/services/schemas";
import { checkSheetReferences } from "@/lib/services/sheet";
import { fromLocalDateTime } from "@/lib/time/wall-clock";
import { asAdmin, assertAdmin } from "./authorize";
import { canonicalJson } from "./service-form";
import { slugify } from "@/lib/slug";
import { createServiceSchema, SERVICE_SLUG_MAX, serviceSectionSchema, type ServiceSectionInput } from "./service-input";
import { activeOperatorIds, opensToCitizens } from "./service-operators";

export type ServiceListRow = Pick<Service, "id" | "slug" | "name" | "category" | "status" | "formVersion" | "updatedAt"> & { pratiche: number };

export async function listServicesAdmin(ctx: Ctx): Promise<ServiceListRow[]> {
  await assertAdmin(ctx);
  const rows = await ctx.db
    .select({ id: services.id, slug: services.slug, name: services.name, category: services.category, status: services.status, formVersion: services.formVersion, updatedAt: services.updatedAt, pratiche: count(pratiche.id) })
    .from(services)
    .leftJoin(pratiche, eq(pratiche.serviceId, services.id))
    .where(eq(services.enteId, ctx.ente.id))
    .groupBy(services.id)
    .orderBy(asc(services.category), asc(services.name));
  return rows.map((r) => ({ ...r, pratiche: Number(r.pratiche) }));
}

/** One of this ente's services; another ente's id is simply not found. */
export async function getServiceAdmin(ctx: Ctx, serviceId: string): Promise<Service> {
  await assertAdmin(ctx);
  const [row] = await ctx.db.select().from(services).where(and(eq(services.id, serviceId), eq(services.enteId, ctx.ente.id)));
  if (!row) throw new NotFoundError("service.not_found");
  return row;
}

const EMPTY_SHEET: InfoSheet = infoSheetSchema.parse({});

/** A new service starts private (citizens cannot see it) with a one-page form to build on (the privacy notice is the request flow's own first step, not a field). */
export const STARTER_FORM: FormDefinition = {
  pages: [
    {
      id: "richiesta",
      title: "Richiesta",
      items: [
        { type: "textarea", name: "descrizione", label: "Descrizione della richiesta", required: true },
        { type: "file", name: "allegati", label: "Documenti a supporto", required: false, accept: ["application/pdf", "image/jpeg", "image/png"], maxSizeMb: 5, multiple: true },
      ],
    },
  ],
};

export async function createServiceAdmin(ctx: Ctx, input: Record<string, unknown>): Promise<Service> {
  const parsed = createServiceSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  const data = parsed.data;
  const slug = data.slug ?? slugify(data.name, SERVICE_SLUG_MAX);
  if (!slug) throw new ValidationError("request.invalid_data", [fieldError("slug", "service.slug_required")]);
  return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const [dup] = await tx.select({ id: services.id }).from(services).where(and(eq(services.enteId, ente.id), eq(services.slug, slug)));
    if (dup) throw new ValidationError("slug.taken", [fieldError("slug", "service.slug_taken", { slug })]);
    const [row] = await tx
      .insert(services)
      .values({ enteId: ente.id, slug, name: data.name, category: data.category, status: "private", infoSheet: EMPTY_SHEET, formDefinition: STARTER_FORM, formVersion: 1 })
      .returning();
    if (!row) throw new Error("service insert returned nothing");
    await tx.insert(serviceFormVersions).values({ serviceId: row.id, version: 1, definition: STARTER_FORM });
    await recordAudit(tx, { enteId: ente.id, actor, action: "service.create", targetType: "service", targetId: row.id, data: { slug, name: data.name } });
    return row;
  });
}


/** How many active operators would receive this service's pratiche (the service page warns when none). */
export async function countServiceOperators(ctx: Ctx, serviceId: string): Promise<number> {
  await assertAdmin(ctx);
  return (await activeOperatorIds(ctx.db, ctx.ente.id, [serviceId])).get(serviceId)?.length ?? 0;
}

/** Edits one section of a service (general, sheet, options, steps, emails); the audit row names the changed fields. */
export async function updateServiceAdmin(ctx: Ctx, serviceId: string, input: ServiceSectionInput | Record<string, unknown>): Promise<Service> {
  const parsed = serviceSectionSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  const s = parsed.data;
  return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const [current] = await tx.select().from(services).where(and(eq(services.id, serviceId), eq(services.enteId, ente.id))).for("update");
    if (!current) throw new NotFoundError("service.not_found");
    let patch: Partial<Service>;
    switch (s.section) {
      case "general": {
        const from = s.scheduledFrom ? fromLocalDateTime(s.scheduledFrom, ente.timezone) : null;
        const to = s.scheduledTo ? fromLocalDateTime(s.scheduledTo, ente.timezone) : null;
        const errors = [];
        if (s.scheduledFrom && !from) errors.push(fieldError("scheduledFrom", "field.date"));
        if (s.scheduledTo && !to) errors.push(fieldError("scheduledTo", "field.date"));
        if (s.status === "scheduled" && !from && !to) errors.push(fieldError("scheduledFrom", "service.scheduled_needs_date"));
        if (from && to && from >= to) errors.push(fieldError("scheduledTo", "service.close_after_open"));
        // A pratica submitted to a service nobody handles reaches no one: open it only once someone will receive it.
        if (opensToCitizens(s.status) && (await activeOperatorIds(tx, ente.id, [serviceId])).get(serviceId)?.length === 0) {
          errors.push(fieldError("status", "service.no_operator"));
        }
        if (errors.length) throw new ValidationError("request.invalid_data", errors);
        patch = { name: s.name, category: s.category, status: s.status, scheduledFrom: s.status === "scheduled" ? from : null, scheduledTo: s.status === "scheduled" ? to : null };
        break;
      }
      case "sheet": {
        const { section: _section, ...sheet } = s;
        const refused = await checkSheetReferences(tx, ente.id, current.slug, sheet);
        if (refused.length) throw new ValidationError("request.invalid_data", refused);
        patch = { infoSheet: sheet };
        break;
      }
      case "options":
        patch = {
          protocolRequired: s.protocolRequired,
          protocolMode: s.protocolMode,
          protocolParams: Object.fromEntries(
            Object.entries({ classificazione: s.classificazione, fascicolo: s.fascicolo, ufficio: s.ufficio, tipoDocumento: s.tipoDocumento }).filter(([, v]) => v !== undefined),
          ),
          allowWithdraw: s.allowWithdraw,
          allowReopen: s.allowReopen,
          allowIntegrationRequests: s.allowIntegrationRequests,
          bookingOnly: s.bookingOnly,
          maxResponseDays: s.maxResponseDays,
          ...(s.minAuthLevel === undefined ? {} : { minAuthLevel: s.minAuthLevel }),
        };
        break;
      case "steps":
        patch = { stepTexts: Object.fromEntries(Object.entries(s.stepTexts).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== "")) };
        break;
      case "emails":
        patch = {
          emailTexts: Object.fromEntries(
            Object.entries(s.emailTexts).map(([k, v]) => [k, { enabled: v.enabled, ...(v.subject?.trim() ? { subject: v.subject.trim() } : {}), ...(v.body?.trim() ? { body: v.body.trim() } : {}) }]),
          ),
        };
        break;
    }
    const changed = Object.keys(patch).filter((k) => canonicalJson(patch[k as keyof Service] ?? null) !== canonicalJson(current[k as keyof Service] ?? null));
    if (changed.length === 0) return current;
    const [row] = await tx.update(services).set({ ...patch, updatedAt: new Date() }).where(eq(services.id, serviceId)).returning();
    if (!row) throw new NotFoundError("service.not_found");
    await recordAudit(tx, { enteId: ente.id, actor, action: "service.update", targetType: "service", targetId: serviceId, data: { section: s.section, changed } });
    return row;
  });
}

