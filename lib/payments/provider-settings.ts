import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { paymentProviderSettings, type PaymentProviderSettingsRow } from "@/db/schema";
import { asAdmin } from "@/lib/admin/authorize";
import { recordAudit } from "@/lib/audit/record";
import { getConfig } from "@/lib/config/env";
import type { Ctx } from "@/lib/context";
import { ValidationError, fieldError, zodFieldErrors } from "@/lib/errors";
import { decryptSecret, encryptSecret } from "./secret";

/**
 * Which payment provider an ente takes payments with, set by its admin: the embedded demo provider (demo mode only)
 * or an intermediary's REST API (pagoPA's GPD shape, lib/payments/pagopa-rest.ts). The API key and the callback
 * secret are encrypted at rest (lib/payments/secret.ts: AES-256-GCM, key derived by HKDF from PAYMENTS_ENCRYPTION_KEY
 * or AUTH_SECRET); the API key is write-only, the callback secret is shown in full once, when it is generated.
 * lib/payments/providers.ts reads the row and decrypts it.
 */

// ---- Encryption at rest ---------------------------------------------------------------------------------------------

// One implementation (lib/payments/secret.ts, HKDF info "stanza/payment-provider/v1"): what this file encrypts, the
// provider resolution (lib/payments/providers.ts) decrypts. Re-exported: the settings' module is where callers look.
export { decryptSecret, encryptSecret };

/** A new callback secret: 32 random bytes, base64url (43 characters; pagopa-rest wants at least 16). */
export function generateCallbackSecret(): string {
  return randomBytes(32).toString("base64url");
}

// ---- Validation -----------------------------------------------------------------------------------------------------

export const PROVIDER_KINDS = ["demo", "pagopa-rest"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** https, or http only towards this machine (a test intermediary); no credentials, query or fragment in it. */
export function isAcceptableBaseUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.username || u.password || u.search || u.hash) return false;
  if (u.protocol === "https:") return true;
  return u.protocol === "http:" && LOOPBACK.test(u.hostname);
}

const blankToNull = (v: unknown) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim()) : (v ?? null));

/** The admin form. An empty API key means "keep the stored one". */
export const providerSettingsSchema = z
  .object({
    kind: z.enum(PROVIDER_KINDS, "payments.provider_kind"),
    baseUrl: z.preprocess(blankToNull, z.string().max(500, "payments.base_url_invalid").refine(isAcceptableBaseUrl, "payments.base_url_invalid").nullable()),
    apiKey: z.preprocess(blankToNull, z.string().min(8, "payments.api_key_invalid").max(200, "payments.api_key_invalid").nullable()),
    dueDays: z.coerce.number("payments.due_days_invalid").int("payments.due_days_invalid").min(1, "payments.due_days_invalid").max(365, "payments.due_days_invalid"),
  })
  .superRefine((s, ctx) => {
    if (s.kind === "pagopa-rest" && !s.baseUrl) ctx.addIssue({ code: "custom", path: ["baseUrl"], message: "payments.base_url_required" });
  });
export type ProviderSettingsInput = z.output<typeof providerSettingsSchema>;

// ---- What the admin page reads ------------------------------------------------------------------------------------

export type ProviderSettingsView = {
  kind: ProviderKind;
  baseUrl: string | null;
  /** Whether an API key is stored (never the key). */
  hasApiKey: boolean;
  /** The callback secret with all but its last 4 characters hidden. */
  callbackSecretMasked: string;
  dueDays: number;
  updatedAt: Date;
};

/** What to give the intermediary as the notification URL. */
export function providerCallbackUrl(enteSlug: string): string {
  return `${getConfig().appUrl}/api/pagamenti/${encodeURIComponent(enteSlug)}/notifica`;
}

export function maskSecret(secret: string): string {
  return `${"•".repeat(8)}${secret.slice(-4)}`;
}

function viewOf(row: PaymentProviderSettingsRow): ProviderSettingsView {
  let masked: string;
  try {
    masked = maskSecret(decryptSecret(row.callbackSecretEnc));
  } catch {
    // AUTH_SECRET changed: the admin regenerates it (and gives the new one to the intermediary).
    masked = "—";
  }
  return { kind: row.kind, baseUrl: row.baseUrl, hasApiKey: row.apiKeyEnc !== null, callbackSecretMasked: masked, dueDays: row.dueDays, updatedAt: row.updatedAt };
}

