/**
 * The one module for wall-clock time: what a clock in the ente's time zone (Europe/Rome unless the ente says
 * otherwise) shows at an instant, and the instant at which it shows a given date and time. Everything that
 * turns "a day", "09:00" or "the year" of an ente into instants goes through here, so summer time is handled in
 * one place.
 *
 * Summer-time changes follow the "compatible" rule of JavaScript's Temporal: a wall-clock time in the gap of
 * spring (Rome, last Sunday of March, 02:00–03:00) is read with the offset before the change, so 02:30 becomes
 * 03:30 summer time; a time in the repeated hour of autumn (last Sunday of October, 02:00–03:00) is its first
 * occurrence, still in summer time.
 */

/** The time zone of an ente that does not set its own (`enti.timezone` defaults to it too). */
export const ROME = "Europe/Rome";

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };
/** A wall-clock date with an optional time (missing fields are 0); fields past their range carry over (day 32 → next month). */
export type WallClockInput = { year: number; month: number; day: number; hour?: number; minute?: number; second?: number };

const DAY_MS = 86_400_000;

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using it. Zones are few (IANA names).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** What the clock of `timeZone` shows at `at` (month 1–12, hour 0–23). */
export function wallClock(at: Date, timeZone: string = ROME): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type in out) out[p.type as keyof WallClock] = Number(p.value);
  }
  return out;
}

/** The offset (ms) of `timeZone` from UTC at the instant `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(new Date(ms), timeZone);
  const whole = Math.floor(ms / 1000) * 1000;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

/** The instant at which the clock of `timeZone` shows the given date and time (see the summer-time rule above). */
export function fromWallClock(w: WallClockInput, timeZone: string = ROME): Date {
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour ?? 0, w.minute ?? 0, w.second ?? 0);
  // The offsets a day either side: equal except near a change (no zone changes twice within two days).
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => t + offsetAt(t, timeZone) === wall);
  // Repeated hour: two candidates, the earlier wins. Gap: none, the offset before the change is used.
  return new Date(candidates.length > 0 ? Math.min(...candidates) : wall - before);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The calendar date (YYYY-MM-DD) of `at` in `timeZone`: the key of "a day" of the ente. */
export function dateKey(at: Date, timeZone: string = ROME): string {
  const w = wallClock(at, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The month (YYYY-MM) of `at` in `timeZone`. */
export function monthKey(at: Date, timeZone: string = ROME): string {
  return dateKey(at, timeZone).slice(0, 7);
}

const DATE_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** A real calendar date "YYYY-MM-DD" as numbers, or null (2026-02-30 is null). */
function parseDateKey(key: string): { year: number; month: number; day: number } | null {
  const m = DATE_KEY.exec(key);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day } : null;
}

/**
 * The instant at which the day of `at` begins in `timeZone`; `at` is an instant or a date key "YYYY-MM-DD"
 * (a string that is not a real date throws a RangeError: parse input with zod first).
 */
export function startOfDay(at: Date | string, timeZone: string = ROME): Date {
  const d = typeof at === "string" ? parseDateKey(at) : wallClock(at, timeZone);
  if (!d) throw new RangeError(`not a date: ${String(at)}`);
  return fromWallClock({ year: d.year, month: d.month, day: d.day }, timeZone);
}

/** The same wall-clock time `days` calendar days later (or earlier) in `timeZone`: 23 or 25 hours across a change. */
export function addDays(at: Date, days: number, timeZone: string = ROME): Date {
  const w = wallClock(at, timeZone);
  return fromWallClock({ ...w, day: w.day + days }, timeZone);
}

/** "YYYY-MM-DDTHH:MM" (a datetime-local input) read as wall-clock time in `timeZone`; null when it is no such time. */
export function fromLocalDateTime(local: string, timeZone: string = ROME): Date | null {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m || !parseDateKey(local.slice(0, 10))) return null;
  const [hour, minute] = [Number(m[4]), Number(m[5])];
  if (hour > 23 || minute > 59) return null;
  return fromWallClock({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour, minute }, timeZone);
}

/** The instant as "YYYY-MM-DDTHH:MM" wall-clock time in `timeZone` (the value of a datetime-local input); "" for none. */
export function toLocalDateTime(at: Date | null | undefined, timeZone: string = ROME): string {
  if (!at) return "";
  const w = wallClock(at, timeZone);
  return `${dateKey(at, timeZone)}T${pad(w.hour)}:${pad(w.minute)}`;
}
