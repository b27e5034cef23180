import type { AppointmentStatus } from "@/db/schema";

type Timed = { status: AppointmentStatus; startsAt: Date; endsAt: Date };

/**
 * The personal area's two lists: upcoming (requested or confirmed, not yet over), soonest first; then all the
 * others (over, cancelled, refused, missed), latest first.
 */
export function splitAppointments<T extends Timed>(items: readonly T[], now = new Date()): { upcoming: T[]; past: T[] } {
  const isUpcoming = (a: T) => (a.status === "requested" || a.status === "confirmed") && a.endsAt.getTime() > now.getTime();
  const upcoming = items.filter(isUpcoming).sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
  const past = items.filter((a) => !isUpcoming(a)).sort((x, y) => y.startsAt.getTime() - x.startsAt.getTime());
  return { upcoming, past };
}

/** Whether the citizen may still cancel or move it: requested or confirmed, and not yet started. */
export function isChangeable(a: Timed, now = new Date()): boolean {
  return (a.status === "requested" || a.status === "confirmed") && a.startsAt.getTime() > now.getTime();
}
