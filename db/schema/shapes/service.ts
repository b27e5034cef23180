import { z } from "zod";

/* The shapes of the services table's columns; the domain and the UI import them from lib/services/schemas.ts. */

export const serviceStatusSchema = z.enum(["available", "suspended", "private", "scheduled"]);
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

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
});
export type InfoSheet = z.infer<typeof infoSheetSchema>;

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
