import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appointmentEvents, appointments, enti, offices, services, type Appointment, type Ente, type Office, type OutboxRow, type Service } from "@/db/schema";
import AppointmentEmail from "@/emails/appointment";
import { previewLine } from "@/emails/preview-line";
import { fill, formatterFor, isLang, pick, type Lang } from "@/lib/i18n";
import { appointmentStatusLabel, appointmentTexts, APPOINTMENT_EMAIL_KINDS, type AppointmentEmailKind } from "@/lib/i18n/appointments";
import { messageIdFor, senderFor, type Mailer } from "@/lib/notifications/mailer";
import { brandOf } from "@/lib/notifications/model";
import { isQuietTime, nextSendWindow } from "@/lib/notifications/policy";
import { renderTemplate } from "@/lib/notifications/render";
import { emailLabels } from "@/lib/notifications/texts";
import { PermanentDeliveryError } from "@/lib/outbox/errors";
import type { Outcome } from "@/lib/outbox/record";
import { isUuid } from "@/lib/uuid";
import { NotFoundError } from "@/lib/errors";
import { appointmentIdForLink } from "./manage";
import { appointmentIcs } from "./ics";
import { managePath } from "./link";
import type { EmailModel } from "@/emails";

/**
 * The outbox topic "appointment": the emails about a booking, to the address it was booked with. Every one but the
 * refusal carries the calendar file; each links to the booking's page reached without logging in. The reminder is
 * queued for the day before and checked when due: a booking that was cancelled or moved in between sends nothing
 * (the move queued its own reminder); it waits out the ente's quiet hours like any non-urgent notice.
 */
export function createAppointmentHandler(env: { db: DbOrTx; mailer: Mailer; appUrl: string; mailFrom: string }) {
  return async (row: OutboxRow, now: Date): Promise<Outcome> => {
    const kind = row.kind as AppointmentEmailKind;
    if (!(APPOINTMENT_EMAIL_KINDS as readonly string[]).includes(kind)) throw new PermanentDeliveryError(`tipo di avviso sconosciuto: ${row.kind}`);
    const id = row.payload.appointmentId;
    if (!isUuid(id)) throw new PermanentDeliveryError("appuntamento mancante");
    const [found] = await env.db
      .select({ a: appointments, office: offices, service: services, ente: enti })
      .from(appointments)
      .innerJoin(offices, eq(offices.id, appointments.officeId))
      .innerJoin(services, eq(services.id, appointments.serviceId))
      .innerJoin(enti, eq(enti.id, appointments.enteId))
      .where(and(eq(appointments.id, id), eq(appointments.enteId, row.enteId)));
    if (!found) throw new PermanentDeliveryError("appuntamento inesistente");
    const { a, office, service, ente } = found;
    if (!a.email) return { status: "skipped", detail: "nessun indirizzo email: solo telefono" };
    if (kind === "reminder") {
      if (a.status !== "confirmed" && a.status !== "requested") return { status: "cancelled", detail: `promemoria annullato: appuntamento ${a.status}` };
      if (a.startsAt.toISOString() !== row.payload.startsAt) return { status: "cancelled", detail: "promemoria annullato: appuntamento spostato" };
      if (a.startsAt.getTime() <= now.getTime()) return { status: "cancelled", detail: "promemoria annullato: appuntamento già iniziato" };
      if (isQuietTime(ente, now)) {
        const until = nextSendWindow(ente, now);
        if (until.getTime() < a.startsAt.getTime()) return { status: "deferred", until, detail: `fuori orario o giorno festivo: rinviata a ${until.toISOString()}` };
      }
    }
    const message = await eventMessage(env.db, a, row);
    const mail = buildAppointmentEmail({ kind, appt: a, office, service, ente, appUrl: env.appUrl, message });
    const { html, text } = await renderTemplate(AppointmentEmail, mail.model);
    const answer = await env.mailer.send({
      messageId: messageIdFor(row.id, env.mailFrom),
      from: senderFor(ente.name, env.mailFrom),
      to: a.email,
      subject: mail.subject,
      html,
      text,
      attachments: mail.ics ? [{ filename: "appuntamento.ics", content: Buffer.from(mail.ics, "utf8"), contentType: "text/calendar; charset=utf-8; method=" + (mail.cancelled ? "CANCEL" : "PUBLISH") }] : undefined,
      headers: { "X-Stanza-Delivery": row.id, "Auto-Submitted": "auto-generated" },
    });
    return { status: "sent", detail: `${a.email} — ${answer}` };
  };
}

