import { eq } from "drizzle-orm";
import { z } from "zod";
import { enti, type Ente } from "@/db/schema";
import { asAdmin } from "@/lib/admin/authorize";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";
import type { NoticeCodeConfig } from "./iuv";

/**
 * An ente's codice fiscale as pagoPA knows creditors: eleven digits, the last one a check digit (the partita IVA
 * rule: digits in odd places added as they are, digits in even places doubled with 9 taken off past 9).
 */
export function isValidEnteFiscalCode(cf: string): boolean {
  if (!/^[0-9]{11}$/.test(cf)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = cf.charCodeAt(i) - 48;
    sum += i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (sum % 10)) % 10 === cf.charCodeAt(10) - 48;
}

const blankToNull = (v: unknown) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim()) : (v ?? null));
const twoDigits = (code: string) => z.preprocess(blankToNull, z.string().regex(/^[0-9]{2}$/, code).nullable());

/** The pagoPA fieldset of the admin settings. One schema for the form and the domain function. */
export const pagopaSettingsSchema = z
  .object({
    codiceFiscale: z
      .string()
      .trim()
      // Only an eleven-digit code gets its check digit checked: one reason per refusal.
      .regex(/^[0-9]{11}$/, { error: "pagopa.fiscal_code_format", abort: true })
      .refine(isValidEnteFiscalCode, "pagopa.fiscal_code_check"),
    auxDigit: z.coerce.number().pipe(z.union([z.literal(3), z.literal(0)], "pagopa.aux_digit")),
    segregationCode: twoDigits("pagopa.segregation_code_format"),
    applicationCode: twoDigits("pagopa.application_code_format"),
    cbillCode: z.preprocess(
      (v) => (typeof v === "string" ? blankToNull(v.toUpperCase()) : v),
      z.string().regex(/^[A-Z0-9]{5}$/, "pagopa.cbill_format").nullable(),
    ),
  })
  .superRefine((s, ctx) => {
    if (s.auxDigit === 3 && !s.segregationCode) ctx.addIssue({ code: "custom", path: ["segregationCode"], message: "pagopa.segregation_code_required" });
    if (s.auxDigit === 0 && !s.applicationCode) ctx.addIssue({ code: "custom", path: ["applicationCode"], message: "pagopa.application_code_required" });
  });

export type PagopaSettings = z.output<typeof pagopaSettingsSchema>;

/** How the ente builds notice codes, or null while its settings cannot build one (no valid fiscal code, no code for its aux digit). */
export function noticeConfigOf(ente: Pick<Ente, "codiceFiscale" | "pagopaAuxDigit" | "pagopaSegregationCode" | "pagopaApplicationCode">): NoticeCodeConfig | null {
  if (!ente.codiceFiscale || !isValidEnteFiscalCode(ente.codiceFiscale)) return null;
  if (ente.pagopaAuxDigit === 3 && ente.pagopaSegregationCode) return { auxDigit: 3, segregationCode: ente.pagopaSegregationCode };
  if (ente.pagopaAuxDigit === 0 && ente.pagopaApplicationCode) return { auxDigit: 0, applicationCode: ente.pagopaApplicationCode };
  return null;
}

const COLUMNS = {
  codiceFiscale: "codiceFiscale",
  auxDigit: "pagopaAuxDigit",
  segregationCode: "pagopaSegregationCode",
  applicationCode: "pagopaApplicationCode",
  cbillCode: "pagopaCbillCode",
} as const satisfies Record<keyof PagopaSettings, keyof Ente>;

/** The ente's fiscal code and pagoPA codes: one audited update (`ente.pagopa`, with the values it replaced). */
export async function updatePagopaSettings(ctx: Ctx, input: Record<string, unknown>): Promise<Ente> {
  const parsed = pagopaSettingsSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  const s = parsed.data;
  const patch = {
    codiceFiscale: s.codiceFiscale,
    pagopaAuxDigit: s.auxDigit,
    pagopaSegregationCode: s.segregationCode,
    pagopaApplicationCode: s.applicationCode,
    pagopaCbillCode: s.cbillCode,
  };
  return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const [current] = await tx.select().from(enti).where(eq(enti.id, ente.id)).for("update");
    if (!current) throw new NotFoundError("ente.not_found");
    const changed = (Object.keys(COLUMNS) as (keyof PagopaSettings)[]).map((k) => COLUMNS[k]).filter((col) => patch[col] !== current[col]);
    if (changed.length === 0) return current;
    const [row] = await tx.update(enti).set({ ...patch, updatedAt: new Date() }).where(eq(enti.id, ente.id)).returning();
    if (!row) throw new NotFoundError("ente.not_found");
    await recordAudit(tx, {
      enteId: ente.id,
      actor,
      action: "ente.pagopa",
      targetType: "ente",
      targetId: ente.id,
      data: { changed, before: Object.fromEntries(changed.map((k) => [k, current[k]])), after: Object.fromEntries(changed.map((k) => [k, row[k]])) },
    });
    return row;
  });
}
