import { and, asc, eq, gt, gte, inArray, isNull, lt, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appointmentEvents, appointments, offices, partnerServices, pratiche, services, type AppointmentEvent, type AppointmentStatus, type Ente, type Office } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { BadRequestError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { praticaNumber } from "@/lib/pratiche/number";
import { startOfDay } from "@/lib/time/wall-clock";
import { isUuid } from "@/lib/uuid";
import { isPartnerEnabled } from "@/lib/workflow/guards";
import { appointmentIdForLink } from "./manage";
import { staffOfficeIds } from "./offices";
import { assertDayRange, nextDay } from "./slots";

export type AppointmentView = typeof appointments.$inferSelect & { officeName: string; officeAddress: string; serviceName: string; serviceSlug: string; praticaNumero: string | null };

const viewColumns = {
  a: appointments,
  officeName: offices.name,
  officeAddress: offices.address,
  serviceName: services.name,
  serviceSlug: services.slug,
  praticaId: pratiche.id,
  praticaNumeroRaw: pratiche.numero,
};

async function selectViews(db: DbOrTx, where: SQL | undefined, order: SQL[], limit?: number): Promise<AppointmentView[]> {
  const q = db
    .select(viewColumns)
    .from(appointments)
    .innerJoin(offices, eq(offices.id, appointments.officeId))
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .leftJoin(pratiche, eq(pratiche.id, appointments.praticaId))
    .where(where)
    .orderBy(...order);
  const rows = limit ? await q.limit(limit) : await q;
  return rows.map((r) => ({
    ...r.a,
    officeName: r.officeName,
    officeAddress: r.officeAddress,
    serviceName: r.serviceName,
    serviceSlug: r.serviceSlug,
    praticaNumero: r.praticaId ? praticaNumber({ id: r.praticaId, numero: r.praticaNumeroRaw }) : null,
  }));
}

/** The signed-in citizen's bookings: upcoming first (soonest first), then past ones (latest first). */
export async function listMyAppointments(ctx: Ctx, opts: { at?: Date } = {}): Promise<AppointmentView[]> {
  if (ctx.actor.kind !== "citizen") throw new ForbiddenError("request.forbidden");
  const at = opts.at ?? new Date();
  const rows = await selectViews(ctx.db, and(eq(appointments.enteId, ctx.ente.id), eq(appointments.citizenId, ctx.actor.userId)), [asc(appointments.startsAt)]);
  const upcoming = rows.filter((r) => r.endsAt.getTime() > at.getTime());
  const past = rows.filter((r) => r.endsAt.getTime() <= at.getTime()).reverse();
  return [...upcoming, ...past];
}

/** The bookings linked to a pratica the actor may already see (the pratica's page checks that). */
export async function appointmentsOfPratica(ctx: Ctx, praticaId: string): Promise<AppointmentView[]> {
  if (!isUuid(praticaId)) return [];
  return selectViews(ctx.db, and(eq(appointments.enteId, ctx.ente.id), eq(appointments.praticaId, praticaId)), [asc(appointments.startsAt)]);
}

async function withEvents(db: DbOrTx, v: AppointmentView): Promise<AppointmentView & { events: AppointmentEvent[] }> {
  const events = await db.select().from(appointmentEvents).where(eq(appointmentEvents.appointmentId, v.id)).orderBy(asc(appointmentEvents.createdAt));
  return { ...v, events };
}

/** One booking with its history: for staff of its office, the citizen it belongs to, a partner enabled on its service. */
export async function getAppointment(ctx: Ctx, id: string): Promise<AppointmentView & { events: AppointmentEvent[] }> {
  if (!isUuid(id)) throw new NotFoundError("appointments.not_found");
  const [v] = await selectViews(ctx.db, and(eq(appointments.id, id), eq(appointments.enteId, ctx.ente.id)), [asc(appointments.startsAt)]);
  if (!v) throw new NotFoundError("appointments.not_found");
  const a = ctx.actor;
  const allowed =
    a.kind === "admin" ||
    (a.kind === "operator" && (await staffOfficeIds(ctx)).includes(v.officeId)) ||
    (a.kind === "citizen" && v.citizenId === a.userId) ||
    (a.kind === "partner" && (await isPartnerEnabled(ctx.db, a.partnerId, v.serviceId)));
  if (!allowed) throw new NotFoundError("appointments.not_found");
  return withEvents(ctx.db, v);
}

/** The booking a signed link in an email points to (no login). */
export async function appointmentByLink(db: DbOrTx, ente: Ente, token: string): Promise<AppointmentView & { events: AppointmentEvent[] }> {
  const id = appointmentIdForLink(token);
  const [v] = await selectViews(db, and(eq(appointments.id, id), eq(appointments.enteId, ente.id)), [asc(appointments.startsAt)]);
  if (!v) throw new NotFoundError("appointments.not_found");
  return withEvents(db, v);
}

/**
 * The agenda of the staff member's offices (or one of them) for `days` days from `from` (a date key, ente time):
 * every booking, by day and time. Cancelled and refused ones are listed too (the desk sees what changed).
 */
export async function agenda(ctx: Ctx, opts: { officeId?: string; from: string; days: number }): Promise<{ offices: Office[]; days: { day: string; items: AppointmentView[] }[] }> {
  if (ctx.actor.kind !== "operator" && ctx.actor.kind !== "admin") throw new ForbiddenError("request.forbidden");
  const mine = await staffOfficeIds(ctx);
  if (opts.officeId !== undefined && !mine.includes(opts.officeId)) throw new NotFoundError("appointments.office_not_found");
  const ids = opts.officeId ? [opts.officeId] : mine;
  const days = Math.max(1, Math.min(opts.days, 31));
  assertDayRange(opts.from, days);
  const dayKeys = Array.from({ length: days }, (_, i) => nextDay(opts.from, i));
  if (ids.length === 0) return { offices: [], days: dayKeys.map((day) => ({ day, items: [] })) };
  const tz = ctx.ente.timezone;
  const from = startOfDay(opts.from, tz);
  const to = startOfDay(nextDay(opts.from, days), tz);
  const [officeRows, items] = await Promise.all([
    ctx.db.select().from(offices).where(and(eq(offices.enteId, ctx.ente.id), inArray(offices.id, ids))).orderBy(asc(offices.name)),
    selectViews(ctx.db, and(eq(appointments.enteId, ctx.ente.id), inArray(appointments.officeId, ids), gte(appointments.startsAt, from), lt(appointments.startsAt, to)), [asc(appointments.startsAt), asc(offices.name), asc(appointments.seat)]),
  ]);
  const byDay = new Map<string, AppointmentView[]>(dayKeys.map((d) => [d, []]));
  for (const it of items) {
    // The day of the booking in the ente's zone: the one whose start is the last not after it.
    const key = dayKeys.filter((d) => startOfDay(d, tz).getTime() <= it.startsAt.getTime()).at(-1);
    if (key) byDay.get(key)!.push(it);
  }
  return { offices: officeRows, days: dayKeys.map((day) => ({ day, items: byDay.get(day)! })) };
}

type Cursor = { c: string; i: string };
function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}
function decodeCursor(s: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown;
    if (v && typeof v === "object" && typeof (v as Cursor).c === "string" && isUuid((v as Cursor).i) && !Number.isNaN(Date.parse((v as Cursor).c))) return v as Cursor;
  } catch {
    // falls through
  }
  throw new BadRequestError("request.bad", {}, { field: "cursor" });
}

