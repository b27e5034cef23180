import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lt, max, or, sql, type SQL } from "drizzle-orm";
import { deliveryAttempts, entePecSettings, enti, outbox, pecMessages, pratiche, services } from "@/db/schema";
import { CHANNELS, type Channel, type ChannelPolicy } from "@/db/schema/shapes/channels";
import type { Ctx } from "@/lib/context";
import { getConfig } from "@/lib/config/env";
import { NotFoundError } from "@/lib/errors";
import { assertAdmin } from "./authorize";

export { channelPolicySchema, policyToForm, updateChannelPolicy } from "./channel-policy";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How the ordinary email leaves: an SMTP relay (its host only; the URL holds credentials) or the local mail folder. */
export type EmailMode = { kind: "smtp"; host: string } | { kind: "folder" };

export type Window = { day: number; week: number };
export type LastEvent = { at: Date; detail: string | null } | null;

export type EmailHealth = { mode: EmailMode; sent: Window; failed: Window; dead: Window; lastError: LastEvent };
export type IoHealth = {
  apiHost: string;
  servicesWithKey: number;
  servicesWithoutKey: number;
  /** Last 7 days. */
  sent: number;
  failed: number;
  refused: { reason: string; n: number }[];
  lastSuccess: Date | null;
  lastFailure: LastEvent;
};
export type PecHealth = {
  configured: boolean;
  address: string | null;
  lastPolledAt: Date | null;
  lastPollError: string | null;
  /** Sent or accepted, not yet delivered nor undelivered (any age). */
  awaiting: number;
  /** Last 7 days. */
  delivered: number;
  undelivered: number;
  /** Sent more than 24 hours ago and no receipt at all since. */
  noReceiptOver24h: number;
};
export type ChannelsHealth = { policy: ChannelPolicy; email: EmailHealth; io: IoHealth; pec: PecHealth };

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

const n = (v: unknown) => Number(v ?? 0);

/** Counts over a window as a column: `count(*) filter (where …)`. */
const countIf = (cond: SQL) => sql<number>`count(*) filter (where ${cond})`.mapWith(Number);

