import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { deliveryAttempts, outbox, partnerServices, partners, services, type Partner } from "@/db/schema";
import { APPOINTMENT_WEBHOOK_EVENTS } from "@/lib/appointments/effects";
import { forgetCachedPartners } from "@/lib/api/auth";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import type { Ctx } from "@/lib/context";
import { BadRequestError, NotFoundError, ValidationError, fieldError, zodFieldErrors } from "@/lib/errors";
import { SLUG_PATTERN } from "@/lib/slug";
import { EVENTS } from "@/lib/workflow/table";
import { asAdmin, assertAdmin } from "./authorize";
import { checkbox } from "./service-input";

/** Events a partner can subscribe to; none chosen means all. */
export const WEBHOOK_EVENTS = [...EVENTS.map((e) => `pratica.${e}`), "pratica.message", ...APPOINTMENT_WEBHOOK_EVENTS] as const;

const optionalUrl = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
  z
    .url({ message: "field.url" })
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u), "field.http_url")
    .optional(),
);

const partnerFields = {
  name: z.string().trim().min(2).max(200),
  serviceIds: z.array(z.uuid()).max(500).default([]),
  webhookUrl: optionalUrl,
  webhookEvents: z.array(z.enum(WEBHOOK_EVENTS)).default([]),
  isProtocolRegistry: checkbox,
  rateLimitPerMinute: z.coerce.number().int().min(1).max(100_000).default(600),
};

/** The API's own first path segments under /api/v1.0 (case aside): a partner's slug cannot be one of them. */
export const RESERVED_PARTNER_SLUGS = ["services", "schedainformativa", "serviziotexts", "openapi.json"] as const;

export const createPartnerSchema = z.object({
  ...partnerFields,
  slug: z
    .string()
    .trim()
    .regex(SLUG_PATTERN, "field.slug")
    .max(64)
    .refine((s) => !(RESERVED_PARTNER_SLUGS as readonly string[]).includes(s), "È un nome riservato dell'API: scegline un altro"),
});
export const updatePartnerSchema = z.object({
  ...partnerFields,
  /** Services kept in scope but switched off for this partner. */
  disabledServiceIds: z.array(z.uuid()).max(500).default([]),
  disabled: checkbox,
});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  return parsed.data;
}

/** 32 random bytes, URL-safe: the partner's API password or webhook signing key. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export type PartnerRow = Omit<Partner, "secretHash" | "webhookSecret"> & { hasWebhookSecret: boolean; services: { serviceId: string; disabled: boolean }[] };

function publicRow(p: Partner, services: { serviceId: string; disabled: boolean }[]): PartnerRow {
  const { secretHash: _s, webhookSecret, ...rest } = p;
  return { ...rest, hasWebhookSecret: Boolean(webhookSecret), services };
}

export async function listPartners(ctx: Ctx): Promise<PartnerRow[]> {
  await assertAdmin(ctx);
  const rows = await ctx.db.select().from(partners).where(eq(partners.enteId, ctx.ente.id)).orderBy(asc(partners.name));
  if (rows.length === 0) return [];
  const scopes = await ctx.db.select().from(partnerServices).where(inArray(partnerServices.partnerId, rows.map((r) => r.id)));
  return rows.map((p) => publicRow(p, scopes.filter((s) => s.partnerId === p.id).map((s) => ({ serviceId: s.serviceId, disabled: Boolean(s.disabledAt) }))));
}

export async function getPartnerAdmin(ctx: Ctx, partnerId: string): Promise<PartnerRow> {
  const found = (await listPartners(ctx)).find((p) => p.id === partnerId);
  if (!found) throw new NotFoundError("partner.not_found");
  return found;
}

async function checkServices(ctx: Ctx, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await ctx.db.select({ id: services.id }).from(services).where(and(eq(services.enteId, ctx.ente.id), inArray(services.id, unique)));
  if (found.length !== unique.length) throw new BadRequestError("services.not_of_ente", {}, { field: "services" });
  return unique;
}

/** Once a change to a partner has committed, the API forgets the partner rows it had cached. */
async function partnerChanged<T>(change: Promise<T>): Promise<T> {
  try {
    return await change;
  } finally {
    forgetCachedPartners();
  }
}

/** Creates a partner; its API secret (and webhook signing key) are returned once and only the hash is kept. */
export async function createPartnerAdmin(ctx: Ctx, input: Record<string, unknown>): Promise<{ partner: PartnerRow; secret: string; webhookSecret: string }> {
  const data = parse(createPartnerSchema, input);
  const secret = newSecret();
  const webhookSecret = newSecret();
  const secretHash = await hashPassword(secret);
  return partnerChanged(asAdmin(ctx, async (tctx) => {
    const { db: tx, ente, actor } = tctx;
    const serviceIds = await checkServices(tctx, data.serviceIds);
    const [dup] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.slug, data.slug));
    if (dup) throw new ValidationError("slug.taken", [fieldError("slug", "partner.slug_taken", { slug: data.slug })]);
    const [row] = await tx
      .insert(partners)
      .values({ enteId: ente.id, slug: data.slug, name: data.name, secretHash, webhookUrl: data.webhookUrl ?? null, webhookSecret, webhookEvents: data.webhookEvents, isProtocolRegistry: data.isProtocolRegistry, rateLimitPerMinute: data.rateLimitPerMinute })
      .returning();
    if (!row) throw new Error("partner insert returned nothing");
    if (serviceIds.length) await tx.insert(partnerServices).values(serviceIds.map((serviceId) => ({ partnerId: row.id, serviceId })));
    await recordAudit(tx, { enteId: ente.id, actor, action: "partner.create", targetType: "partner", targetId: row.id, data: { slug: data.slug, serviceIds, webhookUrl: data.webhookUrl ?? null } });
    return { partner: publicRow(row, serviceIds.map((serviceId) => ({ serviceId, disabled: false }))), secret, webhookSecret };
  }));
}