/**
 * A partner's page of bookings on the services it is enabled on, in the order they were made (created_at, id), so
 * a cursor walk sees each booking once even while new ones arrive. Filters: day range of the appointment (ente
 * time, `to` inclusive), status, office.
 */
export async function listAppointmentsPage(
  ctx: Ctx,
  opts: { cursor?: string; limit: number; from?: string; to?: string; status?: AppointmentStatus; officeId?: string },
): Promise<{ items: AppointmentView[]; nextCursor: string | null }> {
  if (ctx.actor.kind !== "partner") throw new ForbiddenError("request.forbidden");
  const limit = Math.max(1, Math.min(opts.limit, 100));
  const enabled = (
    await ctx.db
      .select({ id: partnerServices.serviceId })
      .from(partnerServices)
      .where(and(eq(partnerServices.partnerId, ctx.actor.partnerId), isNull(partnerServices.disabledAt)))
  ).map((r) => r.id);
  if (enabled.length === 0) return { items: [], nextCursor: null };
  const tz = ctx.ente.timezone;
  const conds: (SQL | undefined)[] = [eq(appointments.enteId, ctx.ente.id), inArray(appointments.serviceId, enabled)];
  if (opts.from) assertDayRange(opts.from, 0, "from");
  if (opts.to) assertDayRange(opts.to, 1, "to");
  if (opts.from) conds.push(gte(appointments.startsAt, startOfDay(opts.from, tz)));
  if (opts.to) conds.push(lt(appointments.startsAt, startOfDay(nextDay(opts.to), tz)));
  if (opts.status) conds.push(eq(appointments.status, opts.status));
  if (opts.officeId) conds.push(eq(appointments.officeId, opts.officeId));
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    const at = new Date(c.c);
    conds.push(or(gt(appointments.createdAt, at), and(eq(appointments.createdAt, at), gt(appointments.id, c.i))));
  }
  const rows = await selectViews(ctx.db, and(...conds), [asc(appointments.createdAt), asc(appointments.id)], limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id }) : null };
}

