import { and, desc, eq, gte, isNotNull, sql, type SQL } from "drizzle-orm";
import { feedbackRatings, services } from "@/db/schema";
import { assertAdmin } from "@/lib/admin/authorize";
import type { Ctx } from "@/lib/context";
import { fromWallClock, wallClock } from "@/lib/time/wall-clock";
import { NEGATIVE_ANSWERS, POSITIVE_ANSWERS, parsePageKey, type FeedbackPageKind, type NegativeAnswer, type PositiveAnswer } from "./answers";

export const TREND_WEEKS = 12;
export const RECENT_COMMENTS = 20;

/** Count, average (one decimal, null without ratings) and how many of each star, 1 to 5. */
export type RatingSummary = { count: number; average: number | null; distribution: [number, number, number, number, number] };

export type FeedbackReport = {
  total: RatingSummary;
  last30: RatingSummary;
  positive: { answer: PositiveAnswer; count: number }[];
  negative: { answer: NegativeAnswer; count: number }[];
  /** Per page and service, the most rated first. */
  byPage: (RatingSummary & { page: string; kind: FeedbackPageKind | null; serviceId: string | null; serviceName: string | null })[];
  /** The last TREND_WEEKS weeks (Monday to Sunday in the ente's time zone), oldest first. */
  trend: { week: string; count: number; average: number | null }[];
  comments: { id: string; at: Date; page: string; serviceName: string | null; rating: number; comment: string }[];
  services: { id: string; name: string }[];
};

const round1 = (n: number) => Math.round(n * 10) / 10;
const summary = (rows: { rating: number; n: number }[]): RatingSummary => {
  const distribution: RatingSummary["distribution"] = [0, 0, 0, 0, 0];
  let sum = 0;
  let n = 0;
  for (const r of rows) {
    distribution[r.rating - 1] = (distribution[r.rating - 1] ?? 0) + r.n;
    sum += r.rating * r.n;
    n += r.n;
  }
  return { count: n, average: n > 0 ? round1(sum / n) : null, distribution };
};

/** The Monday (YYYY-MM-DD, in `timeZone`) of each of the last `n` weeks up to the one of `now`, and when the first begins. */
export function lastWeeks(now: Date, timeZone: string, n = TREND_WEEKS): { weeks: string[]; since: Date } {
  const { year, month, day } = wallClock(now, timeZone);
  const monday = day - ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7);
  const weeks: string[] = [];
  for (let i = n - 1; i >= 0; i--) weeks.push(new Date(Date.UTC(year, month - 1, monday - 7 * i)).toISOString().slice(0, 10));
  return { weeks, since: fromWallClock({ year, month, day: monday - 7 * (n - 1) }, timeZone) };
}

/**
 * What the ente's citizens said with the rating component: totals, the follow-up answers, per page and service,
 * the weekly trend and the latest comments. Admins of the ente only; every query is limited to the ente (and to
 * one of its services when `serviceId` is given).
 */
