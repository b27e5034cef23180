import { formatDate, type Lang } from "@/lib/i18n";

/**
 * A pagoPA due day (YYYY-MM-DD, already a calendar day of the ente's) in words ("31 dicembre 2026"). It is written
 * as that day, never moved through a time zone (noon UTC read in a zone 14 hours ahead is the next day), so
 * `_timeZone` is only the caller's context.
 */
export function formatDueDay(day: string, lang: Lang, _timeZone?: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDate(new Date(`${day}T12:00:00Z`), lang, "UTC") : day;
}
