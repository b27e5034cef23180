import { and, count, desc, eq, max, sql } from "drizzle-orm";
import { messages, pratiche, services, statusHistory } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";
import { STATUS } from "@/lib/workflow/states";

/**
 * The personal area's tabs (Scrivania, Messaggi, Attività, Servizi): every query is scoped to the acting citizen's
 * own pratiche in the ctx's ente, and only to what a citizen may read (never an internal note).
 */

export const THREADS_PAGE_SIZE = 20;
export const ACTIVITY_PAGE_SIZE = 20;
/** Page numbers past this are clamped: a citizen's history is never that long, and a URL cannot ask for more work. */
const MAX_PAGE = 1000;

function citizenId(ctx: Ctx): string {
  if (ctx.actor.kind !== "citizen") throw new ForbiddenError("citizen.only_area");
  return ctx.actor.userId;
}

const mine = (ctx: Ctx, userId: string) => and(eq(pratiche.applicantId, userId), eq(pratiche.enteId, ctx.ente.id));

function paging(total: number, page: number | undefined, pageSize: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return { pages, page: Math.min(Math.max(1, Math.floor(page ?? 1)), pages, MAX_PAGE) };
}

export type ThreadRow = {
  praticaId: string;
  numero: string | null;
  serviceName: string;
  count: number;
  lastAt: Date;
  lastBody: string;
  lastFromCitizen: boolean;
  /** A message of the municipality arrived after the citizen last opened the pratica. */
  unread: boolean;
};

/** The visible messages (no internal notes) of one pratica, as a correlated condition on `pratiche`. */
const visibleOf = sql`m.pratica_id = ${pratiche.id} and m.ente_id = ${pratiche.enteId} and m.internal = false`;