/** A new API secret (or webhook signing key): the old one stops working at once. Returned once. */
export async function rotatePartnerSecret(ctx: Ctx, partnerId: string, which: "api" | "webhook" = "api"): Promise<string> {
  const secret = newSecret();
  const secretHash = which === "api" ? await hashPassword(secret) : null;
  return partnerChanged(asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const changed = await tx
      .update(partners)
      .set(which === "api" ? { secretHash: secretHash ?? "" } : { webhookSecret: secret })
      .where(and(eq(partners.id, partnerId), eq(partners.enteId, ente.id)))
      .returning({ id: partners.id });
    if (changed.length === 0) throw new NotFoundError("partner.not_found");
    await recordAudit(tx, { enteId: ente.id, actor, action: which === "api" ? "partner.rotate_secret" : "partner.rotate_webhook_secret", targetType: "partner", targetId: partnerId });
    return secret;
  }));
}

export async function updatePartnerAdmin(ctx: Ctx, partnerId: string, input: Record<string, unknown>): Promise<PartnerRow> {
  const data = parse(updatePartnerSchema, input);
  return partnerChanged(asAdmin(ctx, async (tctx) => {
    const { db: tx, ente, actor } = tctx;
    const [current] = await tx.select().from(partners).where(and(eq(partners.id, partnerId), eq(partners.enteId, ente.id))).for("update");
    if (!current) throw new NotFoundError("partner.not_found");
    const serviceIds = await checkServices(tctx, data.serviceIds);
    const disabledIds = data.disabledServiceIds.filter((id) => serviceIds.includes(id));
    const before = await tx.select().from(partnerServices).where(eq(partnerServices.partnerId, partnerId));
    const [row] = await tx
      .update(partners)
      .set({
        name: data.name,
        webhookUrl: data.webhookUrl ?? null,
        webhookEvents: data.webhookEvents,
        isProtocolRegistry: data.isProtocolRegistry,
        rateLimitPerMinute: data.rateLimitPerMinute,
        disabledAt: data.disabled ? (current.disabledAt ?? new Date()) : null,
      })
      .where(eq(partners.id, partnerId))
      .returning();
    if (!row) throw new NotFoundError("partner.not_found");
    const removed = before.filter((b) => !serviceIds.includes(b.serviceId)).map((b) => b.serviceId);
    if (removed.length) await tx.delete(partnerServices).where(and(eq(partnerServices.partnerId, partnerId), inArray(partnerServices.serviceId, removed)));
    const now = new Date();
    for (const serviceId of serviceIds) {
      const existing = before.find((b) => b.serviceId === serviceId);
      const disabledAt = disabledIds.includes(serviceId) ? (existing?.disabledAt ?? now) : null;
      if (!existing) await tx.insert(partnerServices).values({ partnerId, serviceId, disabledAt });
      else if (Boolean(existing.disabledAt) !== Boolean(disabledAt))
        await tx.update(partnerServices).set({ disabledAt }).where(and(eq(partnerServices.partnerId, partnerId), eq(partnerServices.serviceId, serviceId)));
    }
    const added = serviceIds.filter((id) => !before.some((b) => b.serviceId === id));
    await recordAudit(tx, {
      enteId: ente.id,
      actor,
      action: "partner.update",
      targetType: "partner",
      targetId: partnerId,
      data: { added, removed, disabledServiceIds: disabledIds, webhookUrl: data.webhookUrl ?? null, webhookEvents: data.webhookEvents, disabled: data.disabled },
    });
    return publicRow(row, serviceIds.map((serviceId) => ({ serviceId, disabled: disabledIds.includes(serviceId) })));
  }));
}

export type DeliveryRow = {
  id: string;
  kind: string;
  praticaId: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  doneAt: Date | null;
  log: { status: string; detail: string | null; createdAt: Date }[];
};

/** The partner's webhook deliveries, newest first, each with its attempts (the worker writes them). */
export async function listPartnerDeliveries(ctx: Ctx, partnerId: string, limit = 50): Promise<DeliveryRow[]> {
  await getPartnerAdmin(ctx, partnerId);
  const rows = await ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.enteId, ctx.ente.id), eq(outbox.topic, "webhook"), sql`${outbox.payload}->>'partnerId' = ${partnerId}`))
    .orderBy(desc(outbox.createdAt))
    .limit(Math.min(Math.max(limit, 1), 500));
  if (rows.length === 0) return [];
  const attempts = await ctx.db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.outboxId, rows.map((r) => r.id))).orderBy(asc(deliveryAttempts.id));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    praticaId: r.praticaId,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt,
    doneAt: r.doneAt,
    log: attempts.filter((a) => a.outboxId === r.id).map((a) => ({ status: a.status, detail: a.detail, createdAt: a.createdAt })),
  }));
}