/** The ente's provider settings as the admin sees them (no secret in clear), or null before the first save. */
export async function getProviderSettings(ctx: Ctx): Promise<ProviderSettingsView | null> {
  return asAdmin(ctx, async ({ db, ente }) => {
    const [row] = await db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.enteId, ente.id));
    return row ? viewOf(row) : null;
  });
}

export type SaveProviderSettingsResult = {
  settings: ProviderSettingsView;
  /** The callback secret in full, only when this save generated it (the first save): shown once. */
  newCallbackSecret: string | null;
};

/**
 * Saves the ente's provider settings: one audited upsert (`payment_provider.update`; the audit names the fields that
 * changed and never a secret). The first save generates the callback secret.
 */
export async function saveProviderSettings(ctx: Ctx, input: Record<string, unknown>): Promise<SaveProviderSettingsResult> {
  const parsed = providerSettingsSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  const s = parsed.data;
  if (s.kind === "demo" && !getConfig().demoMode) throw new ValidationError("payments.demo_disabled", [fieldError("kind", "payments.demo_disabled")]);
  return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const [current] = await tx.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.enteId, ente.id)).for("update");
    if (s.kind === "pagopa-rest" && !s.apiKey && !current?.apiKeyEnc) {
      throw new ValidationError("request.invalid_data", [fieldError("apiKey", "payments.api_key_required")]);
    }
    const newCallbackSecret = current ? null : generateCallbackSecret();
    const values = {
      kind: s.kind,
      baseUrl: s.baseUrl,
      apiKeyEnc: s.apiKey ? encryptSecret(s.apiKey) : (current?.apiKeyEnc ?? null),
      callbackSecretEnc: newCallbackSecret ? encryptSecret(newCallbackSecret) : current!.callbackSecretEnc,
      dueDays: s.dueDays,
      updatedAt: new Date(),
    };
    const changed: string[] = [];
    if (!current || current.kind !== s.kind) changed.push("kind");
    if (!current || current.baseUrl !== s.baseUrl) changed.push("baseUrl");
    if (s.apiKey) changed.push("apiKey");
    if (!current || current.dueDays !== s.dueDays) changed.push("dueDays");
    if (newCallbackSecret) changed.push("callbackSecret");
    if (current && changed.length === 0) return { settings: viewOf(current), newCallbackSecret: null };
    const [row] = await tx
      .insert(paymentProviderSettings)
      .values({ enteId: ente.id, ...values })
      .onConflictDoUpdate({ target: paymentProviderSettings.enteId, set: values })
      .returning();
    await recordAudit(tx, {
      enteId: ente.id,
      actor,
      action: "payment_provider.update",
      targetType: "ente",
      targetId: ente.id,
      data: {
        changed,
        before: current ? { kind: current.kind, baseUrl: current.baseUrl, dueDays: current.dueDays } : null,
        after: { kind: s.kind, baseUrl: s.baseUrl, dueDays: s.dueDays },
      },
    });
    return { settings: viewOf(row!), newCallbackSecret };
  });
}

/**
 * A new callback secret (the old one stops verifying at once: the admin gives the new one to the intermediary).
 * Audited as `payment_provider.regenerate_secret`. Returns it in full, to show once.
 */
export async function regenerateCallbackSecret(ctx: Ctx): Promise<{ settings: ProviderSettingsView; callbackSecret: string }> {
  return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const callbackSecret = generateCallbackSecret();
    const [row] = await tx
      .update(paymentProviderSettings)
      .set({ callbackSecretEnc: encryptSecret(callbackSecret), updatedAt: new Date() })
      .where(eq(paymentProviderSettings.enteId, ente.id))
      .returning();
    if (!row) throw new ValidationError("payments.settings_missing");
    await recordAudit(tx, { enteId: ente.id, actor, action: "payment_provider.regenerate_secret", targetType: "ente", targetId: ente.id, data: {} });
    return { settings: viewOf(row), callbackSecret };
  });
}
