import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { partnerServices, partners, services, type Partner } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { forgetCachedPartners } from "./auth";

function requireAdmin(ctx: Ctx): void {
  if (ctx.actor.kind !== "admin" && ctx.actor.kind !== "system") throw new ForbiddenError("Solo un amministratore dell'ente gestisce i partner");
}

/** 32 random bytes, URL-safe: the Basic password a partner receives. */
function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Creates a partner of the ctx's ente, enabled on the given services of that ente. The secret is returned once,
 * here, and only its scrypt hash is stored: a lost secret is replaced with `rotatePartnerSecret`.
 */
export async function createPartnerCredential(
  ctx: Ctx,
  input: { slug: string; name: string; serviceIds: string[]; webhookUrl?: string; webhookEvents?: string[]; rateLimitPerMinute?: number; isProtocolRegistry?: boolean },
): Promise<{ partner: Partner; secret: string; webhookSecret: string | null }> {
  requireAdmin(ctx);
  if (!/^[a-z0-9][a-z0-9-]{2,99}$/.test(input.slug) || ["services", "schedainformativa", "serviziotexts", "openapi.json"].includes(input.slug.toLowerCase()))
    throw new ValidationError("Slug del partner non valido", [{ path: "slug", message: "Minuscole, cifre e trattini (3-100); non un nome riservato dell'API" }]);
  const secret = newSecret();
  const webhookSecret = input.webhookUrl ? newSecret() : null;
  const secretHash = await hashPassword(secret);
  const created = await ctx.db.transaction(async (tx) => {
    const owned = input.serviceIds.length
      ? await tx.select({ id: services.id }).from(services).where(and(eq(services.enteId, ctx.ente.id), inArray(services.id, input.serviceIds)))
      : [];
    if (owned.length !== new Set(input.serviceIds).size) throw new ValidationError("Servizio sconosciuto", [{ path: "serviceIds", message: "Solo servizi dell'ente" }]);
    const [partner] = await tx
      .insert(partners)
      .values({
        enteId: ctx.ente.id,
        slug: input.slug,
        name: input.name,
        secretHash,
        webhookUrl: input.webhookUrl ?? null,
        webhookSecret,
        webhookEvents: input.webhookEvents ?? [],
        rateLimitPerMinute: input.rateLimitPerMinute ?? 600,
        isProtocolRegistry: input.isProtocolRegistry ?? false,
      })
      .onConflictDoNothing()
      .returning();
    if (!partner) throw new ConflictError("Esiste già un partner con questo slug");
    if (owned.length) await tx.insert(partnerServices).values(owned.map((s) => ({ partnerId: partner.id, serviceId: s.id })));
    await recordAudit(tx, { enteId: ctx.ente.id, actor: ctx.actor, action: "partner.create", targetType: "partner", targetId: partner.id, data: { slug: partner.slug, services: owned.length } });
    return { partner, secret, webhookSecret };
  });
  forgetCachedPartners();
  return created;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function ownPartner(ctx: Ctx, partnerId: string): Promise<Partner> {
  if (!UUID.test(partnerId)) throw new NotFoundError("Partner");
  const [p] = await ctx.db.select().from(partners).where(and(eq(partners.id, partnerId), eq(partners.enteId, ctx.ente.id)));
  if (!p) throw new NotFoundError("Partner");
  return p;
}

/** A new secret (returned once); the old one stops working at once. */
export async function rotatePartnerSecret(ctx: Ctx, partnerId: string): Promise<{ secret: string }> {
  requireAdmin(ctx);
  const partner = await ownPartner(ctx, partnerId);
  const secret = newSecret();
  const secretHash = await hashPassword(secret);
  await ctx.db.transaction(async (tx) => {
    await tx.update(partners).set({ secretHash }).where(eq(partners.id, partner.id));
    await recordAudit(tx, { enteId: ctx.ente.id, actor: ctx.actor, action: "partner.rotate_secret", targetType: "partner", targetId: partner.id });
  });
  forgetCachedPartners();
  return { secret };
}

/** Switches one service of a partner off (or back on) without touching the others. */
export async function setPartnerServiceEnabled(ctx: Ctx, partnerId: string, serviceId: string, enabled: boolean): Promise<void> {
  requireAdmin(ctx);
  const partner = await ownPartner(ctx, partnerId);
  if (!UUID.test(serviceId)) throw new NotFoundError("Servizio");
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(partnerServices)
      .set({ disabledAt: enabled ? null : new Date() })
      .where(and(eq(partnerServices.partnerId, partner.id), eq(partnerServices.serviceId, serviceId)))
      .returning({ s: partnerServices.serviceId });
    if (updated.length === 0) throw new NotFoundError("Abilitazione del partner sul servizio");
    await recordAudit(tx, { enteId: ctx.ente.id, actor: ctx.actor, action: enabled ? "partner.enable_service" : "partner.disable_service", targetType: "partner", targetId: partner.id, data: { serviceId } });
  });
}
