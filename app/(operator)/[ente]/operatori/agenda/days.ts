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

/** The day asked for in the query, or today in the ente's time zone. */
export function dayParam(value: string | undefined, timeZone: string, now = new Date()): { day: string; today: string } {
  const today = dateKey(now, timeZone);
  const parsed = dayKeySchema.safeParse(value);
  return { day: parsed.success ? parsed.data : today, today };
}
