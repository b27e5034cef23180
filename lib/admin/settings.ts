import { eq } from "drizzle-orm";
import { z } from "zod";
import { enti, users, type Ente } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError, fieldError, zodFieldErrors } from "@/lib/errors";
import { getStorage, withStoredFiles } from "@/lib/storage";
import { sniffMimeType } from "@/lib/storage/sniff";
import { asAdmin } from "./authorize";
import { contrastRatio } from "./colors";
import { checkbox } from "./service-input";

const blankToUndef = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v);
const optional = (max: number, inner: z.ZodType<string, string> = z.string()) => z.preprocess(blankToUndef, z.string().max(max).pipe(inner).optional());
const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export const enteSettingsSchema = z
  .object({
    name: z.string().trim().min(3).max(200),
    email: optional(200, z.email()),
    pec: optional(200, z.email("field.pec")),
    phone: optional(50),
    address: optional(500),
    website: optional(500, z.url("field.url")),
    /** AgID publishes accessibility statements on its form site; the footer links to the ente's one there. */
    accessibilityUrl: optional(
      500,
      z.url("field.url").pipe(z.string().refine((u) => /^https:\/\/form\.agid\.gov\.it\/view\/[^\s/]+/.test(u), "settings.accessibility_agid")),
    ),
    primaryColor: z
      .string()
      .trim()
      .regex(/^#[0-9a-fA-F]{6}$/, "field.color")
      .transform((c) => c.toLowerCase())
      .superRefine((c, ctx) => {
        const ratio = contrastRatio(c, "#ffffff");
        if (ratio < 4.5) ctx.addIssue({ code: "custom", message: "field.contrast", params: { ratio: ratio.toFixed(2) } });
      }),
    languages: z.array(z.enum(["it", "en"])).min(1, "field.language_required"),
    defaultLanguage: z.enum(["it", "en"]),
    quietHoursStart: z.string().regex(HHMM, "field.time_hhmm"),
    quietHoursEnd: z.string().regex(HHMM, "field.time_hhmm"),
    /** One YYYY-MM-DD per line (or separated by commas/spaces). */
    holidays: z.preprocess(
      (v) => (typeof v === "string" ? v.split(/[\s,;]+/).filter(Boolean) : v),
      z.array(z.iso.date("field.date_iso")).max(366),
    ),
    reminderDays: z.coerce.number().int("field.integer").min(1).max(60),
    publicMetrics: checkbox,
    requireAdminTotp: checkbox,
    emailLoginEnabled: checkbox,
  })
  .superRefine((s, ctx) => {
    if (!s.languages.includes(s.defaultLanguage)) ctx.addIssue({ code: "custom", path: ["defaultLanguage"], message: "settings.default_language" });
  });

/** Name, contacts, colour, languages, quiet hours, holidays: one audited update of the ente row. */
export async function updateEnteSettings(ctx: Ctx, input: Record<string, unknown>): Promise<Ente> {
  const parsed = enteSettingsSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  const s = parsed.data;
  const patch = {
    name: s.name,
    email: s.email ?? null,
    pec: s.pec ?? null,
    phone: s.phone ?? null,
    address: s.address ?? null,
    website: s.website ?? null,
    accessibilityUrl: s.accessibilityUrl ?? null,
    primaryColor: s.primaryColor,
    languages: s.languages,
    defaultLanguage: s.defaultLanguage,
    quietHoursStart: s.quietHoursStart,
    quietHoursEnd: s.quietHoursEnd,
    holidays: [...new Set(s.holidays)].sort(),
    reminderDays: s.reminderDays,
    publicMetrics: s.publicMetrics,
    requireAdminTotp: s.requireAdminTotp,
    emailLoginEnabled: s.emailLoginEnabled,
  };
  return asAdmin(ctx, async ({ db: tx, ente, actor }, adminId) => {
    const [current] = await tx.select().from(enti).where(eq(enti.id, ente.id)).for("update");
    if (!current) throw new NotFoundError("ente.not_found");
    // Whoever switches the rule on must meet it first, or the next page would shut them out of the settings.
    if (patch.requireAdminTotp && !current.requireAdminTotp) {
      const [me] = await tx.select({ totpEnabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, adminId));
      if (!me?.totpEnabledAt)
        throw new ValidationError("totp.enroll_first", [fieldError("requireAdminTotp", "totp.enroll_first")]);
    }
    const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => JSON.stringify(patch[k]) !== JSON.stringify(current[k]));
    if (changed.length === 0) return current;
    const [row] = await tx.update(enti).set({ ...patch, updatedAt: new Date() }).where(eq(enti.id, ente.id)).returning();
    if (!row) throw new NotFoundError("ente.not_found");
    await recordAudit(tx, { enteId: ente.id, actor, action: "ente.update", targetType: "ente", targetId: ente.id, data: { changed, before: Object.fromEntries(changed.map((k) => [k, current[k]])) } });
    return row;
  });
}

