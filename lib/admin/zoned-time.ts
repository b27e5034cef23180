/** Offset (ms) of `timeZone` from UTC at instant `at`. */
function offsetAt(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** "YYYY-MM-DDTHH:MM" read as wall-clock time in `timeZone` → the instant. */
export function zonedLocalToDate(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let at = guess - offsetAt(guess, timeZone);
  at = guess - offsetAt(at, timeZone);
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The instant as "YYYY-MM-DDTHH:MM" wall-clock time in `timeZone` (for datetime-local inputs). */
export function dateToZonedLocal(d: Date | null | undefined, timeZone: string): string {
  if (!d) return "";
  const shifted = new Date(d.getTime() + offsetAt(d.getTime(), timeZone));
  return shifted.toISOString().slice(0, 16);
}
