import { and, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pratiche, services, type Ente } from "@/db/schema";
import { fromWallClock, monthKey, wallClock } from "@/lib/time/wall-clock";
import { CONCLUDED_STATUSES, OPEN_ASSIGNED_STATUSES, STATUS, TO_ASSIGN_STATUSES } from "@/lib/workflow/states";

export type Metrics = {
  total: number;
  byStatus: { status: number; count: number }[];
  byService: { serviceId: string; name: string; count: number; open: number; overdue: number; concluded: number; concludedLate: number; maxResponseDays: number }[];
  /** The last twelve months (ente's time zone), oldest first, months without pratiche included. */
  byMonth: { month: string; submitted: number; concluded: number }[];
  /** Medians in hours; null when nothing has reached that point yet. */
  medianHoursToTakeInCharge: number | null;
  medianHoursToConclude: number | null;
  /** Open pratiche past their service's maximum response time, and concluded ones decided late. */
  overdueOpen: number;
  concludedLate: number;
  concluded: number;
};

const OPEN = [...TO_ASSIGN_STATUSES, ...OPEN_ASSIGNED_STATUSES];

/** Twelve month keys "YYYY-MM" ending with the current month in the given time zone. */
export function lastMonths(now: Date, timeZone: string, n = 12): string[] {
  const { year, month } = wallClock(now, timeZone);
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    out.push(monthKey(fromWallClock({ year, month: month - i, day: 1 }, timeZone), timeZone));
  }
  return out;
}

/**
 * Aggregate figures over an ente's submitted pratiche, optionally limited to some services. Only counts and
 * durations: no names, no identifiers — the same function feeds the public monitoring page.
 */
export async function computeMetrics(db: DbOrTx, ente: Ente, serviceIds: string[] | null, now = new Date()): Promise<Metrics> {
  const empty: Metrics = { total: 0, byStatus: [], byService: [], byMonth: lastMonths(now, ente.timezone).map((month) => ({ month, submitted: 0, concluded: 0 })), medianHoursToTakeInCharge: null, medianHoursToConclude: null, overdueOpen: 0, concludedLate: 0, concluded: 0 };
  if (serviceIds && serviceIds.length === 0) return empty;
  const scope: SQL | undefined = and(eq(pratiche.enteId, ente.id), ne(pratiche.status, STATUS.draft), serviceIds ? inArray(pratiche.serviceId, serviceIds) : undefined);
  const deadline = sql`${pratiche.submittedAt} + make_interval(days => ${services.maxResponseDays})`;
  const months = lastMonths(now, ente.timezone);
  const since = new Date(now.getTime() - 400 * 86_400_000);
  const tz = ente.timezone;
  // Timestamps as text with a cast: a bare Date in a raw fragment is not serialized by every driver.
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const sinceTs = sql`${since.toISOString()}::timestamptz`;

  const [byStatus, byService, medians, submittedByMonth, concludedByMonth] = await Promise.all([
    db.select({ status: pratiche.status, count: sql<number>`count(*)::int` }).from(pratiche).where(scope).groupBy(pratiche.status).orderBy(pratiche.status),
    db
      .select({
        serviceId: services.id,
        name: services.name,
        maxResponseDays: services.maxResponseDays,
        count: sql<number>`count(*)::int`,
        open: sql<number>`count(*) filter (where ${inArray(pratiche.status, OPEN)})::int`,
        overdue: sql<number>`count(*) filter (where ${inArray(pratiche.status, OPEN)} and ${deadline} < ${nowTs})::int`,
        concluded: sql<number>`count(*) filter (where ${inArray(pratiche.status, [...CONCLUDED_STATUSES])})::int`,
        concludedLate: sql<number>`count(*) filter (where ${inArray(pratiche.status, [...CONCLUDED_STATUSES])} and ${pratiche.concludedAt} > ${deadline})::int`,
      })
      .from(pratiche)
      .innerJoin(services, eq(services.id, pratiche.serviceId))
      .where(scope)
      .groupBy(services.id, services.name, services.maxResponseDays)
      .orderBy(services.name),
    db
      .select({
        take: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from ${pratiche.assignedAt} - ${pratiche.submittedAt})) filter (where ${pratiche.assignedAt} is not null)`,
        conclude: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from ${pratiche.concludedAt} - ${pratiche.submittedAt})) filter (where ${pratiche.concludedAt} is not null and ${inArray(pratiche.status, [...CONCLUDED_STATUSES])})`,
      })
      .from(pratiche)
      .where(scope),
    db
      .select({ month: sql<string>`to_char(${pratiche.submittedAt} at time zone ${tz}, 'YYYY-MM')`.as("month"), count: sql<number>`count(*)::int` })
      .from(pratiche)
      .where(and(scope, sql`${pratiche.submittedAt} >= ${sinceTs}`))
      .groupBy(sql`1`),
    db
      .select({ month: sql<string>`to_char(${pratiche.concludedAt} at time zone ${tz}, 'YYYY-MM')`.as("month"), count: sql<number>`count(*)::int` })
      .from(pratiche)
      .where(and(scope, inArray(pratiche.status, [...CONCLUDED_STATUSES]), sql`${pratiche.concludedAt} >= ${sinceTs}`))
      .groupBy(sql`1`),
  ]);
  const hours = (s: number | string | null | undefined) => (s === null || s === undefined ? null : Math.round((Number(s) / 3600) * 10) / 10);
  const m = medians[0];
  const perService = byService.map((r) => ({ ...r, count: Number(r.count), open: Number(r.open), overdue: Number(r.overdue), concluded: Number(r.concluded), concludedLate: Number(r.concludedLate) }));
  return {
    total: byStatus.reduce((a, r) => a + Number(r.count), 0),
    byStatus: byStatus.map((r) => ({ status: r.status, count: Number(r.count) })),
    byService: perService,
    byMonth: months.map((month) => ({
      month,
      submitted: Number(submittedByMonth.find((r) => r.month === month)?.count ?? 0),
      concluded: Number(concludedByMonth.find((r) => r.month === month)?.count ?? 0),
    })),
    medianHoursToTakeInCharge: hours(m?.take),
    medianHoursToConclude: hours(m?.conclude),
    overdueOpen: perService.reduce((a, r) => a + r.overdue, 0),
    concludedLate: perService.reduce((a, r) => a + r.concludedLate, 0),
    concluded: perService.reduce((a, r) => a + r.concluded, 0),
  };
}
