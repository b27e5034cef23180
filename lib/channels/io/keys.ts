import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { services, type Service } from "@/db/schema";
import { asAdmin } from "@/lib/admin/authorize";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { atRestCipher } from "@/lib/security/at-rest";

/**
 * Each service's App IO API key (IO gives every service of an ente its own): set, replaced and removed by the
 * ente's admins, encrypted at rest (AES-256-GCM, key from IO_ENCRYPTION_KEY or AUTH_SECRET), never shown again
 * after the save: only its last four characters (`ioKeyHint`) and when it was set. Never logged, never audited in
 * clear. The worker decrypts it (`ioKeyOf`) for each message.
 */
const cipher = atRestCipher({ envKey: "IO_ENCRYPTION_KEY", info: "stanza/io-key/v1" });

/** IO's keys are API Management subscription keys: 32 hexadecimal characters. */
export const ioKeySchema = z.object({
  ioApiKey: z
    .string("io.key_required")
    .trim()
    .min(1, { error: "io.key_required", abort: true })
    .regex(/^[0-9a-fA-F]{32}$/, "io.key_format"),
});

export function encryptIoKey(key: string): string {
  return cipher.encrypt(Buffer.from(key, "utf8"));
}

/** The service's key in clear, or null when it has none or it cannot be read any more (the secret changed). */
export function ioKeyOf(service: Pick<Service, "ioApiKeyEnc">): string | null {
  if (!service.ioApiKeyEnc) return null;
  try {
    return cipher.decrypt(service.ioApiKeyEnc).toString("utf8");
  } catch {
    return null;
  }
}

export type IoKeyStatus = { configured: boolean; hint: string | null; setAt: Date | null; /** stored but unreadable (the encryption secret changed): enter it again */ unreadable: boolean };

export function ioKeyStatusOf(service: Pick<Service, "ioApiKeyEnc" | "ioKeyHint" | "ioKeySetAt">): IoKeyStatus {
  const configured = service.ioApiKeyEnc !== null;
  return { configured, hint: configured ? service.ioKeyHint : null, setAt: configured ? service.ioKeySetAt : null, unreadable: configured && ioKeyOf(service) === null };
}

async function serviceOf(ctx: Ctx, serviceId: string, lock: boolean): Promise<Service> {
  const q = ctx.db.select().from(services).where(and(eq(services.id, serviceId), eq(services.enteId, ctx.ente.id)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw new NotFoundError("service.not_found");
  return row;
}

/** Sets or replaces the service's IO key: one audited update (`service.io_key_set` / `service.io_key_replace`, the hints only). */
export async function setServiceIoKey(ctx: Ctx, serviceId: string, input: Record<string, unknown>): Promise<IoKeyStatus> {
  const parsed = ioKeySchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  const key = parsed.data.ioApiKey;
  return asAdmin(ctx, async (tx) => {
    const current = await serviceOf(tx, serviceId, true);
    const at = new Date();
    const hint = key.slice(-4);
    const [row] = await tx.db
      .update(services)
      .set({ ioApiKeyEnc: encryptIoKey(key), ioKeyHint: hint, ioKeySetAt: at, updatedAt: at })
      .where(and(eq(services.id, serviceId), eq(services.enteId, tx.ente.id)))
      .returning();
    if (!row) throw new NotFoundError("service.not_found");
    const replaced = current.ioApiKeyEnc !== null;
    await recordAudit(tx.db, {
      enteId: tx.ente.id,
      actor: tx.actor,
      action: replaced ? "service.io_key_replace" : "service.io_key_set",
      targetType: "service",
      targetId: serviceId,
      data: { hint, previousHint: replaced ? current.ioKeyHint : null },
    });
    return ioKeyStatusOf(row);
  });
}

/** Removes the service's IO key (the service sends nothing to IO any more): audited `service.io_key_remove`. */
export async function removeServiceIoKey(ctx: Ctx, serviceId: string): Promise<IoKeyStatus> {
  return asAdmin(ctx, async (tx) => {
    const current = await serviceOf(tx, serviceId, true);
    if (current.ioApiKeyEnc === null) return ioKeyStatusOf(current);
    const [row] = await tx.db
      .update(services)
      .set({ ioApiKeyEnc: null, ioKeyHint: null, ioKeySetAt: null, updatedAt: new Date() })
      .where(and(eq(services.id, serviceId), eq(services.enteId, tx.ente.id)))
      .returning();
    if (!row) throw new NotFoundError("service.not_found");
    await recordAudit(tx.db, { enteId: tx.ente.id, actor: tx.actor, action: "service.io_key_remove", targetType: "service", targetId: serviceId, data: { previousHint: current.ioKeyHint } });
    return ioKeyStatusOf(row);
  });
}

/** The key's status for the admin page (never the key). */
export async function getServiceIoKeyStatus(ctx: Ctx, serviceId: string): Promise<IoKeyStatus> {
  return asAdmin(ctx, async (tx) => ioKeyStatusOf(await serviceOf(tx, serviceId, false)));
}