/** Each channel's configuration and health for the ente's admins; every count is the ente's own. */
export async function getChannelsHealth(ctx: Ctx, now: Date = new Date(), config: { smtpUrl: string | undefined; ioApiUrl: string } = getConfig()): Promise<ChannelsHealth> {
  await assertAdmin(ctx);
  const { db } = ctx;
  const enteId = ctx.ente.id;
  const dayAgo = new Date(now.getTime() - DAY);
  const weekAgo = new Date(now.getTime() - 7 * DAY);

  const [ente] = await db.select({ policy: enti.channelPolicy }).from(enti).where(eq(enti.id, enteId));
  if (!ente) throw new NotFoundError("ente.not_found");

  // Outcomes per channel: rows done in the window.
  const doneIn = (since: Date) => gte(outbox.doneAt, since);
  const outcomes = await db
    .select({
      topic: outbox.topic,
      sentDay: countIf(and(eq(outbox.status, "sent"), doneIn(dayAgo)) as SQL),
      sentWeek: countIf(and(eq(outbox.status, "sent"), doneIn(weekAgo)) as SQL),
      deadDay: countIf(and(eq(outbox.status, "dead"), doneIn(dayAgo)) as SQL),
      deadWeek: countIf(and(eq(outbox.status, "dead"), doneIn(weekAgo)) as SQL),
    })
    .from(outbox)
    .where(and(eq(outbox.enteId, enteId), inArray(outbox.topic, ["email", "io"]), gte(outbox.doneAt, weekAgo)))
    .groupBy(outbox.topic);
  const of = (topic: Channel) => outcomes.find((o) => o.topic === topic);

  // Failed attempts per channel (an attempt, not a row: a row may fail three times before it goes out).
  const failedAttempts = await db
    .select({
      topic: outbox.topic,
      day: countIf(gte(deliveryAttempts.createdAt, dayAgo)),
      week: countIf(gte(deliveryAttempts.createdAt, weekAgo)),
    })
    .from(deliveryAttempts)
    .innerJoin(outbox, and(eq(outbox.id, deliveryAttempts.outboxId), eq(outbox.enteId, deliveryAttempts.enteId)))
    .where(and(eq(deliveryAttempts.enteId, enteId), eq(deliveryAttempts.status, "failed"), gte(deliveryAttempts.createdAt, weekAgo), inArray(outbox.topic, ["email", "io"])))
    .groupBy(outbox.topic);
  const failedOf = (topic: Channel) => failedAttempts.find((f) => f.topic === topic);

  const lastProblem = async (topic: Channel, statuses: ("failed" | "dead" | "routed")[]): Promise<LastEvent> => {
    const [row] = await db
      .select({ at: deliveryAttempts.createdAt, detail: deliveryAttempts.detail })
      .from(deliveryAttempts)
      .innerJoin(outbox, and(eq(outbox.id, deliveryAttempts.outboxId), eq(outbox.enteId, deliveryAttempts.enteId)))
      .where(and(eq(deliveryAttempts.enteId, enteId), eq(outbox.topic, topic), inArray(deliveryAttempts.status, statuses)))
      .orderBy(desc(deliveryAttempts.createdAt), desc(deliveryAttempts.id))
      .limit(1);
    return row ?? null;
  };

  // IO's refusals: io rows handed over to their fallback, by the reason recorded on the routed step.
  const refused = await db
    .select({ reason: deliveryAttempts.detail, n: count() })
    .from(deliveryAttempts)
    .innerJoin(outbox, and(eq(outbox.id, deliveryAttempts.outboxId), eq(outbox.enteId, deliveryAttempts.enteId)))
    .where(and(eq(deliveryAttempts.enteId, enteId), eq(outbox.topic, "io"), eq(deliveryAttempts.status, "routed"), gte(deliveryAttempts.createdAt, weekAgo)))
    .groupBy(deliveryAttempts.detail)
    .orderBy(desc(count()))
    .limit(10);

  const [keys] = await db
    .select({ withKey: countIf(isNotNull(services.ioApiKeyEnc)), without: countIf(isNull(services.ioApiKeyEnc)) })
    .from(services)
    .where(eq(services.enteId, enteId));

  const [pecSettings] = await db
    .select({ address: entePecSettings.address, lastPolledAt: entePecSettings.lastPolledAt, lastPollError: entePecSettings.lastPollError })
    .from(entePecSettings)
    .where(eq(entePecSettings.enteId, enteId));
  const [pec] = await db
    .select({
      awaiting: countIf(inArray(pecMessages.state, ["sent", "accepted"])),
      delivered: countIf(and(eq(pecMessages.state, "delivered"), gte(pecMessages.deliveredAt, weekAgo)) as SQL),
      undelivered: countIf(and(eq(pecMessages.state, "undelivered"), gte(pecMessages.undeliveredAt, weekAgo)) as SQL),
      stale: countIf(and(eq(pecMessages.state, "sent"), lt(pecMessages.sentAt, dayAgo)) as SQL),
    })
    .from(pecMessages)
    .where(eq(pecMessages.enteId, enteId));

  const [lastIo] = await db
    .select({ at: max(outbox.doneAt) })
    .from(outbox)
    .where(and(eq(outbox.enteId, enteId), eq(outbox.topic, "io"), eq(outbox.status, "sent")));

  const smtpHost = hostOf(config.smtpUrl);
  const [emailError, ioFailure] = await Promise.all([lastProblem("email", ["failed", "dead"]), lastProblem("io", ["failed", "dead", "routed"])]);
  const io = of("io");
  return {
    policy: ente.policy,
    email: {
      mode: smtpHost ? { kind: "smtp", host: smtpHost } : { kind: "folder" },
      sent: { day: n(of("email")?.sentDay), week: n(of("email")?.sentWeek) },
      failed: { day: n(failedOf("email")?.day), week: n(failedOf("email")?.week) },
      dead: { day: n(of("email")?.deadDay), week: n(of("email")?.deadWeek) },
      lastError: emailError,
    },
    io: {
      apiHost: hostOf(config.ioApiUrl) ?? config.ioApiUrl,
      servicesWithKey: n(keys?.withKey),
      servicesWithoutKey: n(keys?.without),
      sent: n(io?.sentWeek),
      failed: n(failedOf("io")?.week),
      refused: refused.map((r) => ({ reason: stripChannelName(r.reason), n: r.n })),
      lastSuccess: lastIo?.at ?? null,
      lastFailure: ioFailure ? { at: ioFailure.at, detail: ioFailure.detail === null ? null : stripChannelName(ioFailure.detail) } : null,
    },
    pec: {
      configured: Boolean(pecSettings),
      address: pecSettings?.address ?? null,
      lastPolledAt: pecSettings?.lastPolledAt ?? null,
      lastPollError: pecSettings?.lastPollError ?? null,
      awaiting: n(pec?.awaiting),
      delivered: n(pec?.delivered),
      undelivered: n(pec?.undelivered),
      noReceiptOver24h: n(pec?.stale),
    },
  };
}