export const LOGO_MAX_BYTES = 512 * 1024;

/** An SVG we are willing to serve: a real <svg> document with no script, event handler, external link or embedded HTML. */
export function isSafeSvg(bytes: Uint8Array): boolean {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(text)) return false;
  return !/<script|<foreignObject|<iframe|<embed|<object|\son[a-z]+\s*=|javascript:|data:text\/html|<!ENTITY|xlink:href\s*=\s*["']?(?!#)|\shref\s*=\s*["']?(?!#)/i.test(text);
}

/** The logo's type from its bytes: PNG, JPEG, or a safe SVG; anything else is refused. */
export function logoType(bytes: Uint8Array): "image/png" | "image/jpeg" | "image/svg+xml" | null {
  const sniffed = sniffMimeType(bytes.subarray(0, 16));
  if (sniffed === "image/png" || sniffed === "image/jpeg") return sniffed;
  return isSafeSvg(bytes) ? "image/svg+xml" : null;
}

/** Stores a new logo and points the ente at it (served by /{ente}/logo, cache-busted by its hash). */
export async function uploadEnteLogo(ctx: Ctx, bytes: Uint8Array): Promise<Ente> {
  if (bytes.byteLength === 0) throw new ValidationError("logo.missing", [fieldError("logo", "logo.no_file")]);
  if (bytes.byteLength > LOGO_MAX_BYTES) throw new PayloadTooLargeError("logo.too_large", { kb: LOGO_MAX_BYTES / 1024 }, { field: "logo" });
  const type = logoType(bytes);
  if (!type) throw new UnsupportedMediaTypeError("logo.bad_type", {}, { field: "logo" });
  const storage = await getStorage();
  let previous: string | null = null;
  const row = await withStoredFiles(storage, async (files) => {
    const stored = await files.put(Buffer.from(bytes), { maxBytes: LOGO_MAX_BYTES, prefix: "logos" });
    return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
      const [current] = await tx.select().from(enti).where(eq(enti.id, ente.id)).for("update");
      previous = current?.logoStorageKey ?? null;
      const [updated] = await tx
        .update(enti)
        .set({ logoStorageKey: stored.storageKey, logoMimeType: type, logoUrl: `/${ente.slug}/logo?v=${stored.sha256.slice(0, 12)}`, updatedAt: new Date() })
        .where(eq(enti.id, ente.id))
        .returning();
      if (!updated) throw new NotFoundError("ente.not_found");
      await recordAudit(tx, { enteId: ente.id, actor, action: "ente.logo", targetType: "ente", targetId: ente.id, data: { mimeType: type, size: stored.size, sha256: stored.sha256 } });
      return updated;
    });
  });
  if (previous) await storage.remove(previous).catch(() => {});
  return row;
}

export async function removeEnteLogo(ctx: Ctx): Promise<Ente> {
  let previous: string | null = null;
  const row = await asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const [current] = await tx.select().from(enti).where(eq(enti.id, ente.id)).for("update");
    previous = current?.logoStorageKey ?? null;
    const [updated] = await tx.update(enti).set({ logoStorageKey: null, logoMimeType: null, logoUrl: null, updatedAt: new Date() }).where(eq(enti.id, ente.id)).returning();
    if (!updated) throw new NotFoundError("ente.not_found");
    await recordAudit(tx, { enteId: ente.id, actor, action: "ente.logo_remove", targetType: "ente", targetId: ente.id });
    return updated;
  });
  if (previous) await (await getStorage()).remove(previous).catch(() => {});
  return row;
}
