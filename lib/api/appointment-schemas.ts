import { z } from "zod";
import { APPOINTMENT_WEBHOOK_EVENTS } from "@/lib/appointments/effects";
import { SLUG_PATTERN } from "@/lib/slug";

export { APPOINTMENT_WEBHOOK_EVENTS };

/**
 * The partner API's appointment schemas (extension beyond the operator manual): the handlers validate with them
 * and lib/api/openapi.ts turns them into the OpenAPI document. Field names are English snake_case like the other
 * extensions; the paths are Italian (`appuntamenti`, `uffici`, `disponibilita`).
 */
const isoDateTime = z.iso.datetime({ offset: true });
const day = z.iso.date();

export const APPOINTMENT_STATUSES = ["requested", "confirmed", "cancelled", "refused", "no_show", "done"] as const;

const wallClock = {
  day: day.meta({ description: "Il giorno dell'appuntamento nel fuso dell'ente (Europe/Rome)", examples: ["2026-06-01"] }),
  start_time: z.string().meta({ description: "Ora di inizio sull'orologio dell'ente (HH:MM)", examples: ["09:00"] }),
  end_time: z.string().meta({ description: "Ora di fine sull'orologio dell'ente (HH:MM)", examples: ["09:15"] }),
  time_zone: z.string().meta({ description: "Il fuso orario dell'ente", examples: ["Europe/Rome"] }),
};

export const officeRefSchema = z.object({ id: z.uuid(), name: z.string(), address: z.string() }).meta({ id: "OfficeRef" });
const serviceRef = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });

export const appointmentSchema = z
  .object({
    id: z.uuid(),
    code: z.string().meta({ description: "Il codice che cittadino e operatori leggono", examples: ["APP-2026-000123"] }),
    status: z.enum(APPOINTMENT_STATUSES).meta({
      description: "requested: attende l'approvazione dell'ufficio; confirmed; cancelled: annullato; refused: rifiutato dall'ufficio; no_show: il cittadino non si è presentato; done",
    }),
    channel: z.enum(["citizen", "guest", "operator", "partner"]).meta({ description: "Chi ha prenotato: il cittadino (con o senza accesso), un operatore, un partner" }),
    office: officeRefSchema,
    service: serviceRef,
    starts_at: isoDateTime,
    ends_at: isoDateTime,
    ...wallClock,
    reason: z.string().meta({ description: "Il motivo dell'appuntamento" }),
    message: z.string().nullable().meta({ description: "L'ultimo messaggio al cittadino (motivo di un annullamento o di un rifiuto)" }),
    pratica: z.object({ id: z.uuid(), number: z.string().nullable() }).nullable().meta({ description: "La pratica a cui l'appuntamento è legato" }),
    contact: z
      .object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), fiscal_code: z.string().nullable() })
      .meta({ description: "Chi si presenta allo sportello" }),
    version: z.number().int(),
    created_at: isoDateTime,
    updated_at: isoDateTime,
    cancelled_at: isoDateTime.nullable(),
    url: z.string().meta({ description: "Il percorso della risorsa nell'API" }),
  })
  .meta({ id: "Appointment" });

export const appointmentEventSchema = z
  .object({
    kind: z.string().meta({ description: "booked, requested, approved, refused, cancelled, moved, no_show, reminded" }),
    actor_kind: z.string(),
    at: isoDateTime,
  })
  .meta({ id: "AppointmentEvent" });

export const appointmentDetailSchema = appointmentSchema
  .extend({ events: z.array(appointmentEventSchema).meta({ description: "La storia dell'appuntamento, dal più vecchio" }) })
  .meta({ id: "AppointmentDetail" });

export const appointmentListSchema = z
  .object({ data: z.array(appointmentSchema), next_cursor: z.string().nullable() })
  .meta({ id: "AppointmentList" });

export const appointmentsListQuerySchema = z
  .object({
    from: day.optional().meta({ description: "Dal giorno (incluso, Europe/Rome)" }),
    to: day.optional().meta({ description: "Al giorno (incluso, Europe/Rome)" }),
    status: z.enum(APPOINTMENT_STATUSES).optional(),
    ufficio: z.uuid().optional().meta({ description: "L'id dell'ufficio" }),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "to precede from", path: ["to"] });

const slugOrId = z.union([z.uuid(), z.string().regex(SLUG_PATTERN, "slug del servizio").max(100)]);

export const appointmentCreateBodySchema = z
  .object({
    office: z.uuid().meta({ description: "L'id dell'ufficio (GET …/uffici)" }),
    service: slugOrId.meta({ description: "Slug (o id) del servizio: tra quelli dell'ufficio, su cui il partner è abilitato" }),
    starts_at: isoDateTime.meta({
      description: "L'inizio di uno slot libero (GET …/uffici/{ufficio}/disponibilita), ISO 8601 con offset",
      examples: ["2026-06-01T09:00:00+02:00"],
    }),
    reason: z.string().trim().min(1).max(300).meta({ description: "Il motivo dell'appuntamento" }),
    name: z.string().trim().min(2).max(120).meta({ description: "Nome e cognome di chi si presenta" }),
    email: z.email().max(200).optional().meta({ description: "Per la conferma e i promemoria; senza email serve il telefono" }),
    phone: z.string().trim().regex(/^\+?[0-9 ./()-]{6,20}$/, "numero di telefono").optional(),
    fiscal_code: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{16}$/, "codice fiscale di 16 caratteri").optional(),
    pratica: z.uuid().optional().meta({ description: "L'id di una pratica del cittadino a cui l'appuntamento è legato" }),
  })
  .strict()
  .meta({ id: "AppointmentCreate", description: "Campi sconosciuti: 422. La stessa Idempotency-Key ripetuta dà la stessa prenotazione." });
