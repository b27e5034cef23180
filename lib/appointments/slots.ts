import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { appointments, HOLDING_APPOINTMENT_STATUSES, type Ente, type Office } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ValidationError, fieldError } from "@/lib/errors";
import { addDays, dateKey, fromWallClock, startOfDay, wallClock } from "@/lib/time/wall-clock";
import { loadOffice, minutesOf } from "./offices";

/**
 * The slots of an office's calendar. A slot is a wall-clock time of the ente's zone (09:00, 09:15 …) inside an
 * opening interval, as long as the interval has room for the whole slot. Days are closed by the weekday (no
 * opening hours), the ente's holidays and the office's closures. On the days summer time starts or ends a slot
 * keeps its wall-clock time; a wall-clock time that does not exist that day (the skipped hour in March) is no slot.
 */

export type SlotTime = { startsAt: Date; endsAt: Date };
export type Slot = SlotTime & { free: number; capacity: number };
export type ClosedReason = null | "weekday" | "holiday" | "closure";
export type DayAvailability = { day: string; closed: ClosedReason; reason: string | null; slots: Slot[] };

/** ISO weekday (1 = Monday … 7 = Sunday) of a date key. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The next date key after `day` (`n` days later); "" when there is no such day (not a date, or past the year 9999). */
export function nextDay(day: string, n = 1): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 10);
}

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `from` and the day `days` after it as real calendar days of four-digit years: a range the clock cannot read
 * (2027-13-45, or running past 9999-12-31) is the caller's bad input, refused as such instead of failing deep down.
 */
export function assertDayRange(from: string, days: number, field = "from"): void {
  const end = nextDay(from, Math.max(0, days));
  const real = (k: string) => DAY_KEY.test(k) && nextDay(k, 0) === k;
  if (!real(from) || !real(end)) throw new ValidationError("request.invalid_input", [fieldError(field, "field.format")]);
}

/** Why the office receives nobody on `day`, or null when it is open (by its hours, the ente's holidays, its closures). */
export function closedOn(office: Pick<Office, "openingHours" | "closures">, ente: Pick<Ente, "holidays">, day: string): { closed: ClosedReason; reason: string | null } {
  const closure = office.closures.find((c) => c.from <= day && day <= c.to);
  if (closure) return { closed: "closure", reason: closure.reason || null };
  if (ente.holidays.includes(day)) return { closed: "holiday", reason: null };
  if (!office.openingHours.some((h) => h.weekday === isoWeekday(day))) return { closed: "weekday", reason: null };
  return { closed: null, reason: null };
}

/** The slots of `day` by the office's hours (the day's closures are not checked here). */
export function slotTimes(office: Pick<Office, "openingHours" | "slotMinutes">, day: string, timeZone: string): SlotTime[] {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const out: SlotTime[] = [];
  const step = office.slotMinutes;
  const intervals = office.openingHours.filter((h) => h.weekday === isoWeekday(day)).sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
  for (const h of intervals) {
    for (let m = minutesOf(h.from); m + step <= minutesOf(h.to); m += step) {
      const hour = Math.floor(m / 60);
      const minute = m % 60;
      const startsAt = fromWallClock({ year, month, day: date, hour, minute }, timeZone);
      // The skipped hour of the spring change: 02:30 does not exist; fromWallClock would give 03:30, which is its own slot.
      const w = wallClock(startsAt, timeZone);
      if (w.hour !== hour || w.minute !== minute || w.day !== date) continue;
      out.push({ startsAt, endsAt: new Date(startsAt.getTime() + step * 60_000) });
    }
  }
  return out;
}

/** Whether `startsAt` is a slot of the office's calendar on its day, open, and bookable at `at` by the rules for citizens. */
export function isBookableTime(office: Office, ente: Pick<Ente, "holidays" | "timezone">, startsAt: Date, at: Date, opts: { staff?: boolean } = {}): SlotTime | null {
  const day = dateKey(startsAt, ente.timezone);
  if (closedOn(office, ente, day).closed) return null;
  const slot = slotTimes(office, day, ente.timezone).find((s) => s.startsAt.getTime() === startsAt.getTime());
  if (!slot) return null;
  if (!withinWindow(office, ente, slot.startsAt, at, opts)) return null;
  return slot;
}

