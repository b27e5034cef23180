import { formatDate, type Lang } from "@/lib/i18n";

/**
 * A pagoPA due day (YYYY-MM-DD, a calendar day in the ente's time zone) in words ("31 dicembre 2026"): read at noon
 * UTC, so no time zone moves it to the day before or after.
 */
export function formatDueDay(day: string, lang: Lang, timeZone: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDate(new Date(`${day}T12:00:00Z`), lang, timeZone) : day;
}
