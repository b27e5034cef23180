import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { memberships, officeOperators, offices, officeServices, services, type Office, type OfficeClosure, type OpeningInterval, type Service } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, NotFoundError, ValidationError, fieldError, type FieldError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";
import { cleanText } from "@/lib/edge/text";

/**
 * The ente's offices (uffici) and their calendars: configured by an admin, read by everyone who books. An office
 * serves the services it is linked to and is worked by the operators linked to it.
 */

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : v), cleanText().max(max, "field.max_chars").nullable().default(null));
const int = (min: number, max: number) => z.coerce.number().int("field.invalid").min(min, "field.min_value").max(max, "field.max_value");
const bool = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());
const idList = z.preprocess((v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().refine(isUuid, "field.invalid")).max(500));

export const openingIntervalSchema = z.object({
  weekday: z.coerce.number().int().min(1).max(7),
  from: z.string().regex(HHMM, "appointments.hours_invalid"),
  to: z.string().regex(HHMM, "appointments.hours_invalid"),
});
export const closureSchema = z.object({
  from: z.string().regex(DAY, "field.format"),
  to: z.string().regex(DAY, "field.format"),
  reason: cleanText().trim().max(200, "field.max_chars").default(""),
});

export const officeInputSchema = z.object({
  name: cleanText().trim().min(2, "field.min_chars").max(120, "field.max_chars"),
  address: cleanText().trim().max(300, "field.max_chars").default(""),
  phone: optionalText(40),
  email: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : v), z.email("field.email").max(200).nullable().default(null)),
  notes: optionalText(1000),
  openingHours: z.array(openingIntervalSchema).max(28).default([]),
  closures: z.array(closureSchema).max(200).default([]),
  slotMinutes: int(5, 240),
  capacity: int(1, 50),
  horizonDays: int(1, 366),
  minNoticeHours: int(0, 720),
  needsApproval: bool.default(false),
  active: bool.default(true),
  serviceIds: idList.default([]),
  operatorIds: idList.default([]),
});
export type OfficeInput = z.output<typeof officeInputSchema>;
export type OfficeView = Office & { serviceIds: string[]; operatorIds: string[] };

/** The checks zod cannot do alone: intervals that open before they close and do not overlap, closures in order. */
export function checkOfficeInput(input: OfficeInput): FieldError[] {
  const errors: FieldError[] = [];
  input.openingHours.forEach((h, i) => {
    if (minutesOf(h.from) >= minutesOf(h.to)) errors.push(fieldError(`openingHours.${i}.to`, "appointments.hours_invalid"));
  });
  for (let d = 1; d <= 7; d++) {
    const day = input.openingHours
      .map((h, i) => ({ ...h, i }))
      .filter((h) => h.weekday === d)
      .sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
    for (let k = 1; k < day.length; k++) if (minutesOf(day[k]!.from) < minutesOf(day[k - 1]!.to)) errors.push(fieldError(`openingHours.${day[k]!.i}.from`, "appointments.hours_overlap"));
  }
  input.closures.forEach((c, i) => {
    if (c.to < c.from) errors.push(fieldError(`closures.${i}.to`, "appointments.closure_invalid"));
  });
  return errors;
}

function assertAdmin(ctx: Ctx): void {
  if (ctx.actor.kind !== "admin") throw new ForbiddenError("admin.only");
}

async function links(ctx: Ctx, ids: string[]) {
  if (ids.length === 0) return { svc: new Map<string, string[]>(), ops: new Map<string, string[]>() };
  const [svc, ops] = await Promise.all([
    ctx.db.select().from(officeServices).where(and(inArray(officeServices.officeId, ids), eq(officeServices.enteId, ctx.ente.id))),
    ctx.db.select().from(officeOperators).where(and(inArray(officeOperators.officeId, ids), eq(officeOperators.enteId, ctx.ente.id))),
  ]);
  const group = (rows: { officeId: string; v: string }[]) => {
    const m = new Map<string, string[]>();
    for (const r of rows) m.set(r.officeId, [...(m.get(r.officeId) ?? []), r.v]);
    return m;
  };
  return { svc: group(svc.map((r) => ({ officeId: r.officeId, v: r.serviceId }))), ops: group(ops.map((r) => ({ officeId: r.officeId, v: r.userId }))) };
}

