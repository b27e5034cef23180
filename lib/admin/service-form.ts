import { and, desc, eq, max } from "drizzle-orm";
import { serviceFormVersions, services } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { ConflictError, NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { formDefinitionSchema, type FormDefinition } from "@/lib/services/form-schema";
import { asAdmin, assertAdmin } from "./authorize";

/** JSON with object keys sorted: jsonb does not keep key order, so plain stringify cannot compare. */
export function canonicalJson(v: unknown): string {
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

/** Parses a form definition (from the builder or the JSON editor); errors name the path of each problem. */
export function parseFormDefinition(input: unknown): FormDefinition {
  const parsed = formDefinitionSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("form.invalid", zodFieldErrors(parsed.error.issues));
  return parsed.data;
}

/**
 * Publishes a new version of a service's form. Pratiche keep the version they were filled with (their
 * form_version); new ones get this one. `expectedVersion` is the version the editor started from: if another
 * admin published meanwhile, this one is refused instead of silently overwriting theirs.
 */
export async function publishFormVersion(ctx: Ctx, serviceId: string, definition: unknown, opts: { expectedVersion?: number } = {}): Promise<{ version: number; changed: boolean }> {
  const def = parseFormDefinition(definition);
  return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const [current] = await tx.select().from(services).where(and(eq(services.id, serviceId), eq(services.enteId, ente.id))).for("update");
    if (!current) throw new NotFoundError("service.not_found");
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== current.formVersion)
      throw new ConflictError("form.version_conflict", { version: current.formVersion });
    const stored = formDefinitionSchema.safeParse(current.formDefinition);
    if (canonicalJson(def) === canonicalJson(stored.success ? stored.data : current.formDefinition)) return { version: current.formVersion, changed: false };
    const [last] = await tx.select({ v: max(serviceFormVersions.version) }).from(serviceFormVersions).where(eq(serviceFormVersions.serviceId, serviceId));
    const version = Math.max(last?.v ?? 0, current.formVersion) + 1;
    // The version being replaced is kept too (older data may predate the versions table).
    await tx.insert(serviceFormVersions).values({ serviceId, version: current.formVersion, definition: current.formDefinition }).onConflictDoNothing();
    await tx.insert(serviceFormVersions).values({ serviceId, version, definition: def });
    await tx.update(services).set({ formDefinition: def, formVersion: version, updatedAt: new Date() }).where(eq(services.id, serviceId));
    await recordAudit(tx, { enteId: ente.id, actor, action: "service.form_publish", targetType: "service", targetId: serviceId, data: { version, previous: current.formVersion } });
    return { version, changed: true };
  });
}

export async function listFormVersions(ctx: Ctx, serviceId: string): Promise<{ version: number; createdAt: Date }[]> {
  await assertAdmin(ctx);
  const [svc] = await ctx.db.select({ id: services.id }).from(services).where(and(eq(services.id, serviceId), eq(services.enteId, ctx.ente.id)));
  if (!svc) throw new NotFoundError("service.not_found");
  return ctx.db
    .select({ version: serviceFormVersions.version, createdAt: serviceFormVersions.createdAt })
    .from(serviceFormVersions)
    .where(eq(serviceFormVersions.serviceId, serviceId))
    .orderBy(desc(serviceFormVersions.version));
}

/**
 * One published version of a service's form, as it was: what the pratiche filled with it were asked. Its
 * definition is checked again against today's schema and is null when it no longer fits (it was stored as
 * published, possibly under older rules).
 */
export async function getFormVersion(ctx: Ctx, serviceId: string, version: number): Promise<{ version: number; createdAt: Date; definition: FormDefinition | null }> {
  await assertAdmin(ctx);
  const [row] = await ctx.db
    .select({ version: serviceFormVersions.version, createdAt: serviceFormVersions.createdAt, definition: serviceFormVersions.definition })
    .from(serviceFormVersions)
    .innerJoin(services, eq(services.id, serviceFormVersions.serviceId))
    .where(and(eq(serviceFormVersions.serviceId, serviceId), eq(services.enteId, ctx.ente.id), eq(serviceFormVersions.version, version)));
  if (!row) throw new NotFoundError("form_version.not_found");
  const definition = formDefinitionSchema.safeParse(row.definition);
  return { ...row, definition: definition.success ? definition.data : null };
}
