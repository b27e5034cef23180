import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appointmentEvents, partners, partnerServices, type Appointment, type Ente } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorId, type Actor } from "@/lib/context";
import type { AppointmentEmailKind } from "@/lib/i18n/appointments";
import { enqueue, type OutboxInput } from "@/lib/outbox/enqueue";
import { addDays, dateKey, fromWallClock, wallClock } from "@/lib/time/wall-clock";

/** What happened to a booking: its event row, the audit row, the citizen's email, the partners' webhooks. */
export type AppointmentChange = "booked" | "requested" | "approved" | "refused" | "cancelled" | "moved" | "no_show";

export const WEBHOOK_OF: Record<AppointmentChange, "appointment.booked" | "appointment.changed" | "appointment.cancelled"> = {
  booked: "appointment.booked",
  requested: "appointment.booked",
  approved: "appointment.changed",
  moved: "appointment.changed",
  no_show: "appointment.changed",
  refused: "appointment.cancelled",
  cancelled: "appointment.cancelled",
};
export const APPOINTMENT_WEBHOOK_EVENTS = ["appointment.booked", "appointment.changed", "appointment.cancelled"] as const;

/** The hour (ente time) of the day before at which the reminder is due; the outbox's quiet hours still apply. */
export const REMINDER_HOUR = 10;

/** When the reminder for a booking starting at `startsAt` goes out: the day before at REMINDER_HOUR, ente time. */
export function reminderAt(startsAt: Date, timeZone: string): Date {
  const dayBefore = wallClock(addDays(startsAt, -1, timeZone), timeZone);
  return fromWallClock({ year: dayBefore.year, month: dayBefore.month, day: dayBefore.day, hour: REMINDER_HOUR }, timeZone);
}

/**
 * Records a change of a booking in the caller's transaction: the append-only event, the audit row, the email to the
 * citizen (when there is an address; with the calendar file where the time stands), a reminder for the day before
 * (when the booking holds and the day before is still ahead), and a webhook to each partner enabled on the service
 * that subscribed to the event.
 */
export async function recordAppointmentChange(
  tx: DbOrTx,
  ente: Ente,
  actor: Actor,
  appt: Appointment,
  change: AppointmentChange,
  data: Record<string, unknown> = {},
  at: Date = new Date(),
): Promise<void> {
  const [ev] = await tx
    .insert(appointmentEvents)
    .values({ enteId: ente.id, appointmentId: appt.id, kind: change, actorKind: actor.kind, actorId: actorId(actor), data })
    .returning({ id: appointmentEvents.id });
  if (!ev) throw new Error("appointment event insert returned nothing");
  await recordAudit(tx, { enteId: ente.id, actor, action: `appointment.${change}`, targetType: "appointment", targetId: appt.id, data: { code: appt.code, ...data } });

  const rows: OutboxInput[] = [];
  if (appt.email) {
    const kind: AppointmentEmailKind = change;
    rows.push({
      enteId: ente.id,
      praticaId: appt.praticaId,
      topic: "appointment",
      kind,
      payload: { appointmentId: appt.id, eventId: ev.id, urgent: true },
      idempotencyKey: `appointment:${appt.id}:${ev.id}`,
    });
    if (appt.status === "confirmed" || appt.status === "requested") {
      const due = reminderAt(appt.startsAt, ente.timezone);
      // Booked the day before or later: the confirmation is the reminder.
      if (due.getTime() > at.getTime() && dateKey(at, ente.timezone) < dateKey(due, ente.timezone))
        rows.push({
          enteId: ente.id,
          praticaId: appt.praticaId,
          topic: "appointment",
          kind: "reminder",
          payload: { appointmentId: appt.id, startsAt: appt.startsAt.toISOString() },
          availableAt: due,
          idempotencyKey: `appointment:${appt.id}:reminder:${appt.startsAt.toISOString()}`,
        });
    }
  }
  const event = WEBHOOK_OF[change];
  const subscribers = await tx
    .select({ id: partners.id, events: partners.webhookEvents })
    .from(partners)
    .innerJoin(partnerServices, eq(partnerServices.partnerId, partners.id))
    .where(
      and(eq(partners.enteId, ente.id), eq(partnerServices.serviceId, appt.serviceId), isNull(partnerServices.disabledAt), isNull(partners.disabledAt), isNotNull(partners.webhookUrl)),
    );
  for (const p of subscribers) {
    if (p.events.length > 0 && !p.events.includes(event) && !p.events.includes("appointment.*")) continue;
    rows.push({
      enteId: ente.id,
      praticaId: appt.praticaId,
      topic: "webhook",
      kind: event,
      payload: { partnerId: p.id, event, appointmentId: appt.id, change, urgent: true },
      idempotencyKey: `webhook:${p.id}:appointment:${ev.id}`,
    });
  }
  await enqueue(tx, rows);
}