/** The offices a staff member works with: an admin all of the ente's, an operator those they are linked to. */
export async function staffOfficeIds(ctx: Ctx): Promise<string[]> {
  const a = ctx.actor;
  if (a.kind === "admin") return (await ctx.db.select({ id: offices.id }).from(offices).where(eq(offices.enteId, ctx.ente.id))).map((r) => r.id);
  if (a.kind === "operator")
    return (
      await ctx.db
        .select({ id: officeOperators.officeId })
        .from(officeOperators)
        .where(and(eq(officeOperators.userId, a.userId), eq(officeOperators.enteId, ctx.ente.id)))
    ).map((r) => r.id);
  return [];
}

/** Admin: every office of the ente; operator: the offices they work at. Alphabetical. */
export async function listOffices(ctx: Ctx): Promise<OfficeView[]> {
  if (ctx.actor.kind !== "admin" && ctx.actor.kind !== "operator") throw new ForbiddenError("request.forbidden");
  const ids = ctx.actor.kind === "admin" ? null : await staffOfficeIds(ctx);
  if (ids && ids.length === 0) return [];
  const rows = await ctx.db
    .select()
    .from(offices)
    .where(and(eq(offices.enteId, ctx.ente.id), ids ? inArray(offices.id, ids) : undefined))
    .orderBy(asc(offices.name));
  const l = await links(ctx, rows.map((r) => r.id));
  return rows.map((o) => ({ ...o, serviceIds: l.svc.get(o.id) ?? [], operatorIds: l.ops.get(o.id) ?? [] }));
}

/** One office of the ente with its links; staff only (an operator: one they work at). */
export async function getOffice(ctx: Ctx, id: string): Promise<OfficeView> {
  if (!isUuid(id)) throw new NotFoundError("appointments.office_not_found");
  const all = await listOffices(ctx);
  const found = all.find((o) => o.id === id);
  if (!found) throw new NotFoundError("appointments.office_not_found");
  return found;
}

/** An office of the ente, for booking: active unless `anyStatus`. */
export async function loadOffice(ctx: Pick<Ctx, "db" | "ente">, id: string, opts: { anyStatus?: boolean } = {}): Promise<Office> {
  if (!isUuid(id)) throw new NotFoundError("appointments.office_not_found");
  const [o] = await ctx.db
    .select()
    .from(offices)
    .where(and(eq(offices.id, id), eq(offices.enteId, ctx.ente.id), opts.anyStatus ? undefined : eq(offices.active, true)));
  if (!o) throw new NotFoundError("appointments.office_not_found");
  return o;
}

async function checkLinks(ctx: Ctx, input: OfficeInput): Promise<void> {
  const errors: FieldError[] = checkOfficeInput(input);
  const serviceIds = [...new Set(input.serviceIds)];
  const operatorIds = [...new Set(input.operatorIds)];
  if (serviceIds.length) {
    const found = await ctx.db.select({ id: services.id }).from(services).where(and(eq(services.enteId, ctx.ente.id), inArray(services.id, serviceIds)));
    if (found.length !== serviceIds.length) errors.push(fieldError("serviceIds", "appointments.service_not_found"));
  }
  if (operatorIds.length) {
    const found = await ctx.db
      .selectDistinct({ id: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.enteId, ctx.ente.id), inArray(memberships.userId, operatorIds), isNull(memberships.disabledAt)));
    if (found.length !== operatorIds.length) errors.push(fieldError("operatorIds", "appointments.operator_not_staff"));
  }
  if (errors.length) throw new ValidationError("request.invalid_input", errors);
}

