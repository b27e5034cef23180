import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditLog, partners, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ValidationError, zodFieldErrors } from "@/lib/errors";
import { cleanText } from "@/lib/edge/text";
import { csvDocument, csvLine } from "@/lib/format/csv";
import { addDays, startOfDay } from "@/lib/time/wall-clock";
import { assertAdmin } from "./authorize";

export const auditFilterSchema = z.object({
  action: cleanText().trim().max(100).optional(),
  actorKind: z.enum(["citizen", "operator", "admin", "partner", "system"]).optional(),
  actorId: cleanText().trim().max(100).optional(),
  targetType: cleanText().trim().max(50).optional(),
  targetId: cleanText().trim().max(100).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Rows with an id lower than this (the next page). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(50),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

export type AuditEntry = {
  id: number;
  createdAt: Date;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string;
  data: Record<string, unknown>;
};

/** Empty strings from a GET form mean "no filter". */
export function cleanAuditFilter(raw: Record<string, unknown>): AuditFilter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string" && v.trim() !== "") out[k] = v;
  return out as AuditFilter;
}

/**
 * The ente's audit log, newest first, filtered. `from`/`to` are whole days in the ente's time zone.
 * Returns one page and the cursor of the next.
 */
export async function listAudit(ctx: Ctx, filter: AuditFilter = {}): Promise<{ rows: AuditEntry[]; nextBefore: number | null }> {
  await assertAdmin(ctx);
  const parsed = auditFilterSchema.safeParse(filter);
  if (!parsed.success) throw new ValidationError("audit.invalid_filters", zodFieldErrors(parsed.error.issues));
  const f = parsed.data;
  const tz = ctx.ente.timezone;
  const where: (SQL | undefined)[] = [eq(auditLog.enteId, ctx.ente.id)];
  if (f.action) where.push(f.action.endsWith(".") || !f.action.includes(".") ? ilike(auditLog.action, `${f.action.replace(/[%_\\]/g, "")}%`) : eq(auditLog.action, f.action));
  if (f.actorKind) where.push(eq(auditLog.actorKind, f.actorKind));
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.targetType) where.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) where.push(eq(auditLog.targetId, f.targetId));
  if (f.from) where.push(gte(auditLog.createdAt, startOfDay(f.from, tz)));
  if (f.to) where.push(lt(auditLog.createdAt, addDays(startOfDay(f.to, tz), 1, tz)));
  if (f.before) where.push(lt(auditLog.id, f.before));
  const rows = await ctx.db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      actorKind: auditLog.actorKind,
      actorId: auditLog.actorId,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      data: auditLog.data,
      userName: users.name,
      partnerName: partners.name,
    })
    .from(auditLog)
    .leftJoin(users, and(or(eq(auditLog.actorKind, "citizen"), eq(auditLog.actorKind, "operator"), eq(auditLog.actorKind, "admin")), eq(sql`${users.id}::text`, auditLog.actorId)))
    .leftJoin(partners, and(eq(auditLog.actorKind, "partner"), eq(sql`${partners.id}::text`, auditLog.actorId), eq(partners.enteId, ctx.ente.id)))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit).map(({ userName, partnerName, ...r }) => ({ ...r, actorName: userName ?? partnerName ?? null }));
  const last = page[page.length - 1];
  return { rows: page, nextBefore: rows.length > f.limit && last ? last.id : null };
}

/** The filtered audit log as CSV (`lib/format/csv`), up to `max` rows. */
export async function exportAuditCsv(ctx: Ctx, filter: AuditFilter = {}, max = 50_000): Promise<string> {
  const lines = [csvLine(["id", "created_at", "actor_kind", "actor_id", "actor_name", "action", "target_type", "target_id", "data"])];
  let before: number | undefined;
  let total = 0;
  for (;;) {
    const { rows, nextBefore } = await listAudit(ctx, { ...filter, before, limit: 5000 });
    for (const r of rows) {
      lines.push(csvLine([r.id, r.createdAt, r.actorKind, r.actorId, r.actorName, r.action, r.targetType, r.targetId, r.data]));
    }
    total += rows.length;
    if (!nextBefore || total >= max) break;
    before = nextBefore;
  }
  return csvDocument(lines);
}