/** Citizens book at least `minNoticeHours` ahead and at most `horizonDays` days ahead; staff from now on, any distance. */
function withinWindow(office: Office, ente: Pick<Ente, "timezone">, startsAt: Date, at: Date, opts: { staff?: boolean }): boolean {
  if (opts.staff) return startsAt.getTime() > at.getTime();
  if (startsAt.getTime() < at.getTime() + office.minNoticeHours * 3_600_000) return false;
  const lastDay = dateKey(addDays(at, office.horizonDays, ente.timezone), ente.timezone);
  return dateKey(startsAt, ente.timezone) <= lastDay;
}

/** Places taken per slot start (ms) of an office between two instants. */
export async function takenPlaces(db: Ctx["db"], officeId: string, from: Date, to: Date): Promise<Map<number, number>> {
  const rows = await db
    .select({ startsAt: appointments.startsAt, n: sql<number>`count(*)::int` })
    .from(appointments)
    .where(and(eq(appointments.officeId, officeId), gte(appointments.startsAt, from), lt(appointments.startsAt, to), inArray(appointments.status, [...HOLDING_APPOINTMENT_STATUSES])))
    .groupBy(appointments.startsAt);
  return new Map(rows.map((r) => [new Date(r.startsAt).getTime(), r.n]));
}

/**
 * The office's days from `from` (a date key) for `days` days, with each open day's slots and their free places.
 * Slots a citizen may not book (too soon, beyond the horizon, past) are left out; staff see every future slot.
 */
export async function availability(ctx: Pick<Ctx, "db" | "ente" | "actor">, officeId: string, opts: { from: string; days: number; at?: Date; office?: Office }): Promise<DayAvailability[]> {
  const office = opts.office ?? (await loadOffice(ctx, officeId));
  const tz = ctx.ente.timezone;
  const at = opts.at ?? new Date();
  const days = Math.max(1, Math.min(opts.days, 62));
  assertDayRange(opts.from, days);
  const staff = ctx.actor.kind === "operator" || ctx.actor.kind === "admin";
  const start = startOfDay(opts.from, tz);
  const end = startOfDay(nextDay(opts.from, days), tz);
  const taken = await takenPlaces(ctx.db, office.id, start, end);
  const out: DayAvailability[] = [];
  for (let i = 0; i < days; i++) {
    const day = nextDay(opts.from, i);
    const c = closedOn(office, ctx.ente, day);
    if (c.closed) {
      out.push({ day, closed: c.closed, reason: c.reason, slots: [] });
      continue;
    }
    const slots = slotTimes(office, day, tz)
      .filter((s) => withinWindow(office, ctx.ente, s.startsAt, at, { staff }))
      .map((s) => ({ ...s, capacity: office.capacity, free: Math.max(0, office.capacity - (taken.get(s.startsAt.getTime()) ?? 0)) }));
    out.push({ day, closed: null, reason: null, slots });
  }
  return out;
}

/** The first slot with a free place a citizen could book now, looking as far as the office's horizon; null when none. */
export async function nextFreeSlot(ctx: Pick<Ctx, "db" | "ente">, officeId: string, at: Date = new Date(), office?: Office): Promise<Slot | null> {
  const o = office ?? (await loadOffice(ctx, officeId));
  const tz = ctx.ente.timezone;
  let from = dateKey(at, tz);
  const last = dateKey(addDays(at, o.horizonDays, tz), tz);
  while (from <= last) {
    const days = await availability({ ...ctx, actor: { kind: "system", reason: "next-free-slot" } }, o.id, { from, days: 14, at, office: o });
    for (const d of days) {
      const s = d.slots.find((x) => x.free > 0);
      if (s) return s;
    }
    from = nextDay(from, 14);
  }
  return null;
}