export async function getFeedbackReport(ctx: Ctx, opts: { now?: Date; serviceId?: string } = {}): Promise<FeedbackReport> {
  await assertAdmin(ctx);
  const now = opts.now ?? new Date();
  const tz = ctx.ente.timezone;
  const scope: SQL | undefined = and(eq(feedbackRatings.enteId, ctx.ente.id), opts.serviceId ? eq(feedbackRatings.serviceId, opts.serviceId) : undefined);
  const n = sql<number>`count(*)::int`;
  const { weeks, since } = lastWeeks(now, tz);
  const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const weekOf = sql<string>`to_char(date_trunc('week', ${feedbackRatings.createdAt} at time zone ${tz}), 'YYYY-MM-DD')`;

  const [byRating, recentByRating, answers, pages, trend, comments, serviceList] = await Promise.all([
    ctx.db.select({ rating: feedbackRatings.rating, n }).from(feedbackRatings).where(scope).groupBy(feedbackRatings.rating),
    ctx.db
      .select({ rating: feedbackRatings.rating, n })
      .from(feedbackRatings)
      .where(and(scope, gte(feedbackRatings.createdAt, new Date(now.getTime() - 30 * 86_400_000))))
      .groupBy(feedbackRatings.rating),
    ctx.db
      .select({ positive: sql<boolean>`${feedbackRatings.rating} > 3`, answer: feedbackRatings.answer, n })
      .from(feedbackRatings)
      .where(and(scope, isNotNull(feedbackRatings.answer)))
      .groupBy(sql`1`, feedbackRatings.answer),
    ctx.db
      .select({ page: feedbackRatings.page, serviceId: feedbackRatings.serviceId, serviceName: services.name, rating: feedbackRatings.rating, n })
      .from(feedbackRatings)
      .leftJoin(services, and(eq(services.id, feedbackRatings.serviceId), eq(services.enteId, ctx.ente.id)))
      .where(scope)
      .groupBy(feedbackRatings.page, feedbackRatings.serviceId, services.name, feedbackRatings.rating),
    ctx.db
      .select({ week: weekOf.as("week"), n, sum: sql<number>`sum(${feedbackRatings.rating})::int` })
      .from(feedbackRatings)
      .where(and(scope, sql`${feedbackRatings.createdAt} >= ${ts(since)}`, sql`${feedbackRatings.createdAt} <= ${ts(now)}`))
      .groupBy(sql`1`),
    ctx.db
      .select({ id: feedbackRatings.id, at: feedbackRatings.createdAt, page: feedbackRatings.page, serviceName: services.name, rating: feedbackRatings.rating, comment: feedbackRatings.comment })
      .from(feedbackRatings)
      .leftJoin(services, and(eq(services.id, feedbackRatings.serviceId), eq(services.enteId, ctx.ente.id)))
      .where(and(scope, isNotNull(feedbackRatings.comment)))
      .orderBy(desc(feedbackRatings.createdAt), desc(feedbackRatings.id))
      .limit(RECENT_COMMENTS),
    ctx.db.select({ id: services.id, name: services.name }).from(services).where(eq(services.enteId, ctx.ente.id)).orderBy(services.name),
  ]);
  const num = <T extends { n: number }>(rows: T[]) => rows.map((r) => ({ ...r, n: Number(r.n) }));

  const grouped = new Map<string, { page: string; serviceId: string | null; serviceName: string | null; rows: { rating: number; n: number }[] }>();
  for (const r of num(pages)) {
    const key = `${r.page}\0${r.serviceId ?? ""}`;
    const g = grouped.get(key) ?? { page: r.page, serviceId: r.serviceId, serviceName: r.serviceName, rows: [] };
    g.rows.push({ rating: r.rating, n: r.n });
    grouped.set(key, g);
  }
  const answerCount = (positive: boolean, answer: string) =>
    num(answers).find((a) => Boolean(a.positive) === positive && a.answer === answer)?.n ?? 0;
  const trendRows = num(trend);

  return {
    total: summary(num(byRating)),
    last30: summary(num(recentByRating)),
    positive: POSITIVE_ANSWERS.map((answer) => ({ answer, count: answerCount(true, answer) })),
    negative: NEGATIVE_ANSWERS.map((answer) => ({ answer, count: answerCount(false, answer) })),
    byPage: [...grouped.values()]
      .map((g) => ({ page: g.page, kind: parsePageKey(g.page)?.kind ?? null, serviceId: g.serviceId, serviceName: g.serviceName, ...summary(g.rows) }))
      .sort((a, b) => b.count - a.count || a.page.localeCompare(b.page)),
    trend: weeks.map((week) => {
      const r = trendRows.find((t) => t.week === week);
      return { week, count: r?.n ?? 0, average: r && r.n > 0 ? round1(Number(r.sum) / r.n) : null };
    }),
    comments: comments.map((c) => ({ id: c.id, at: c.at, page: c.page, serviceName: c.serviceName, rating: c.rating, comment: c.comment ?? "" })),
    services: serviceList,
  };
}

