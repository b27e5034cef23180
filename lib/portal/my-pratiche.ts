import { and, count, desc, eq, ne, sql } from "drizzle-orm";
import { messages, pratiche, services, statusHistory } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";
import { STATUS } from "@/lib/workflow/states";

export const MY_PRATICHE_PAGE_SIZE = 20;

function citizenId(ctx: Ctx): string {
  if (ctx.actor.kind !== "citizen") throw new ForbiddenError("citizen.only_area");
  return ctx.actor.userId;
}

/**
 * Whether the municipality did something the citizen has not seen yet: a status change by someone else or a
 * message from the municipality after the citizen last opened the pratica.
 */
const unreadSql = sql<boolean>`(
  exists (select 1 from ${statusHistory} h where h.pratica_id = ${pratiche.id} and h.actor_kind <> 'citizen'
          and h.created_at > coalesce(${pratiche.citizenViewedAt}, ${pratiche.submittedAt}))
  or exists (select 1 from ${messages} m where m.pratica_id = ${pratiche.id} and m.author_kind <> 'citizen' and m.internal = false
          and m.created_at > coalesce(${pratiche.citizenViewedAt}, ${pratiche.submittedAt}))
)`;

export type MyPraticaRow = {
  id: string;
  numero: string | null;
  serviceName: string;
  status: number;
  submittedAt: Date | null;
  updatedAt: Date;
  unread: boolean;
};

/** "Le mie pratiche": the acting citizen's submitted pratiche in this ente, most recently changed first. */
export async function listMyPratiche(ctx: Ctx, opts: { page?: number; pageSize?: number } = {}): Promise<{ rows: MyPraticaRow[]; total: number; page: number; pages: number }> {
  const userId = citizenId(ctx);
  const pageSize = opts.pageSize ?? MY_PRATICHE_PAGE_SIZE;
  const where = and(eq(pratiche.applicantId, userId), eq(pratiche.enteId, ctx.ente.id), ne(pratiche.status, STATUS.draft));
  const [totalRow] = await ctx.db.select({ n: count() }).from(pratiche).where(where);
  const total = totalRow?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pages);
  const rows = await ctx.db
    .select({ id: pratiche.id, numero: pratiche.numero, serviceName: services.name, status: pratiche.status, submittedAt: pratiche.submittedAt, updatedAt: pratiche.updatedAt, unread: unreadSql })
    .from(pratiche)
    .innerJoin(services, eq(services.id, pratiche.serviceId))
    .where(where)
    .orderBy(desc(pratiche.updatedAt), desc(pratiche.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows: rows.map((r) => ({ ...r, unread: Boolean(r.unread) })), total, page, pages };
}

/** The acting citizen's drafts in this ente, most recently saved first. */
export async function listMyDrafts(ctx: Ctx) {
  const userId = citizenId(ctx);
  return ctx.db
    .select({ id: pratiche.id, serviceName: services.name, serviceSlug: services.slug, updatedAt: pratiche.updatedAt })
    .from(pratiche)
    .innerJoin(services, eq(services.id, pratiche.serviceId))
    .where(and(eq(pratiche.applicantId, userId), eq(pratiche.enteId, ctx.ente.id), eq(pratiche.status, STATUS.draft)))
    .orderBy(desc(pratiche.updatedAt))
    .limit(50);
}
