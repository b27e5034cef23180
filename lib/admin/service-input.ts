import { z } from "zod";
import { pageIdSchema } from "@/lib/services/form-schema";
import { calendarItemSchema, emailTextSchema, infoSheetSchema, protocolParamsSchema, serviceStatusSchema } from "@/lib/services/schemas";
import { TOPICS } from "@/lib/services/topics";
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

/**
 * "Tempi e scadenze" as the admin writes it: one step per line, "when | what" (when: a date as 2027-03-31 or a
 * phase such as "Entro 30 giorni"). A line without both halves is refused with its number.
 */
export const calendarLinesSchema = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    const items: { when: string; what: string }[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      const bar = line.indexOf("|");
      const when = bar < 0 ? "" : line.slice(0, bar).trim();
      const what = bar < 0 ? "" : line.slice(bar + 1).trim();
      if (!when || !what) ctx.addIssue({ code: "custom", message: "service.calendar_line", params: { line: i + 1 } });
      else items.push({ when, what });
    });
    return items;
  })
  .pipe(z.array(calendarItemSchema).max(30));

/** The calendar back to the lines the admin edits. */
export function calendarToLines(items: readonly { when: string; what: string }[]): string {
  return items.map((c) => `${c.when} | ${c.what}`).join("\n");
}

/** The sheet section of the admin editor: the API's sheet, with the calendar as lines and topics from the vocabulary. */
export const sheetSectionSchema = infoSheetSchema.extend({
  section: z.literal("sheet"),
  calendar: calendarLinesSchema.default([]),
  topics: z.array(z.enum(TOPICS, { error: "field.invalid_value" })).max(10).default([]),
});

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
  /** Booked at an office rather than filled in (appointments). */
  bookingOnly: checkbox,
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
