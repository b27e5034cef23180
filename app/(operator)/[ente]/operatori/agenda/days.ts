import { z } from "zod";
import { dateKey } from "@/lib/time/wall-clock";

/** Calendar arithmetic on day keys ("YYYY-MM-DD"): a day key is a date, not an instant, so UTC is exact here. */
const asUtc = (key: string) => new Date(`${key}T00:00:00Z`);
const keyOf = (d: Date) => d.toISOString().slice(0, 10);

export const dayKeySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((k) => !Number.isNaN(asUtc(k).getTime()) && keyOf(asUtc(k)) === k);

export function shiftDay(key: string, days: number): string {
  const d = asUtc(key);
  d.setUTCDate(d.getUTCDate() + days);
  return keyOf(d);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day key. */
export function isoWeekday(key: string): number {
  return asUtc(key).getUTCDay() || 7;
}

export function mondayOf(key: string): string {
  return shiftDay(key, 1 - isoWeekday(key));
}

/** How far from today the agenda goes by its address (its week view must not run past the last day there is). */
const AGENDA_YEARS = 10;

/** The day asked for in the query, or today in the ente's time zone (also for a day more than ten years away). */
export function dayParam(value: string | undefined, timeZone: string, now = new Date()): { day: string; today: string } {
  const today = dateKey(now, timeZone);
  const parsed = dayKeySchema.safeParse(value);
  const y = Number(today.slice(0, 4));
  const near = (k: string) => Math.abs(Number(k.slice(0, 4)) - y) <= AGENDA_YEARS;
  return { day: parsed.success && near(parsed.data) ? parsed.data : today, today };
}