/** "Messaggi": one thread per pratica with at least one message, the most recently active first. */
export async function listMyThreads(ctx: Ctx, opts: { page?: number; pageSize?: number } = {}): Promise<{ rows: ThreadRow[]; total: number; page: number; pages: number }> {
  const userId = citizenId(ctx);
  const pageSize = opts.pageSize ?? THREADS_PAGE_SIZE;
  const hasMessages = sql`exists (select 1 from ${messages} m where ${visibleOf})`;
  const where = and(mine(ctx, userId), hasMessages);
  const [totalRow] = await ctx.db.select({ n: count() }).from(pratiche).where(where);
  const total = totalRow?.n ?? 0;
  const { page, pages } = paging(total, opts.page, pageSize);
  const lastAt = sql<Date>`(select max(m.created_at) from ${messages} m where ${visibleOf})`;
  const rows = await ctx.db
    .select({
      praticaId: pratiche.id,
      numero: pratiche.numero,
      serviceName: services.name,
      count: sql<number>`(select count(*) from ${messages} m where ${visibleOf})::int`,
      lastAt: lastAt.mapWith(pratiche.updatedAt),
      lastBody: sql<string>`(select m.body from ${messages} m where ${visibleOf} order by m.created_at desc, m.id desc limit 1)`,
      lastAuthor: sql<string>`(select m.author_kind from ${messages} m where ${visibleOf} order by m.created_at desc, m.id desc limit 1)`,
      unread: sql<boolean>`exists (select 1 from ${messages} m where ${visibleOf} and m.author_kind <> 'citizen'
        and m.created_at > coalesce(${pratiche.citizenViewedAt}, ${pratiche.submittedAt}, ${pratiche.createdAt}))`,
    })
    .from(pratiche)
    .innerJoin(services, eq(services.id, pratiche.serviceId))
    .where(where)
    .orderBy(desc(lastAt), desc(pratiche.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    rows: rows.map(({ lastAuthor, ...r }) => ({ ...r, count: Number(r.count), lastFromCitizen: lastAuthor === "citizen", unread: Boolean(r.unread) })),
    total,
    page,
    pages,
  };
}

export type ActivityRow = {
  /** `event`: a step of the iter (its workflow event); `message`: a message in the thread. */
  kind: "event" | "message";
  event: string | null;
  fromCitizen: boolean;
  at: Date;
  praticaId: string;
  numero: string | null;
  serviceName: string;
  toStatus: number | null;
};

/**
 * "Attività": the citizen's timeline across their pratiche, newest first: the iter's steps and the thread's messages.
 * Both sources are read in order up to the page asked for and merged; a citizen's history is short enough for that,
 * and it keeps to plain queries that PGlite and PostgreSQL answer alike.
 */
export async function listMyActivity(ctx: Ctx, opts: { page?: number; pageSize?: number } = {}): Promise<{ rows: ActivityRow[]; total: number; page: number; pages: number }> {
  const userId = citizenId(ctx);
  const pageSize = opts.pageSize ?? ACTIVITY_PAGE_SIZE;
  const events = and(mine(ctx, userId), eq(statusHistory.enteId, ctx.ente.id));
  const visible = and(mine(ctx, userId), eq(messages.enteId, ctx.ente.id), eq(messages.internal, false));
  const [[e], [m]] = await Promise.all([
    ctx.db.select({ n: count() }).from(statusHistory).innerJoin(pratiche, eq(pratiche.id, statusHistory.praticaId)).where(events),
    ctx.db.select({ n: count() }).from(messages).innerJoin(pratiche, eq(pratiche.id, messages.praticaId)).where(visible),
  ]);
  const total = (e?.n ?? 0) + (m?.n ?? 0);
  const { page, pages } = paging(total, opts.page, pageSize);
  const upTo = page * pageSize;
  const [eventRows, messageRows] = await Promise.all([
    ctx.db
      .select({ id: statusHistory.id, event: statusHistory.event, actorKind: statusHistory.actorKind, at: statusHistory.createdAt, toStatus: statusHistory.toStatus, praticaId: pratiche.id, numero: pratiche.numero, serviceName: services.name })
      .from(statusHistory)
      .innerJoin(pratiche, eq(pratiche.id, statusHistory.praticaId))
      .innerJoin(services, eq(services.id, pratiche.serviceId))
      .where(events)
      .orderBy(desc(statusHistory.createdAt), desc(statusHistory.id))
      .limit(upTo),
    ctx.db
      .select({ id: messages.id, authorKind: messages.authorKind, at: messages.createdAt, praticaId: pratiche.id, numero: pratiche.numero, serviceName: services.name })
      .from(messages)
      .innerJoin(pratiche, eq(pratiche.id, messages.praticaId))
      .innerJoin(services, eq(services.id, pratiche.serviceId))
      .where(visible)
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(upTo),
  ]);
  const merged: (ActivityRow & { key: string })[] = [
    ...eventRows.map((r) => ({ key: `e${String(r.id).padStart(20, "0")}`, kind: "event" as const, event: r.event, fromCitizen: r.actorKind === "citizen", at: r.at, praticaId: r.praticaId, numero: r.numero, serviceName: r.serviceName, toStatus: r.toStatus })),
    ...messageRows.map((r) => ({ key: `m${r.id}`, kind: "message" as const, event: null, fromCitizen: r.authorKind === "citizen", at: r.at, praticaId: r.praticaId, numero: r.numero, serviceName: r.serviceName, toStatus: null })),
  ];
  merged.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  return { rows: merged.slice((page - 1) * pageSize, upTo).map(({ key: _key, ...r }) => r), total, page, pages };
}

export type UsedServiceRow = { serviceId: string; name: string; slug: string; available: boolean; submitted: number; drafts: number; lastAt: Date };

/** "Servizi": the services the citizen has used in this ente (submitted pratiche or drafts), most recent first. */
export async function listMyServices(ctx: Ctx): Promise<UsedServiceRow[]> {
  const userId = citizenId(ctx);
  const lastAt = max(pratiche.updatedAt);
  const rows = await ctx.db
    .select({
      serviceId: services.id,
      name: services.name,
      slug: services.slug,
      status: services.status,
      submitted: sql<number>`count(*) filter (where ${pratiche.status} <> ${STATUS.draft})::int`,
      drafts: sql<number>`count(*) filter (where ${pratiche.status} = ${STATUS.draft})::int`,
      lastAt,
    })
    .from(pratiche)
    .innerJoin(services, and(eq(services.id, pratiche.serviceId), eq(services.enteId, ctx.ente.id)))
    .where(mine(ctx, userId))
    .groupBy(services.id, services.name, services.slug, services.status)
    .orderBy(desc(lastAt), services.name);
  return rows.map(({ status, ...r }) => ({ ...r, available: status === "available", submitted: Number(r.submitted), drafts: Number(r.drafts), lastAt: r.lastAt ?? new Date(0) }));
}

export type ToDoRow = { praticaId: string; numero: string | null; serviceName: string; since: Date };

/** Scrivania's "Da fare": pratiche where the municipality asked for documents and waits for the citizen's answer. */
export async function listMyIntegrationRequests(ctx: Ctx): Promise<ToDoRow[]> {
  const userId = citizenId(ctx);
  return ctx.db
    .select({ praticaId: pratiche.id, numero: pratiche.numero, serviceName: services.name, since: pratiche.updatedAt })
    .from(pratiche)
    .innerJoin(services, eq(services.id, pratiche.serviceId))
    .where(and(mine(ctx, userId), eq(pratiche.status, STATUS.integration_requested)))
    .orderBy(desc(pratiche.updatedAt))
    .limit(50);
}

/** How many threads have a municipality's message the citizen has not opened yet (the Messaggi tab's badge). */
export async function countMyUnreadThreads(ctx: Ctx): Promise<number> {
  const userId = citizenId(ctx);
  const [row] = await ctx.db
    .select({ n: count() })
    .from(pratiche)
    .where(
      and(
        mine(ctx, userId),
        sql`exists (select 1 from ${messages} m where ${visibleOf} and m.author_kind <> 'citizen'
          and m.created_at > coalesce(${pratiche.citizenViewedAt}, ${pratiche.submittedAt}, ${pratiche.createdAt}))`,
      ),
    );
  return row?.n ?? 0;
}