function columns(input: OfficeInput) {
  const sortedHours: OpeningInterval[] = [...input.openingHours].sort((a, b) => a.weekday - b.weekday || minutesOf(a.from) - minutesOf(b.from));
  const closures: OfficeClosure[] = [...input.closures].sort((a, b) => a.from.localeCompare(b.from));
  return {
    name: input.name,
    address: input.address,
    phone: input.phone,
    email: input.email,
    notes: input.notes,
    openingHours: sortedHours,
    closures,
    slotMinutes: input.slotMinutes,
    capacity: input.capacity,
    horizonDays: input.horizonDays,
    minNoticeHours: input.minNoticeHours,
    needsApproval: input.needsApproval,
    active: input.active,
  };
}

async function writeLinks(ctx: Ctx, officeId: string, input: OfficeInput) {
  await ctx.db.delete(officeServices).where(and(eq(officeServices.officeId, officeId), eq(officeServices.enteId, ctx.ente.id)));
  await ctx.db.delete(officeOperators).where(and(eq(officeOperators.officeId, officeId), eq(officeOperators.enteId, ctx.ente.id)));
  const s = [...new Set(input.serviceIds)];
  const o = [...new Set(input.operatorIds)];
  if (s.length) await ctx.db.insert(officeServices).values(s.map((serviceId) => ({ officeId, serviceId, enteId: ctx.ente.id })));
  if (o.length) await ctx.db.insert(officeOperators).values(o.map((userId) => ({ officeId, userId, enteId: ctx.ente.id })));
}

/** Admin: a new office with its calendar, services and operators; audited. */
export async function createOffice(ctx: Ctx, input: OfficeInput): Promise<Office> {
  assertAdmin(ctx);
  await checkLinks(ctx, input);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(offices)
      .values({ enteId: ctx.ente.id, ...columns(input) })
      .returning();
    if (!row) throw new Error("office insert returned nothing");
    await writeLinks({ ...ctx, db: tx }, row.id, input);
    await recordAudit(tx, { enteId: ctx.ente.id, actor: ctx.actor, action: "office.create", targetType: "office", targetId: row.id, data: { name: row.name } });
    return row;
  });
}

/** Admin: the office's settings and links replaced by `input`; audited. Existing bookings stay as they are. */
export async function updateOffice(ctx: Ctx, id: string, input: OfficeInput): Promise<Office> {
  assertAdmin(ctx);
  await loadOffice(ctx, id, { anyStatus: true });
  await checkLinks(ctx, input);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(offices)
      .set({ ...columns(input), updatedAt: new Date() })
      .where(and(eq(offices.id, id), eq(offices.enteId, ctx.ente.id)))
      .returning();
    if (!row) throw new NotFoundError("appointments.office_not_found");
    await writeLinks({ ...ctx, db: tx }, id, input);
    await recordAudit(tx, { enteId: ctx.ente.id, actor: ctx.actor, action: "office.update", targetType: "office", targetId: id, data: { name: row.name } });
    return row;
  });
}

/** The active offices that receive for a service, alphabetical: what a citizen chooses from. */
export async function officesForService(ctx: Pick<Ctx, "db" | "ente">, serviceId: string): Promise<Office[]> {
  if (!isUuid(serviceId)) return [];
  const rows = await ctx.db
    .select({ office: offices })
    .from(offices)
    .innerJoin(officeServices, eq(officeServices.officeId, offices.id))
    .where(and(eq(offices.enteId, ctx.ente.id), eq(offices.active, true), eq(officeServices.serviceId, serviceId)))
    .orderBy(asc(offices.name));
  return rows.map((r) => r.office);
}

/** The ente's published services that at least one active office receives for, with how many offices. */
export async function bookableServices(ctx: Pick<Ctx, "db" | "ente">): Promise<{ service: Service; offices: number }[]> {
  const rows = await ctx.db
    .select({ service: services, offices: sql<number>`count(distinct ${offices.id})::int` })
    .from(services)
    .innerJoin(officeServices, eq(officeServices.serviceId, services.id))
    .innerJoin(offices, and(eq(offices.id, officeServices.officeId), eq(offices.active, true)))
    .where(and(eq(services.enteId, ctx.ente.id), inArray(services.status, ["available", "scheduled"])))
    .groupBy(services.id)
    .orderBy(asc(services.name));
  return rows;
}
