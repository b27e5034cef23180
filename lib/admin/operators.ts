import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { memberships, operatorServices, services, users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { BadRequestError, ConflictError, NotFoundError, ValidationError, fieldError, zodFieldErrors } from "@/lib/errors";
import { DEFAULT_LANG, isLang } from "@/lib/i18n";
import { asAdmin, assertAdmin } from "./authorize";
import { sendStaffInvite, setPasswordUrl } from "./send-staff-invite";
import { servicesOrphanedWithout } from "./service-operators";
import { issueStaffToken } from "./staff-tokens";
import { endUserSessions } from "@/lib/auth/sessions";

export type OperatorRow = {
  id: string;
  name: string;
  email: string;
  roles: ("operator" | "admin")[];
  disabled: boolean;
  lastLoginAt: Date | null;
  hasPassword: boolean;
  serviceIds: string[];
  createdAt: Date;
};

/** The ente's staff (operators and admins), with the services each is enabled on and their last login. */
export async function listOperators(ctx: Ctx): Promise<OperatorRow[]> {
  await assertAdmin(ctx);
  const rows = await ctx.db
    .select({ user: users, role: memberships.role, membershipDisabledAt: memberships.disabledAt, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.enteId, ctx.ente.id))
    .orderBy(asc(users.name));
  const byUser = new Map<string, OperatorRow>();
  for (const r of rows) {
    const existing = byUser.get(r.user.id);
    const disabled = Boolean(r.user.disabledAt || r.membershipDisabledAt);
    if (existing) {
      existing.roles.push(r.role);
      existing.disabled &&= disabled;
      continue;
    }
    byUser.set(r.user.id, {
      id: r.user.id,
      name: r.user.name,
      email: r.user.email,
      roles: [r.role],
      disabled,
      lastLoginAt: r.user.lastLoginAt,
      hasPassword: Boolean(r.user.passwordHash),
      serviceIds: [],
      createdAt: r.since,
    });
  }
  const ids = [...byUser.keys()];
  if (ids.length > 0) {
    const enabled = await ctx.db
      .select({ userId: operatorServices.userId, serviceId: operatorServices.serviceId })
      .from(operatorServices)
      .innerJoin(services, eq(services.id, operatorServices.serviceId))
      .where(and(inArray(operatorServices.userId, ids), eq(services.enteId, ctx.ente.id)));
    for (const e of enabled) byUser.get(e.userId)?.serviceIds.push(e.serviceId);
  }
  return [...byUser.values()];
}

export async function getOperator(ctx: Ctx, userId: string): Promise<OperatorRow> {
  const all = await listOperators(ctx);
  const found = all.find((o) => o.id === userId);
  if (!found) throw new NotFoundError("operator.not_found");
  return found;
}

export const createOperatorSchema = z.object({
  name: z.string().trim().min(2, "field.name_required").max(200),
  email: z.string().trim().toLowerCase().pipe(z.email()),
  role: z.enum(["operator", "admin"]).default("operator"),
  serviceIds: z.array(z.uuid()).max(500).default([]),
  lang: z.enum(["it", "en"]).default("it"),
});
export type CreateOperatorInput = z.input<typeof createOperatorSchema>;

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  return parsed.data;
}

/** Services of this ente among `ids`; any id of another ente (or unknown) is refused. */
async function ownServiceIds(db: DbOrTx, enteId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await db.select({ id: services.id }).from(services).where(and(eq(services.enteId, enteId), inArray(services.id, unique)));
  if (found.length !== unique.length) throw new BadRequestError("services.not_of_ente", {}, { field: "services" });
  return unique;
}

/** A member of this ente's staff (any role), or NotFound: other entes' users are invisible. */
async function staffMember(db: DbOrTx, enteId: string, userId: string): Promise<User> {
  const [row] = await db
    .select({ user: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, userId), eq(memberships.enteId, enteId)));
  if (!row) throw new NotFoundError("operator.not_found");
  return row.user;
}

/**
 * Creates an operator (or admin) without a password, enables them on services and emails a set-password
 * link, all in one transaction with its audit row.
 */
export async function createOperator(ctx: Ctx, input: CreateOperatorInput | Record<string, unknown>, opts: { appUrl: string }): Promise<User> {
  const data = parse(createOperatorSchema, input);
  return asAdmin(ctx, async ({ db: tx, ente, actor }, adminId) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
    if (existing) throw new ConflictError("user.email_taken", {}, { field: "email" });
    const serviceIds = await ownServiceIds(tx, ente.id, data.serviceIds);
    const [user] = await tx.insert(users).values({ email: data.email, name: data.name, language: data.lang }).returning();
    if (!user) throw new Error("user insert returned nothing");
    await tx.insert(memberships).values({ userId: user.id, enteId: ente.id, role: data.role });
    if (serviceIds.length) await tx.insert(operatorServices).values(serviceIds.map((serviceId) => ({ userId: user.id, serviceId })));
    const link = await issueStaffToken(tx, { enteId: ente.id, userId: user.id, purpose: "invite", createdBy: adminId });
    await sendStaffInvite(tx, { enteId: ente.id, email: user.email, url: setPasswordUrl(opts.appUrl, ente.slug, link.token), lang: data.lang });
    await recordAudit(tx, {
      enteId: ente.id,
      actor,
      action: "operator.create",
      targetType: "user",
      targetId: user.id,
      data: { email: user.email, role: data.role, serviceIds },
    });
    return user;
  });
}

