import type { Ente } from "@/db/schema";

type Window = Pick<Ente, "timezone" | "quietHoursStart" | "quietHoursEnd" | "holidays">;

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number };

function localParts(at: Date, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute") };
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};
const isoDate = (p: Pick<LocalParts, "year" | "month" | "day">) => `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;

/** The instant at which the wall clock of `timeZone` shows the given local time (two passes cover DST changes). */
export function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wall - shown;
  }
  return new Date(guess);
}

/** The local calendar date (YYYY-MM-DD) of an instant in the ente's time zone. */
export function localDate(at: Date, timeZone: string): string {
  return isoDate(localParts(at, timeZone));
}

/** Outside working hours or on a holiday of the ente: non-urgent notices wait. */
export function isQuietTime(ente: Window, at: Date): boolean {
  const p = localParts(at, ente.timezone);
  if (ente.holidays.includes(isoDate(p))) return true;
  const now = p.hour * 60 + p.minute;
  const start = minutesOf(ente.quietHoursStart);
  const end = minutesOf(ente.quietHoursEnd);
  if (start === end) return false;
  return start > end ? now >= start || now < end : now >= start && now < end;
}

/**
 * The first instant at or after `at` when a non-urgent notice may go out: `at` itself outside quiet hours,
 * otherwise the end of the quiet hours on the next day that is not a holiday.
 */
export function nextSendWindow(ente: Window, at: Date): Date {
  if (!isQuietTime(ente, at)) return at;
  return nextWorkingStart(ente, at);
}

/** The next start of a working window strictly after `at` (the daily digest's time). */
export function nextWorkingStart(ente: Window, at: Date): Date {
  const p = localParts(at, ente.timezone);
  const end = minutesOf(ente.quietHoursEnd);
  for (let offset = 0; offset < 400; offset++) {
    const d = new Date(Date.UTC(p.year, p.month - 1, p.day + offset));
    const candidate = zonedTimeToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), Math.floor(end / 60), end % 60, ente.timezone);
    if (candidate.getTime() > at.getTime() && !isQuietTime(ente, candidate)) return candidate;
  }
  // Every day for a year is a holiday: a configuration error, but never hold notices for ever.
  return new Date(at.getTime() + 86_400_000);
}
