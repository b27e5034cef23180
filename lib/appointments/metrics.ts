import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appointments, offices, type Ente, type Office } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { staffOfficeIds } from "./offices";
import { nextFreeSlot } from "./slots";

/** The metrics' period: the last this many days up to now. */
export const APPOINTMENT_METRICS_DAYS = 30;

export type OfficeAppointmentMetrics = {
  officeId: string;
  name: string;
  active: boolean;
  /** Bookings made in the period (whatever became of them). */
  bookings: number;
  /** Bookings cancelled in the period (by the citizen, the office or a partner; refusals are not cancellations). */
  cancellations: number;
  /** Appointments of the period the citizen did not come to. */
  noShows: number;
  /** The first place a citizen could book now (notice and horizon applied), null when none is free or the office is closed to bookings. */
  nextFreeAt: Date | null;
  /** Days from now to that place, one decimal. */
  daysToNextFree: number | null;
};

export type PublicAppointmentMetrics = {
  offices: number;
  bookings: number;
  cancellations: number;
  noShows: number;
  /** The median over the active offices that have a free place of the days to it; null when none has one. */
  medianDaysToNextFree: number | null;
  periodDays: number;
};

const DAY_MS = 86_400_000;

function daysBetween(now: Date, at: Date): number {
  return Math.max(0, Math.round(((at.getTime() - now.getTime()) / DAY_MS) * 10) / 10);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

/** Counts per office over the period (only counts: no names, no contacts). */
async function countsByOffice(db: DbOrTx, enteId: string, officeIds: string[] | null, now: Date, periodDays: number) {
  if (officeIds && officeIds.length === 0) return new Map<string, { bookings: number; cancellations: number; noShows: number }>();
  const since = new Date(now.getTime() - periodDays * DAY_MS);
  // Timestamps as text with a cast: a bare Date in a raw fragment is not serialized by every driver.
  const sinceTs = sql`${since.toISOString()}::timestamptz`;
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const rows = await db
    .select({
      officeId: appointments.officeId,
      bookings: sql<number>`count(*) filter (where ${appointments.createdAt} >= ${sinceTs} and ${appointments.createdAt} <= ${nowTs})::int`,
      cancellations: sql<number>`count(*) filter (where ${appointments.status} = 'cancelled' and coalesce(${appointments.cancelledAt}, ${appointments.updatedAt}) >= ${sinceTs} and coalesce(${appointments.cancelledAt}, ${appointments.updatedAt}) <= ${nowTs})::int`,
      noShows: sql<number>`count(*) filter (where ${appointments.status} = 'no_show' and ${appointments.startsAt} >= ${sinceTs} and ${appointments.startsAt} <= ${nowTs})::int`,
    })
    .from(appointments)
    .where(and(eq(appointments.enteId, enteId), officeIds ? inArray(appointments.officeId, officeIds) : undefined))
    .groupBy(appointments.officeId);
  return new Map(rows.map((r) => [r.officeId, { bookings: Number(r.bookings), cancellations: Number(r.cancellations), noShows: Number(r.noShows) }]));
}

/** The first free place as a citizen booking without logging in sees it (the notice and the horizon apply). */
async function citizenNextFree(db: DbOrTx, ente: Ente, office: Office, now: Date): Promise<Date | null> {
  const slot = await nextFreeSlot({ db, ente }, office.id, now, office);
  return slot?.startsAt ?? null;
}

/**
 * "Metriche di utilizzo", appointments: per office the acting staff member works at (an admin: every office of the
 * ente), the bookings, cancellations and no-shows of the last `periodDays` days, and the time to the next free place.
 */
export async function officeAppointmentMetrics(ctx: Ctx, now = new Date(), periodDays = APPOINTMENT_METRICS_DAYS): Promise<OfficeAppointmentMetrics[]> {
  const ids = await staffOfficeIds(ctx);
  if (ids.length === 0) return [];
  const [rows, counts] = await Promise.all([
    ctx.db
      .select()
      .from(offices)
      .where(and(eq(offices.enteId, ctx.ente.id), inArray(offices.id, ids)))
      .orderBy(asc(offices.name)),
    countsByOffice(ctx.db, ctx.ente.id, ids, now, periodDays),
  ]);
  const out: OfficeAppointmentMetrics[] = [];
  for (const o of rows) {
    const next = o.active ? await citizenNextFree(ctx.db, ctx.ente, o, now) : null;
    const c = counts.get(o.id) ?? { bookings: 0, cancellations: 0, noShows: 0 };
    out.push({ officeId: o.id, name: o.name, active: o.active, ...c, nextFreeAt: next, daysToNextFree: next ? daysBetween(now, next) : null });
  }
  return out;
}

/**
 * The public monitoring page's appointment figures: the ente's totals over the period and the median wait for the
 * first free place across its active offices. Aggregate and anonymous.
 */
export async function publicAppointmentMetrics(db: DbOrTx, ente: Ente, now = new Date(), periodDays = APPOINTMENT_METRICS_DAYS): Promise<PublicAppointmentMetrics> {
  const [active, counts] = await Promise.all([
    db.select().from(offices).where(and(eq(offices.enteId, ente.id), eq(offices.active, true))),
    countsByOffice(db, ente.id, null, now, periodDays),
  ]);
  const waits: number[] = [];
  for (const o of active) {
    const next = await citizenNextFree(db, ente, o, now);
    if (next) waits.push(daysBetween(now, next));
  }
  const sum = (k: "bookings" | "cancellations" | "noShows") => [...counts.values()].reduce((a, c) => a + c[k], 0);
  return { offices: active.length, bookings: sum("bookings"), cancellations: sum("cancellations"), noShows: sum("noShows"), medianDaysToNextFree: median(waits), periodDays };
}
