import { and, asc, desc, eq, exists, ilike, inArray, isNotNull, ne, not, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { assertCleanFields } from "@/lib/edge/text";
import { payments, pratiche, type PaymentStatus, type Service } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { CONCLUDED_STATUSES, OPEN_ASSIGNED_STATUSES, STATUS, TO_ASSIGN_STATUSES } from "@/lib/workflow/states";
import { praticaNumber } from "@/lib/pratiche/number";
import { enabledServices, requireOperator } from "./scope";

export const DASHBOARD_TABS = ["da-gestire", "da-assegnare", "concluse", "tutte"] as const;
export type DashboardTab = (typeof DASHBOARD_TABS)[number];
export const SORT_KEYS = ["servizio", "richiedente", "stato", "inviata", "aggiornata"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const PAGE_SIZES = [10, 25, 50, 100] as const;
/** The payment filter: no payment (none, or only withdrawn ones), one to pay, paid, failed, expired. */
export const PAYMENT_FILTERS = ["nessuno", "da-pagare", "pagato", "non-riuscito", "scaduto"] as const;
export type PaymentFilter = (typeof PAYMENT_FILTERS)[number];
/** Counts stop here: an exact count of a million rows is a full index scan, and "10.000+" tells the same story. */
export const COUNT_CAP = 10_000;
/** Deep pages cost an OFFSET walk; nobody pages past this in a browser (the CSV export is for that). */
export const MAX_PAGE = 1_000;

export const dashboardQuerySchema = z.object({
  tab: z.enum(DASHBOARD_TABS).catch("da-gestire"),
  q: z.string().trim().max(100).catch(""),
  sort: z.enum(SORT_KEYS).catch("inviata"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(25),
  /** Absent: every pratica, whatever its payments. */
  pay: z.enum(PAYMENT_FILTERS).optional().catch(undefined),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export type DashboardRow = {
  id: string;
  /** The number people use ("2026-000123"); every dashboard row is submitted, so it has one. */
  numero: string;
  serviceId: string;
  subject: string;
  applicantName: string;
  status: number;
  submittedAt: Date | null;
  updatedAt: Date;
  assignedToMe: boolean;
  /** Still waiting for the protocol number its service requires before anyone may take it in charge. */
  awaitingProtocol: boolean;
};

export type TabCount = { count: number; capped: boolean };

/** `%`, `_` and `\` typed in the search box are literal characters, not patterns. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Each tab's states, also as a range (between its lowest and highest code) so that a walk of the status index
 * starts and stops inside the tab instead of filtering its way past the other states.
 */
function statusIn(codes: readonly number[]): SQL | undefined {
  return and(inArray(pratiche.status, [...codes]), sql`${pratiche.status} between ${Math.min(...codes)} and ${Math.max(...codes)}`);
}

function tabCondition(tab: DashboardTab, userId: string): SQL | undefined {
  switch (tab) {
    case "da-gestire":
      return and(eq(pratiche.assignedOperatorId, userId), statusIn(OPEN_ASSIGNED_STATUSES));
    case "da-assegnare":
      return statusIn(TO_ASSIGN_STATUSES);
    case "concluse":
      return statusIn(CONCLUDED_STATUSES);
    case "tutte":
      return sql`${pratiche.status} > ${STATUS.draft}`;
  }
}

/**
 * The search box's words, each of which must appear in the pratica's search text, in any order: "Rossi Mario"
 * finds Mario Rossi. A pratica number typed short ("2026-123", "2026/123") is padded to the stored form
 * ("2026-000123"); a part of a number ("000123", "123") matches as any other text does.
 */
export function searchWords(q: string): string[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return [...new Set(words.map((w) => {
    const n = /^(\d{4})[-/](\d{1,6})$/.exec(w);
    return n ? `${n[1]}-${(n[2] ?? "").padStart(6, "0")}` : w;
  }))].slice(0, 8);
}

const PAYMENT_FILTER_STATUSES: Record<Exclude<PaymentFilter, "nessuno">, PaymentStatus[]> = {
  "da-pagare": ["creating", "pending"],
  pagato: ["paid"],
  "non-riuscito": ["failed"],
  scaduto: ["expired"],
};

/**
 * The payment filter as an EXISTS on the pratica's payments (payments_pratica_idx answers each probe; the planner
 * may also turn it into a semi-join driven by payments_ente_status_idx when few payments match). "Nessuno" is the
 * NOT EXISTS of any payment still meaning something (a cancelled request is no payment).
 */
function paymentCondition(ctx: Ctx, pay: PaymentFilter | undefined): SQL | undefined {
  if (!pay) return undefined;
  const of = (status: SQL) =>
    exists(ctx.db.select({ one: sql`1` }).from(payments).where(and(eq(payments.praticaId, pratiche.id), eq(payments.enteId, ctx.ente.id), status)));
  if (pay === "nessuno") return not(of(ne(payments.status, "cancelled")));
  return of(inArray(payments.status, PAYMENT_FILTER_STATUSES[pay]));
}

function whereFor(ctx: Ctx, userId: string, serviceIds: string[], tab: DashboardTab, q: string, pay?: PaymentFilter): SQL | undefined {
  // Each word of three letters or more is its own ILIKE, which the trigram index answers (a bitmap AND of all of
  // them). A shorter word ("de", "di") has no trigram: as an ILIKE it would make the index read all its entries,
  // so it only filters the rows the other conditions found (search_text is lower case already).
  const words = searchWords(q);
  return and(
    eq(pratiche.enteId, ctx.ente.id),
    // Always true outside drafts (no tab shows them); said explicitly so index walks skip the drafts' NULLs.
    isNotNull(pratiche.submittedAt),
    inArray(pratiche.serviceId, serviceIds),
    tabCondition(tab, userId),
    paymentCondition(ctx, pay),
    ...words.map((w) => (w.length >= 3 ? ilike(pratiche.searchText, `%${escapeLike(w)}%`) : sql`strpos(${pratiche.searchText}, ${w}) > 0`)),
  );
}

type SortColumns = { subject: unknown; applicantSort: unknown; status: unknown; submittedAt: unknown; updatedAt: unknown; id: unknown };

/** Every sort ends with the submission time and the id, so pages never overlap or skip rows. */
function orderFor<T extends SortColumns>(cols: T, sort: SortKey, dir: "asc" | "desc"): SQL[] {
  const d = dir === "asc" ? asc : desc;
  type Col = Parameters<typeof asc>[0];
  const lead = { servizio: [cols.subject], richiedente: [cols.applicantSort], stato: [cols.status], inviata: [], aggiornata: [cols.updatedAt] }[sort] as Col[];
  return [...lead.map((c) => d(c)), d(cols.submittedAt as Col), d(cols.id as Col)];
}

/**
 * "Da gestire" (one operator's open pratiche, a fraction of a percent of the rows) is filtered first through the
 * (ente, operator, status) index and then sorted. Everything else walks the sort column's index and stops after
 * one page, and with a search term the planner picks between that walk (common terms) and the trigram index
 * (rare terms, a codice fiscale) by itself. It cannot make the first choice on its own: it reads the constant
 * ente_id as perfect heap correlation and walks the sort index even for a 0.2% filter. So that case sits in a
 * subquery with a LIMIT no result reaches, which PostgreSQL never merges into the outer query (the classic
 * fence is OFFSET 0, which drizzle drops as a no-op).
 */
export function isNarrowView(query: Pick<DashboardQuery, "tab">): boolean {
  return query.tab === "da-gestire";
}

const FENCE_LIMIT = Number.MAX_SAFE_INTEGER;

const PAGE_COLUMNS = {
  id: pratiche.id,
  numero: pratiche.numero,
  applicantSort: pratiche.applicantSort,
  serviceId: pratiche.serviceId,
  subject: pratiche.subject,
  applicantName: pratiche.applicantName,
  status: pratiche.status,
  submittedAt: pratiche.submittedAt,
  updatedAt: pratiche.updatedAt,
  assignedOperatorId: pratiche.assignedOperatorId,
};

/**
 * The page's data query, exposed so the benchmark can time the same SQL bare. Filtering, sorting and paging
 * are all SQL: the browser only ever receives one page.
 */
export function dashboardPageQuery(ctx: Ctx, userId: string, serviceIds: string[], query: DashboardQuery) {
  const where = whereFor(ctx, userId, serviceIds, query.tab, query.q, query.pay);
  const offset = (query.page - 1) * query.pageSize;
  if (isNarrowView(query)) {
    const matched = ctx.db.select(PAGE_COLUMNS).from(pratiche).where(where).limit(FENCE_LIMIT).as("matched");
    return ctx.db.select().from(matched).orderBy(...orderFor(matched, query.sort, query.dir)).limit(query.pageSize).offset(offset);
  }
  return ctx.db.select(PAGE_COLUMNS).from(pratiche).where(where).orderBy(...orderFor(pratiche, query.sort, query.dir)).limit(query.pageSize).offset(offset);
}

export type DashboardPage = { rows: DashboardRow[]; query: DashboardQuery; services: Pick<Service, "id" | "name">[] };

/**
 * One page of the operator's dashboard: the pratiche of the services the operator is enabled on, in one of the
 * four tabs, optionally filtered by the search box, sorted by a column.
 */
export async function listDashboard(ctx: Ctx, input: Partial<Record<keyof DashboardQuery, unknown>>): Promise<DashboardPage> {
  const userId = requireOperator(ctx);
  // The other parameters fall back to their defaults; the search is text that reaches the database.
  assertCleanFields({ q: input.q });
  const query = dashboardQuerySchema.parse(input);
  const svc = await enabledServices(ctx);
  if (svc.length === 0) return { rows: [], query, services: [] };
  const byId = new Map(svc.map((s) => [s.id, s]));
  const rows = await dashboardPageQuery(ctx, userId, [...byId.keys()], query);
  return {
    query,
    services: svc.map((s) => ({ id: s.id, name: s.name })),
    rows: rows.map((r) => ({
      id: r.id,
      numero: praticaNumber(r),
      serviceId: r.serviceId,
      subject: r.subject,
      applicantName: r.applicantName ?? "—",
      status: r.status,
      submittedAt: r.submittedAt,
      updatedAt: r.updatedAt,
      assignedToMe: r.assignedOperatorId === userId,
      awaitingProtocol: r.status === STATUS.submitted && Boolean(byId.get(r.serviceId)?.protocolRequired),
    })),
  };
}

/**
 * How many pratiche each tab holds (with the search term and the payment filter, if any), counted up to COUNT_CAP: each count reads at
 * most COUNT_CAP + 1 index entries, so it costs the same at a thousand pratiche or a million. With a search term
 * the matches are read once (at most COUNT_CAP + 1 of them) and split by tab; if that cap is hit, every count is
 * a lower bound and says so.
 */
export async function countDashboardTabs(ctx: Ctx, q = "", payFilter?: unknown): Promise<Record<DashboardTab, TabCount>> {
  const userId = requireOperator(ctx);
  assertCleanFields({ q });
  const term = z.string().trim().max(100).catch("").parse(q);
  const pay = dashboardQuerySchema.shape.pay.parse(payFilter);
  const serviceIds = (await enabledServices(ctx)).map((s) => s.id);
  if (serviceIds.length === 0) return Object.fromEntries(DASHBOARD_TABS.map((t) => [t, { count: 0, capped: false }])) as Record<DashboardTab, TabCount>;
  if (term) {
    const matched = ctx.db
      .select({ status: pratiche.status, mine: sql<boolean>`${pratiche.assignedOperatorId} = ${userId}`.as("mine") })
      .from(pratiche)
      .where(whereFor(ctx, userId, serviceIds, "tutte", term, pay))
      .limit(COUNT_CAP + 1)
      .as("matched");
    const inList = (codes: readonly number[]) => sql.raw(codes.map(Number).join(","));
    const [row] = await ctx.db
      .select({
        all: sql<number>`count(*)::int`,
        gestire: sql<number>`(count(*) filter (where ${matched.mine} and ${matched.status} in (${inList(OPEN_ASSIGNED_STATUSES)})))::int`,
        assegnare: sql<number>`(count(*) filter (where ${matched.status} in (${inList(TO_ASSIGN_STATUSES)})))::int`,
        concluse: sql<number>`(count(*) filter (where ${matched.status} in (${inList(CONCLUDED_STATUSES)})))::int`,
      })
      .from(matched);
    const capped = Number(row?.all ?? 0) > COUNT_CAP;
    const c = (n: number | undefined) => ({ count: Math.min(Number(n ?? 0), COUNT_CAP), capped });
    return { "da-gestire": c(row?.gestire), "da-assegnare": c(row?.assegnare), concluse: c(row?.concluse), tutte: c(row?.all) };
  }
  const entries = await Promise.all(
    DASHBOARD_TABS.map(async (tab): Promise<[DashboardTab, TabCount]> => {
      const limited = ctx.db
        .select({ one: sql`1`.as("one") })
        .from(pratiche)
        .where(whereFor(ctx, userId, serviceIds, tab, "", pay))
        .limit(COUNT_CAP + 1)
        .as("limited");
      const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(limited);
      const n = Number(row?.n ?? 0);
      return [tab, n > COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count: n, capped: false }];
    }),
  );
  return Object.fromEntries(entries) as Record<DashboardTab, TabCount>;
}