export type AppointmentCreateBody = z.output<typeof appointmentCreateBodySchema>;

export const appointmentCancelBodySchema = z
  .object({ message: z.string().trim().min(1).max(1000).optional().meta({ description: "Il motivo, mostrato al cittadino nell'email" }) })
  .strict()
  .meta({ id: "AppointmentCancel", description: "Campi sconosciuti: 422" });

export const appointmentMoveBodySchema = z
  .object({
    starts_at: isoDateTime.meta({ description: "L'inizio di un altro slot libero dello stesso ufficio, ISO 8601 con offset", examples: ["2026-06-02T10:30:00+02:00"] }),
  })
  .strict()
  .meta({ id: "AppointmentMove", description: "Campi sconosciuti: 422" });

export const officeSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    address: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    notes: z.string().nullable(),
    opening_hours: z
      .array(z.object({ weekday: z.number().int().min(1).max(7).meta({ description: "1 = lunedì … 7 = domenica" }), from: z.string(), to: z.string() }))
      .meta({ description: "Orari settimanali, ore HH:MM nel fuso dell'ente" }),
    closures: z.array(z.object({ from: day, to: day, reason: z.string() })).meta({ description: "Chiusure (giorni inclusi)" }),
    slot_minutes: z.number().int(),
    capacity: z.number().int().meta({ description: "Persone ricevute nello stesso slot" }),
    horizon_days: z.number().int().meta({ description: "Quanti giorni avanti si prenota" }),
    min_notice_hours: z.number().int().meta({ description: "Con quante ore di anticipo almeno" }),
    needs_approval: z.boolean().meta({ description: "Una prenotazione attende l'approvazione dell'ufficio (stato requested)" }),
    services: z.array(serviceRef).meta({ description: "I servizi dell'ufficio su cui il partner è abilitato" }),
    time_zone: z.string(),
  })
  .meta({ id: "Office" });
export const officeListSchema = z.object({ data: z.array(officeSchema) }).meta({ id: "OfficeList" });

export const availabilityQuerySchema = z
  .object({
    from: day.optional().meta({ description: "Il primo giorno (Europe/Rome); predefinito: oggi" }),
    days: z.coerce.number().int().min(1).max(31).default(7).meta({ description: "Quanti giorni (1–31)" }),
  });

export const slotSchema = z
  .object({
    starts_at: isoDateTime,
    ends_at: isoDateTime,
    start_time: z.string().meta({ description: "HH:MM nel fuso dell'ente" }),
    free: z.number().int().meta({ description: "Posti liberi" }),
    capacity: z.number().int(),
  })
  .meta({ id: "Slot" });

export const availabilitySchema = z
  .object({
    office: officeRefSchema,
    time_zone: z.string(),
    days: z.array(
      z.object({
        day,
        closed: z.enum(["weekday", "holiday", "closure"]).nullable().meta({ description: "Perché l'ufficio è chiuso quel giorno, null se è aperto" }),
        reason: z.string().nullable(),
        slots: z.array(slotSchema).meta({ description: "Gli slot prenotabili (con almeno un posto libero o pieni), esclusi quelli fuori preavviso o orizzonte" }),
      }),
    ),
  })
  .meta({ id: "Availability" });

/** What a webhook of an appointment event carries (no personal data: the partner reads the rest with its credentials). */
export const appointmentWebhookRefSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    status: z.enum(APPOINTMENT_STATUSES),
    office: z.object({ id: z.uuid(), name: z.string() }),
    service: z.object({ slug: z.string(), name: z.string() }),
    starts_at: isoDateTime,
    ends_at: isoDateTime,
    url: z.string().meta({ description: "<APP_URL>/api/v1.0/<partner>/appuntamenti/<id>" }),
  })
  .meta({ id: "AppointmentWebhookRef" });

export const appointmentWebhookSchema = z
  .object({
    id: z.string().meta({ description: "L'id della consegna (uguale a X-Stanza-Delivery)" }),
    type: z.enum(APPOINTMENT_WEBHOOK_EVENTS),
    event: z.enum(APPOINTMENT_WEBHOOK_EVENTS),
    created_at: isoDateTime,
    ente: z.string(),
    pratica: z.record(z.string(), z.unknown()).nullable().meta({ description: "La pratica legata, se c'è (come nei webhook delle pratiche)" }),
    appointment: appointmentWebhookRefSchema.nullable().meta({ description: "L'appuntamento com'è ora; null se non esiste più" }),
    data: z.object({ event: z.string(), appointmentId: z.uuid() }).catchall(z.unknown()),
  })
  .meta({ id: "AppointmentWebhook", description: "Il corpo di un webhook appointment.*, firmato come gli altri (X-Stanza-Signature)" });