/** A routed step's detail names the channel it went to ("email: profilo non trovato"); the reason is the rest. */
function stripChannelName(detail: string | null): string {
  return (detail ?? "").replace(/^(email|App IO|PEC):\s*/, "") || "—";
}

export type ChannelFailure = {
  id: string;
  praticaId: string | null;
  praticaNumero: string | null;
  kind: string;
  status: "dead" | "routed" | "sent" | "pending" | "processing" | "skipped" | "cancelled";
  reason: string | null;
  at: Date;
  /** A PEC whose provider sent back a receipt of non-delivery. */
  undelivered: boolean;
  /** A dead row can be sent again (lib/outbox/retry.ts); a refused one already went on to its fallback. */
  retryable: boolean;
};
export type ChannelFailures = Record<Channel, { rows: ChannelFailure[]; total: number }>;

export const FAILURES_PER_CHANNEL = 20;

/**
 * What went wrong in the last 30 days, per channel: the dead rows, and the io/pec rows refused, failed or not
 * delivered that were handed over to a fallback. Newest first, `limit` per channel, with the total.
 */
export async function listChannelFailures(ctx: Ctx, now: Date = new Date(), limit: number = FAILURES_PER_CHANNEL): Promise<ChannelFailures> {
  await assertAdmin(ctx);
  const since = new Date(now.getTime() - 30 * DAY);
  const undelivered = sql`exists (select 1 from ${pecMessages} where ${pecMessages.outboxId} = ${outbox.id} and ${pecMessages.state} = 'undelivered')`;
  const out = {} as ChannelFailures;
  for (const channel of CHANNELS) {
    const failed: SQL =
      channel === "email"
        ? eq(outbox.status, "dead")
        : (or(eq(outbox.status, "dead"), eq(outbox.status, "routed"), channel === "pec" ? undelivered : sql`false`) as SQL);
    const where = and(eq(outbox.enteId, ctx.ente.id), eq(outbox.topic, channel), failed, sql`coalesce(${outbox.doneAt}, ${outbox.createdAt}) >= ${since.toISOString()}::timestamptz`);
    const [total] = await ctx.db.select({ n: count() }).from(outbox).where(where);
    const rows = await ctx.db
      .select({
        id: outbox.id,
        praticaId: outbox.praticaId,
        praticaNumero: pratiche.numero,
        kind: outbox.kind,
        status: outbox.status,
        lastError: outbox.lastError,
        doneAt: outbox.doneAt,
        createdAt: outbox.createdAt,
        attempts: outbox.attempts,
      })
      .from(outbox)
      .leftJoin(pratiche, and(eq(pratiche.id, outbox.praticaId), eq(pratiche.enteId, outbox.enteId)))
      .where(where)
      .orderBy(desc(sql`coalesce(${outbox.doneAt}, ${outbox.createdAt})`), desc(outbox.id))
      .limit(limit);
    // The reason: the last failing step's detail (a refusal's routed step, a receipt of non-delivery, the dead step).
    const steps = rows.length
      ? await ctx.db
          .select({ outboxId: deliveryAttempts.outboxId, status: deliveryAttempts.status, detail: deliveryAttempts.detail })
          .from(deliveryAttempts)
          .where(and(eq(deliveryAttempts.enteId, ctx.ente.id), inArray(deliveryAttempts.outboxId, rows.map((r) => r.id)), inArray(deliveryAttempts.status, ["failed", "dead", "routed", "undelivered"])))
          .orderBy(deliveryAttempts.id)
      : [];
    out[channel] = {
      total: total?.n ?? 0,
      rows: rows.map((r) => {
        const own = steps.filter((s) => s.outboxId === r.id);
        const last = own.at(-1);
        return {
          id: r.id,
          praticaId: r.praticaId,
          praticaNumero: r.praticaNumero,
          kind: r.kind,
          status: r.status as ChannelFailure["status"],
          reason: last?.detail ? stripChannelName(last.detail) : r.lastError,
          at: r.doneAt ?? r.createdAt,
          undelivered: own.some((s) => s.status === "undelivered"),
          retryable: r.status === "dead" || (r.status === "pending" && r.attempts > 0),
        };
      }),
    };
  }
  return out;
}
