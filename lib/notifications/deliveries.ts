import { and, count, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { deliveryAttempts, outbox, pratiche, type DeliveryStatus, type OutboxStatus } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { addDays, startOfDay } from "@/lib/time/wall-clock";
import { isOperatorEnabled } from "@/lib/workflow/guards";

export const OUTBOX_STATUSES = ["pending", "processing", "sent", "skipped", "dead", "cancelled", "routed"] as const satisfies readonly OutboxStatus[];
export const OUTBOX_TOPICS = ["email", "io", "pec", "protocol", "webhook", "payment", "appointment"] as const;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The admin page's filters, from the query string. Anything malformed is dropped rather than failing the page. */
export const deliveryFiltersSchema = z.object({
  status: z.preprocess(blankToUndefined, z.enum(OUTBOX_STATUSES).optional()).catch(undefined),
  topic: z.preprocess(blankToUndefined, z.enum(OUTBOX_TOPICS).optional()).catch(undefined),
  kind: z.preprocess(blankToUndefined, z.string().regex(/^[a-z_.]{1,60}$/).optional()).catch(undefined),
  pratica: z.preprocess(blankToUndefined, z.uuid().optional()).catch(undefined),
  from: z.preprocess(blankToUndefined, z.iso.date().optional()).catch(undefined),
  to: z.preprocess(blankToUndefined, z.iso.date().optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type DeliveryFilters = z.infer<typeof deliveryFiltersSchema>;

export type DeliveryAttemptView = { status: DeliveryStatus; detail: string | null; createdAt: Date };
export type DeliveryView = {
  id: string;
  praticaId: string | null;
  /** The pratica's number as people read it ("2026-000123"), when the row is about a submitted pratica. */
  praticaNumero: string | null;
  topic: string;
  kind: string;
  status: OutboxStatus;
  attempts: number;
  availableAt: Date;
  createdAt: Date;
  doneAt: Date | null;
  lastError: string | null;
  /** The row this one was handed over from (another channel's, lib/channels/hand-over.ts), if any. */
  parentId: string | null;
  /** Why it was handed over (the policy's choice, or the previous channel's refusal or failure). */
  handOverReason: string | null;
  history: DeliveryAttemptView[];
};

const PAGE_SIZE = 50;

async function withHistory(ctx: Ctx, rows: Omit<DeliveryView, "history">[]): Promise<DeliveryView[]> {
  if (rows.length === 0) return [];
  const attempts = await ctx.db
    .select({ outboxId: deliveryAttempts.outboxId, status: deliveryAttempts.status, detail: deliveryAttempts.detail, createdAt: deliveryAttempts.createdAt })
    .from(deliveryAttempts)
    .where(
      and(
        eq(deliveryAttempts.enteId, ctx.ente.id),
        inArray(
          deliveryAttempts.outboxId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(deliveryAttempts.id);
  return rows.map((r) => ({ ...r, history: attempts.filter((a) => a.outboxId === r.id) }));
}

const columns = {
  id: outbox.id,
  praticaId: outbox.praticaId,
  praticaNumero: pratiche.numero,
  topic: outbox.topic,
  kind: outbox.kind,
  status: outbox.status,
  attempts: outbox.attempts,
  availableAt: outbox.availableAt,
  createdAt: outbox.createdAt,
  doneAt: outbox.doneAt,
  lastError: outbox.lastError,
  parentId: outbox.parentId,
  handOverReason: sql<string | null>`${outbox.payload}->>'handOverReason'`,
};

/** The ente's delivery record for admins, newest first, filtered; with every attempt of each row. */
export async function listDeliveries(ctx: Ctx, filters: DeliveryFilters): Promise<{ rows: DeliveryView[]; total: number; pageSize: number }> {
  if (ctx.actor.kind !== "admin") throw new ForbiddenError("admin.only_short");
  const where: SQL[] = [eq(outbox.enteId, ctx.ente.id)];
  if (filters.status) where.push(eq(outbox.status, filters.status));
  if (filters.topic) where.push(eq(outbox.topic, filters.topic));
  if (filters.kind) where.push(eq(outbox.kind, filters.kind));
  if (filters.pratica) where.push(eq(outbox.praticaId, filters.pratica));
  // Whole days of the ente's calendar, as in the audit log.
  if (filters.from) where.push(gte(outbox.createdAt, startOfDay(filters.from, ctx.ente.timezone)));
  if (filters.to) where.push(lt(outbox.createdAt, addDays(startOfDay(filters.to, ctx.ente.timezone), 1, ctx.ente.timezone)));
  const [total] = await ctx.db
    .select({ n: count() })
    .from(outbox)
    .where(and(...where));
  const rows = await ctx.db
    .select(columns)
    .from(outbox)
    .leftJoin(pratiche, and(eq(pratiche.id, outbox.praticaId), eq(pratiche.enteId, outbox.enteId)))
    .where(and(...where))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(PAGE_SIZE)
    .offset((filters.page - 1) * PAGE_SIZE);
  return { rows: await withHistory(ctx, rows), total: total?.n ?? 0, pageSize: PAGE_SIZE };
}

/** Counts by status, for the admin page's summary. */
export async function countDeliveries(ctx: Ctx): Promise<Partial<Record<OutboxStatus, number>>> {
  if (ctx.actor.kind !== "admin") throw new ForbiddenError("admin.only_short");
  const rows = await ctx.db.select({ status: outbox.status, n: count() }).from(outbox).where(eq(outbox.enteId, ctx.ente.id)).groupBy(outbox.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Everything sent (or not) about one pratica: for its admins and for operators enabled on its service. */
export async function getPraticaDeliveries(ctx: Ctx, praticaId: string): Promise<DeliveryView[]> {
  const [pratica] = await ctx.db
    .select({ serviceId: pratiche.serviceId })
    .from(pratiche)
    .where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, ctx.ente.id)));
  if (!pratica) throw new NotFoundError("pratica.not_found");
  const { actor } = ctx;
  if (actor.kind === "operator" ? !(await isOperatorEnabled(ctx.db, actor.userId, pratica.serviceId)) : actor.kind !== "admin")
    throw new ForbiddenError("deliveries.forbidden");
  const rows = await ctx.db
    .select(columns)
    .from(outbox)
    .leftJoin(pratiche, and(eq(pratiche.id, outbox.praticaId), eq(pratiche.enteId, outbox.enteId)))
    .where(and(eq(outbox.enteId, ctx.ente.id), eq(outbox.praticaId, praticaId)))
    .orderBy(outbox.createdAt, outbox.id);
  return withHistory(ctx, rows);
}