/** Replaces the set of services an operator works on. */
export async function updateOperatorServices(ctx: Ctx, userId: string, serviceIdsInput: string[]): Promise<{ added: string[]; removed: string[] }> {
  const serviceIds = parse(z.array(z.uuid()).max(500), serviceIdsInput);
  return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    await staffMember(tx, ente.id, userId);
    const wanted = await ownServiceIds(tx, ente.id, serviceIds);
    const current = (
      await tx
        .select({ id: operatorServices.serviceId })
        .from(operatorServices)
        .innerJoin(services, eq(services.id, operatorServices.serviceId))
        .where(and(eq(operatorServices.userId, userId), eq(services.enteId, ente.id)))
    ).map((r) => r.id);
    const added = wanted.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !wanted.includes(id));
    // Refused rather than warned: enabling someone else (or suspending the service) first costs one click,
    // while a pratica submitted meanwhile would reach nobody.
    const orphaned = await servicesOrphanedWithout(tx, ente.id, userId, removed);
    if (orphaned.length) {
      const services = orphaned.map((o) => `«${o.name}»`).join(", ");
      throw new ValidationError("operator.services_orphaned", [fieldError("serviceIds", orphaned.length === 1 ? "operator.service_orphaned_one" : "operator.service_orphaned_many", { services })]);
    }
    if (removed.length) await tx.delete(operatorServices).where(and(eq(operatorServices.userId, userId), inArray(operatorServices.serviceId, removed)));
    if (added.length) await tx.insert(operatorServices).values(added.map((serviceId) => ({ userId, serviceId })));
    if (added.length || removed.length)
      await recordAudit(tx, { enteId: ente.id, actor, action: "operator.services", targetType: "user", targetId: userId, data: { added, removed } });
    return { added, removed };
  });
}

/**
 * Switches a staff member off (or on again) in this ente: their next request is refused, their links stop working.
 * Disabling is never refused because of the services they handle (cutting off someone who left, or a stolen
 * account, cannot wait); instead it returns the open services left with no active operator, for the admin to fix.
 */
export async function setOperatorDisabled(ctx: Ctx, userId: string, disabled: boolean): Promise<{ orphanedServices: { id: string; name: string }[] }> {
  return asAdmin(ctx, async ({ db: tx, ente, actor }, adminId) => {
    if (userId === adminId && disabled) throw new BadRequestError("operator.cannot_disable_self");
    await staffMember(tx, ente.id, userId);
    const orphanedServices = disabled ? await servicesOrphanedWithout(tx, ente.id, userId, await enabledServiceIds(tx, ente.id, userId)) : [];
    const changed = await tx
      .update(memberships)
      .set({ disabledAt: disabled ? new Date() : null })
      .where(and(eq(memberships.userId, userId), eq(memberships.enteId, ente.id), disabled ? isNull(memberships.disabledAt) : sql`${memberships.disabledAt} is not null`))
      .returning({ role: memberships.role });
    if (changed.length === 0) return { orphanedServices: [] };
    // Their roles changed: every open session ends now, with this change (lib/auth/sessions.ts).
    await endUserSessions(tx, userId);
    await recordAudit(tx, { enteId: ente.id, actor, action: disabled ? "operator.disable" : "operator.enable", targetType: "user", targetId: userId });
    return { orphanedServices };
  });
}

async function enabledServiceIds(db: DbOrTx, enteId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: operatorServices.serviceId })
    .from(operatorServices)
    .innerJoin(services, eq(services.id, operatorServices.serviceId))
    .where(and(eq(operatorServices.userId, userId), eq(services.enteId, enteId)));
  return rows.map((r) => r.id);
}

/** The open services that only this staff member handles: the page warns before disabling them. */
export async function servicesOnlyHandledBy(ctx: Ctx, userId: string): Promise<{ id: string; name: string }[]> {
  await assertAdmin(ctx);
  return servicesOrphanedWithout(ctx.db, ctx.ente.id, userId, await enabledServiceIds(ctx.db, ctx.ente.id, userId));
}

export const disableOperator = (ctx: Ctx, userId: string) => setOperatorDisabled(ctx, userId, true);
export const enableOperator = (ctx: Ctx, userId: string) => setOperatorDisabled(ctx, userId, false);

/**
 * Resets a staff member's password: the old one stops working at once and a new single-use link is emailed.
 */
export async function resetOperatorPassword(ctx: Ctx, userId: string, opts: { appUrl: string }): Promise<void> {
  await asAdmin(ctx, async ({ db: tx, ente, actor }, adminId) => {
    const user = await staffMember(tx, ente.id, userId);
    const [active] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.enteId, ente.id), isNull(memberships.disabledAt)));
    if (!active || user.disabledAt) throw new BadRequestError("operator.disabled_reset");
    // A password shared with another ente's membership is not this admin's to revoke: it stays until the new one is set.
    const elsewhere = await tx
      .select({ enteId: memberships.enteId })
      .from(memberships)
      .where(and(eq(memberships.userId, userId), sql`${memberships.enteId} <> ${ente.id}`));
    if (elsewhere.length === 0) await tx.update(users).set({ passwordHash: null, updatedAt: new Date() }).where(eq(users.id, userId));
    // Whoever holds a session of this account (maybe the reason for the reset) is out at once.
    await endUserSessions(tx, userId);
    const link = await issueStaffToken(tx, { enteId: ente.id, userId, purpose: "reset", createdBy: adminId });
    await sendStaffInvite(tx, { enteId: ente.id, email: user.email, url: setPasswordUrl(opts.appUrl, ente.slug, link.token), lang: isLang(user.language) ? user.language : DEFAULT_LANG });
    await recordAudit(tx, { enteId: ente.id, actor, action: "operator.reset_password", targetType: "user", targetId: userId });
  });
}
