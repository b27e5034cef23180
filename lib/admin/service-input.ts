import { z } from "zod";
import { pageIdSchema } from "@/lib/services/form-schema";
import { emailTextSchema, infoSheetSchema, protocolParamsSchema, serviceStatusSchema } from "@/lib/services/schemas";
import { SLUG_PATTERN } from "@/lib/slug";
import { EMAIL_STATUSES, unknownPlaceholders } from "./email-template";

/** An HTML checkbox: present ("on") or absent. */
export const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());
const optionalText = (max: number) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), z.string().max(max).optional());

/** A service's slug is at most this long (the general rule allows 100). */
export const SERVICE_SLUG_MAX = 80;

export const createServiceSchema = z.object({
  name: z.string().trim().min(3).max(200),
  slug: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().regex(SLUG_PATTERN, "field.slug").max(SERVICE_SLUG_MAX).optional()),
  category: z.string().trim().min(1).max(100).default("Altro"),
});

export const generalSectionSchema = z.object({
  section: z.literal("general"),
  name: z.string().trim().min(3).max(200),
  category: z.string().trim().min(1, "field.category_required").max(100),
  status: serviceStatusSchema,
  /** datetime-local values, wall-clock time of the ente. */
  scheduledFrom: optionalText(16),
  scheduledTo: optionalText(16),
});

export const sheetSectionSchema = infoSheetSchema.extend({ section: z.literal("sheet") });

export const optionsSectionSchema = z.object({
  section: z.literal("options"),
  protocolRequired: checkbox,
  protocolMode: z.enum(["builtin", "external"]),
  classificazione: optionalText(200),
  fascicolo: optionalText(200),
  ufficio: optionalText(200),
  tipoDocumento: optionalText(200),
  allowWithdraw: checkbox,
  allowReopen: checkbox,
  allowIntegrationRequests: checkbox,
  maxResponseDays: z.coerce.number({ error: "field.number" }).int("field.integer").min(1, "field.min_one_day").max(365, "field.max_days"),
  /** Lowest login level for the form (lib/auth/levels.ts); absent: unchanged. */
  minAuthLevel: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.number({ error: "field.number" }).int("field.integer").min(0).max(3).optional()),
});

export const stepsSectionSchema = z.object({
  section: z.literal("steps"),
  stepTexts: z.record(pageIdSchema, z.string().max(5000)),
});

export const emailsSectionSchema = z.object({
  section: z.literal("emails"),
  emailTexts: z.partialRecord(z.enum(EMAIL_STATUSES), emailTextSchema).superRefine((texts, ctx) => {
    for (const [status, t] of Object.entries(texts)) {
      for (const part of ["subject", "body"] as const) {
        const bad = unknownPlaceholders(t[part] ?? "");
        if (bad.length) ctx.addIssue({ code: "custom", path: [status, part], message: `Segnaposto sconosciuti: ${bad.map((b) => `%${b}%`).join(", ")}` });
      }
    }
  }),
});

export const serviceSectionSchema = z.discriminatedUnion("section", [generalSectionSchema, sheetSectionSchema, optionsSectionSchema, stepsSectionSchema, emailsSectionSchema]);
export type ServiceSectionInput = z.input<typeof serviceSectionSchema>;

export { protocolParamsSchema };
