import { createHash, randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import type { z } from "zod";
import { officeServices, offices, partnerServices, services, type AppointmentEvent, type Office, type Service } from "@/db/schema";
import { bookAppointment } from "@/lib/appointments/book";
import { cancelAppointment, moveAppointment } from "@/lib/appointments/manage";
import { getAppointment, listAppointmentsPage, type AppointmentView } from "@/lib/appointments/queries";
import { availability, type DayAvailability } from "@/lib/appointments/slots";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";
import { dateKey, wallClock } from "@/lib/time/wall-clock";
import type { appointmentDetailSchema, appointmentListSchema, appointmentSchema, appointmentsListQuerySchema, availabilitySchema, AppointmentCreateBody, officeSchema } from "./appointment-schemas";
import { loadPartnerPratica, type PartnerCtx } from "./pratiche";

/**
 * The partner API over lib/appointments: what a partner sees is the appointments, offices and services of its
 * ente on the services it is enabled on (the rule of the pratiche); the domain functions do the rest.
 */

type AppointmentJson = z.output<typeof appointmentSchema>;
type OfficeJson = z.output<typeof officeSchema>;

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function clockTime(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

export function appointmentPath(partnerSlug: string, id: string): string {
  return `/api/v1.0/${partnerSlug}/appuntamenti/${id}`;
}

export function presentAppointment(a: AppointmentView, partnerSlug: string, timeZone: string): AppointmentJson {
  return {
    id: a.id,
    code: a.code,
    status: a.status,
    channel: a.channel,
    office: { id: a.officeId, name: a.officeName, address: a.officeAddress },
    service: { id: a.serviceId, slug: a.serviceSlug, name: a.serviceName },
    starts_at: a.startsAt.toISOString(),
    ends_at: a.endsAt.toISOString(),
    day: dateKey(a.startsAt, timeZone),
    start_time: clockTime(a.startsAt, timeZone),
    end_time: clockTime(a.endsAt, timeZone),
    time_zone: timeZone,
    reason: a.reason,
    message: a.message,
    pratica: a.praticaId ? { id: a.praticaId, number: a.praticaNumero } : null,
    contact: { name: a.name, email: a.email, phone: a.phone, fiscal_code: a.fiscalCode },
    version: a.version,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
    cancelled_at: iso(a.cancelledAt),
    url: appointmentPath(partnerSlug, a.id),
  };
}

/** The partner's services in force: bound and not switched off. */
function enabledServiceIds(ctx: PartnerCtx) {
  return ctx.db
    .select({ id: partnerServices.serviceId })
    .from(partnerServices)
    .where(and(eq(partnerServices.partnerId, ctx.actor.partnerId), isNull(partnerServices.disabledAt)));
}

/** A service of the ente by id or slug that the partner is enabled on: another ente's or an unknown one is 404, one not enabled 403. */
async function partnerService(ctx: PartnerCtx, ref: string): Promise<Service> {
  const [row] = await ctx.db
    .select({ service: services, bound: partnerServices.partnerId, disabledAt: partnerServices.disabledAt })
    .from(services)
    .leftJoin(partnerServices, and(eq(partnerServices.serviceId, services.id), eq(partnerServices.partnerId, ctx.actor.partnerId)))
    .where(and(eq(services.enteId, ctx.ente.id), isUuid(ref) ? or(eq(services.id, ref), eq(services.slug, ref)) : eq(services.slug, ref)));
  if (!row) throw new NotFoundError("service.not_found", {}, { field: "service" });
  if (!row.bound || row.disabledAt) throw new ForbiddenError("partner.not_enabled_service");
  return row.service;
}

/** Active offices of the ente serving at least one service the partner is enabled on, each with those services. */
async function visibleOffices(ctx: PartnerCtx, officeId?: string): Promise<{ office: Office; services: Pick<Service, "id" | "slug" | "name">[] }[]> {
  const rows = await ctx.db
    .select({ office: offices, service: { id: services.id, slug: services.slug, name: services.name } })
    .from(offices)
    .innerJoin(officeServices, eq(officeServices.officeId, offices.id))
    .innerJoin(services, and(eq(services.id, officeServices.serviceId), eq(services.enteId, ctx.ente.id)))
    .where(
      and(
        eq(offices.enteId, ctx.ente.id),
        eq(offices.active, true),
        inArray(officeServices.serviceId, enabledServiceIds(ctx)),
        ...(officeId ? [eq(offices.id, officeId)] : []),
      ),
    )
    .orderBy(asc(offices.name), asc(offices.id), asc(services.name));
  const out = new Map<string, { office: Office; services: Pick<Service, "id" | "slug" | "name">[] }>();
  for (const r of rows) {
    const entry = out.get(r.office.id) ?? { office: r.office, services: [] };
    entry.services.push(r.service);
    out.set(r.office.id, entry);
  }
  return [...out.values()];
}

function presentOffice(o: Office, svc: Pick<Service, "id" | "slug" | "name">[], timeZone: string): OfficeJson {
  return {
    id: o.id,
    name: o.name,
    address: o.address,
    phone: o.phone,
    email: o.email,
    notes: o.notes,
    opening_hours: o.openingHours.map((h) => ({ weekday: h.weekday, from: h.from, to: h.to })),
    closures: o.closures.map((c) => ({ from: c.from, to: c.to, reason: c.reason })),
    slot_minutes: o.slotMinutes,
    capacity: o.capacity,
    horizon_days: o.horizonDays,
    min_notice_hours: o.minNoticeHours,
    needs_approval: o.needsApproval,
    services: svc.map((s) => ({ id: s.id, slug: s.slug, name: s.name })),
    time_zone: timeZone,
  };
}

export async function listPartnerOffices(ctx: PartnerCtx): Promise<{ data: OfficeJson[] }> {
  return { data: (await visibleOffices(ctx)).map((o) => presentOffice(o.office, o.services, ctx.ente.timezone)) };
}

async function loadPartnerOffice(ctx: PartnerCtx, officeId: string) {
  if (!isUuid(officeId)) throw new NotFoundError("appointments.office_not_found");
  const [found] = await visibleOffices(ctx, officeId);
  if (!found) throw new NotFoundError("appointments.office_not_found");
  return found;
}

export async function getPartnerOffice(ctx: PartnerCtx, officeId: string): Promise<OfficeJson> {
  const found = await loadPartnerOffice(ctx, officeId);
  return presentOffice(found.office, found.services, ctx.ente.timezone);
}

/** The bookable slots of a visible office, from `from` (today by default) for `days` days. */
export async function partnerAvailability(ctx: PartnerCtx, officeId: string, q: { from?: string; days: number }, at = new Date()): Promise<z.output<typeof availabilitySchema>> {
  const { office } = await loadPartnerOffice(ctx, officeId);
  const tz = ctx.ente.timezone;
  const days: DayAvailability[] = await availability(ctx, office.id, { from: q.from ?? dateKey(at, tz), days: q.days, at });
  return {
    office: { id: office.id, name: office.name, address: office.address },
    time_zone: tz,
    days: days.map((d) => ({
      day: d.day,
      closed: d.closed,
      reason: d.reason,
      slots: d.slots.map((s) => ({ starts_at: s.startsAt.toISOString(), ends_at: s.endsAt.toISOString(), start_time: clockTime(s.startsAt, tz), free: s.free, capacity: s.capacity })),
    })),
  };
}

export async function listPartnerAppointments(
  ctx: PartnerCtx,
  partnerSlug: string,
  q: z.output<typeof appointmentsListQuerySchema>,
): Promise<z.output<typeof appointmentListSchema>> {
  const page = await listAppointmentsPage(ctx, { cursor: q.cursor, limit: q.limit, from: q.from, to: q.to, status: q.status, officeId: q.ufficio });
  return { data: page.items.map((a) => presentAppointment(a, partnerSlug, ctx.ente.timezone)), next_cursor: page.nextCursor };
}

function presentEvent(e: AppointmentEvent) {
  return { kind: e.kind, actor_kind: e.actorKind, at: e.createdAt.toISOString() };
}

export async function getPartnerAppointment(ctx: PartnerCtx, partnerSlug: string, id: string): Promise<z.output<typeof appointmentDetailSchema>> {
  if (!isUuid(id)) throw new NotFoundError("appointments.not_found");
  const a = await getAppointment(ctx, id);
  return { ...presentAppointment(a, partnerSlug, ctx.ente.timezone), events: a.events.map(presentEvent) };
}

/**
 * The booking's one-time key: from the partner, the request's Idempotency-Key and the booking asked for, so that
 * the same booking sent again with the same key — even after the stored answer has expired — is the same booking,
 * while an old key reused for another booking books that one; a random key without an Idempotency-Key.
 */
export function partnerBookingKey(partnerId: string, idempotencyKey: string | null, request: AppointmentCreateBody): string {
  if (!idempotencyKey) return randomUUID();
  const h = createHash("sha256").update(JSON.stringify(["appointment-booking", partnerId, idempotencyKey, request])).digest("hex");
  // Formatted as a version-5-style UUID (name-based; the database column is a uuid).
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, "0");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export async function createPartnerAppointment(
  ctx: PartnerCtx,
  partnerSlug: string,
  body: AppointmentCreateBody,
  idempotencyKey: string | null,
): Promise<{ appointment: z.output<typeof appointmentDetailSchema>; duplicate: boolean }> {
  const service = await partnerService(ctx, body.service);
  if (body.pratica) await loadPartnerPratica(ctx, body.pratica);
  const booked = await bookAppointment(ctx, {
    officeId: body.office,
    serviceId: service.id,
    startsAt: new Date(body.starts_at),
    reason: body.reason,
    name: body.name,
    email: body.email,
    phone: body.phone,
    fiscalCode: body.fiscal_code,
    praticaId: body.pratica ?? null,
    bookingKey: partnerBookingKey(ctx.actor.partnerId, idempotencyKey, body),
  }).catch((err: unknown) => {
    throw err instanceof ValidationError ? withApiFieldNames(err) : err;
  });
  return { appointment: await getPartnerAppointment(ctx, partnerSlug, booked.appointment.id), duplicate: booked.duplicate };
}

/** The booking's field errors under the names of the API's body (starts_at, fiscal_code, pratica). */
const BODY_FIELD: Record<string, string> = { startsAt: "starts_at", fiscalCode: "fiscal_code", praticaId: "pratica", officeId: "office", serviceId: "service" };
function withApiFieldNames(err: ValidationError): ValidationError {
  return new ValidationError(
    err.code,
    err.fieldErrors.map((f) => ({ ...f, path: BODY_FIELD[f.path] ?? f.path })),
    err.params,
  );
}

export async function cancelPartnerAppointment(ctx: PartnerCtx, partnerSlug: string, id: string, message: string | undefined) {
  if (!isUuid(id)) throw new NotFoundError("appointments.not_found");
  await cancelAppointment(ctx, id, message);
  return getPartnerAppointment(ctx, partnerSlug, id);
}

/** Moves a booking to another free slot of its office (a request stays a request). */
export async function movePartnerAppointment(ctx: PartnerCtx, partnerSlug: string, id: string, startsAt: string) {
  if (!isUuid(id)) throw new NotFoundError("appointments.not_found");
  await moveAppointment(ctx, id, new Date(startsAt)).catch((err: unknown) => {
    throw err instanceof ValidationError ? withApiFieldNames(err) : err;
  });
  return getPartnerAppointment(ctx, partnerSlug, id);
}
