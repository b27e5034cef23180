import { createEvent } from "ics";

/**
 * The booking as an iCalendar file (RFC 5545), made with the `ics` library: one event with a stable UID per booking
 * and its version as SEQUENCE, so a calendar that imported the confirmation updates the same event when the booking
 * moves, and removes it on a cancellation (METHOD:CANCEL, STATUS:CANCELLED). Times are written in UTC.
 */
export type CalendarEntry = {
  id: string;
  version: number;
  startsAt: Date;
  endsAt: Date;
  title: string;
  description: string;
  location: string;
  url: string;
  organizer: { name: string; email?: string | null };
  cancelled: boolean;
  host: string;
};

export function appointmentIcs(e: CalendarEntry): string {
  const { error, value } = createEvent({
    uid: `${e.id}@${e.host}`,
    sequence: e.version,
    productId: "stanza/appuntamenti",
    method: e.cancelled ? "CANCEL" : "PUBLISH",
    status: e.cancelled ? "CANCELLED" : "CONFIRMED",
    start: e.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: e.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: e.title,
    description: e.description,
    location: e.location,
    url: e.url,
    organizer: e.organizer.email ? { name: e.organizer.name, email: e.organizer.email } : { name: e.organizer.name },
  });
  if (error || !value) throw new Error(`calendar file not built: ${error?.message ?? "no value"}`);
  return value;
}
