import type { Ente } from "@/db/schema";
import { addDays, dateKey, fromWallClock, wallClock } from "@/lib/time/wall-clock";

type Window = Pick<Ente, "timezone" | "quietHoursStart" | "quietHoursEnd" | "holidays">;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Outside working hours or on a holiday of the ente: non-urgent notices wait. */
export function isQuietTime(ente: Window, at: Date): boolean {
  if (ente.holidays.includes(dateKey(at, ente.timezone))) return true;
  const p = wallClock(at, ente.timezone);
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
  const p = wallClock(at, ente.timezone);
  const end = minutesOf(ente.quietHoursEnd);
  for (let offset = 0; offset < 400; offset++) {
    const candidate = fromWallClock({ year: p.year, month: p.month, day: p.day + offset, hour: Math.floor(end / 60), minute: end % 60 }, ente.timezone);
    if (candidate.getTime() > at.getTime() && !isQuietTime(ente, candidate)) return candidate;
  }
  // Every day for a year is a holiday: a configuration error, but never hold notices for ever.
  return addDays(at, 1, ente.timezone);
}
