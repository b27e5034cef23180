import { z } from "zod";

/* The shapes of the services table's columns; the domain and the UI import them from lib/services/schemas.ts. */

export const serviceStatusSchema = z.enum(["available", "suspended", "private", "scheduled"]);
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

/** One line of "Tempi e scadenze": when (an ISO date, or a phase such as "Entro 30 giorni") and what happens then. */
export const calendarItemSchema = z.object({
  when: z.string().trim().min(1, "field.required").max(100),
  what: z.string().trim().min(1, "field.required").max(300),
});
export type CalendarItem = z.infer<typeof calendarItemSchema>;

/** The office that answers for the service ("Contatti", the validator's `service-area`). */
export const serviceOfficeSchema = z.object({
  name: z.string().max(200).default(""),
  address: z.string().max(300).default(""),
  phone: z.string().max(50).default(""),
  email: z.string().max(200).default(""),
  hours: z.string().max(500).default(""),
});
export type ServiceOffice = z.infer<typeof serviceOfficeSchema>;

/** A link a citizen may follow: an absolute https URL or a path on this site. */
export const linkUrlSchema = z
  .string()
  .trim()
  .max(1000)
  .refine((v) => v === "" || /^\/(?!\/)\S*$/.test(v) || /^https:\/\/\S+$/.test(v), "field.link_url");

/** The service's information sheet (scheda informativa), as shown to citizens and edited over the API. */
export const infoSheetSchema = z.object({
  description: z.string().max(20_000).default(""),
  whoCanApply: z.string().max(20_000).default(""),
  howToApply: z.string().max(20_000).default(""),
  whatYouNeed: z.string().max(20_000).default(""),
  whatYouGet: z.string().max(20_000).default(""),
  costs: z.string().max(20_000).default(""),
  timesAndDeadlines: z.string().max(20_000).default(""),
  conditions: z.string().max(20_000).default(""),
  contacts: z.string().max(5_000).default(""),
  /** Dated or phased steps shown as a timeline under "Tempi e scadenze". */
  calendar: z.array(calendarItemSchema).max(30).default([]),
  /** What "Accedi al servizio" says before the button (how to sign in, what to have at hand). */
  accessText: z.string().max(5_000).default(""),
  /** An external booking system's page; empty: the service has no appointments (no booking button). */
  bookingUrl: linkUrlSchema.default(""),
  /** The terms and conditions document; empty: the portal's own page renders `conditions`. */
  conditionsFileUrl: linkUrlSchema.default(""),
  office: serviceOfficeSchema.default({ name: "", address: "", phone: "", email: "", hours: "" }),
  /** Topics ("Argomenti") from the Modello Comuni controlled vocabulary. */
  topics: z.array(z.string().max(100)).max(10).default([]),
  /** Slugs of other services of the same ente. */
  relatedServices: z.array(z.string().max(100)).max(10).default([]),
});
export type InfoSheet = z.infer<typeof infoSheetSchema>;

/** The sheet's first fields are always stored; the later ones may be missing on rows written before them. */
type SheetBaseKey = "description" | "whoCanApply" | "howToApply" | "whatYouNeed" | "whatYouGet" | "costs" | "timesAndDeadlines" | "conditions" | "contacts";
export type StoredInfoSheet = Pick<InfoSheet, SheetBaseKey> & Partial<Omit<InfoSheet, SheetBaseKey>>;

/** Registry parameters recorded on every protocol entry of the service. */
export const protocolParamsSchema = z.object({
  classificazione: z.string().max(200).optional(),
  fascicolo: z.string().max(200).optional(),
  ufficio: z.string().max(200).optional(),
  tipoDocumento: z.string().max(200).optional(),
});
export type ProtocolParams = z.infer<typeof protocolParamsSchema>;

/** Per-status email subject and text an admin may override or switch off; keys are status codes. */
export const emailTextSchema = z.object({
  enabled: z.boolean().default(true),
  subject: z.string().max(300).optional(),
  body: z.string().max(10_000).optional(),
});
export const emailTextsSchema = z.record(z.string().regex(/^\d+$/), emailTextSchema);
export type EmailTexts = z.infer<typeof emailTextsSchema>;