/** The message of the change the email is about (a refusal's or cancellation's reason), as it was then. */
async function eventMessage(db: DbOrTx, a: Appointment, row: OutboxRow): Promise<string | null> {
  if (row.kind !== "refused" && row.kind !== "cancelled") return null;
  const eventId = row.payload.eventId;
  if (isUuid(eventId)) {
    const [ev] = await db.select({ id: appointmentEvents.id }).from(appointmentEvents).where(and(eq(appointmentEvents.id, eventId), eq(appointmentEvents.appointmentId, a.id)));
    if (!ev) throw new PermanentDeliveryError("evento inesistente");
  }
  return a.message;
}

/** Subject, model and calendar file of one appointment email, in the language the booking was made in. */
export function buildAppointmentEmail(args: { kind: AppointmentEmailKind; appt: Appointment; office: Office; service: Pick<Service, "name">; ente: Ente; appUrl: string; message: string | null }) {
  const { kind, appt, office, service, ente, appUrl } = args;
  const lang: Lang = isLang(appt.lang) ? appt.lang : "it";
  const T = pick(appointmentTexts, lang);
  const L = emailLabels(lang);
  const f = formatterFor(lang, ente.timezone);
  const when = f.dateTime(appt.startsAt);
  const link = `${appUrl}${managePath(ente.slug, appt.id)}`;
  const values = { ente: ente.name, servizio: service.name, ufficio: office.name, quando: when, codice: appt.code, messaggio: args.message ?? "" };
  const w = T.emails[kind];
  const paragraphs = fill(w.body, values)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const details: EmailModel["details"] = [
    { label: T.details.code, value: appt.code },
    { label: T.details.when, value: when },
    { label: T.details.office, value: office.name },
  ];
  if (office.address) details.push({ label: T.details.address, value: office.address });
  details.push({ label: T.details.service, value: service.name }, { label: T.details.status, value: appointmentStatusLabel(appt.status, lang) });
  const heading = fill(w.heading, values);
  const model: EmailModel = {
    lang,
    ente: brandOf(ente, appUrl),
    ...previewLine(paragraphs[0] ?? heading),
    heading,
    paragraphs,
    details,
    action: { label: T.manage, url: link },
    whereToRead: T.whereToRead,
    labels: { linkFallback: L.linkFallback, automatic: L.automatic, contacts: L.contacts, pec: L.pec },
  };
  const cancelled = kind === "cancelled" || kind === "refused";
  const ics = kind === "no_show" ? null : calendarFile({ appt, office, service, ente, appUrl, cancelled });
  return { subject: fill(w.subject, values).replace(/\s+/g, " ").trim(), model, ics, cancelled };
}

/** The booking's calendar file (in the booking's language): a cancelled booking's file removes the event. */
export function calendarFile(args: { appt: Appointment; office: Office; service: Pick<Service, "name">; ente: Ente; appUrl: string; cancelled?: boolean }): string {
  const { appt, office, service, ente, appUrl } = args;
  const lang: Lang = isLang(appt.lang) ? appt.lang : "it";
  const T = pick(appointmentTexts, lang);
  const link = `${appUrl}${managePath(ente.slug, appt.id)}`;
  const values = { ente: ente.name, servizio: service.name, codice: appt.code, link };
  return appointmentIcs({
    id: appt.id,
    version: appt.version,
    startsAt: appt.startsAt,
    endsAt: appt.endsAt,
    title: fill(T.calendarTitle, values),
    description: fill(T.calendarDescription, values),
    location: [office.name, office.address].filter(Boolean).join(", "),
    url: link,
    organizer: { name: ente.name, email: office.email ?? ente.email },
    cancelled: args.cancelled ?? (appt.status === "cancelled" || appt.status === "refused"),
    host: hostOf(appUrl),
  });
}

/** The calendar file of the booking a signed link points to (the booking's page offers it for download). */
export async function calendarFileByLink(db: DbOrTx, ente: Ente, token: string, appUrl: string): Promise<{ filename: string; ics: string }> {
  const id = appointmentIdForLink(token);
  const [found] = await db
    .select({ a: appointments, office: offices, service: services })
    .from(appointments)
    .innerJoin(offices, eq(offices.id, appointments.officeId))
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .where(and(eq(appointments.id, id), eq(appointments.enteId, ente.id)));
  if (!found) throw new NotFoundError("appointments.not_found");
  return { filename: `${found.a.code}.ics`, ics: calendarFile({ appt: found.a, office: found.office, service: found.service, ente, appUrl }) };
}

function hostOf(appUrl: string): string {
  try {
    return new URL(appUrl).host || "stanza";
  } catch {
    return "stanza";
  }
}
