import { and, eq, inArray } from "drizzle-orm";
import { appointments, outbox, partners, pratiche, users, type DeliveryStatus } from "@/db/schema";
import { isUuid } from "@/lib/uuid";
import type { Ctx } from "@/lib/context";
import { LOCALE, pick, type Lang } from "@/lib/i18n";
import { praticaNumberTexts } from "@/lib/i18n/pratica-number";
import { getPraticaDeliveries, type DeliveryView } from "./deliveries";

/** Attempts that really tried to deliver (a send that worked or failed), not queueing, holding back or skipping. */
export function realAttempts(history: { status: DeliveryStatus }[]): number {
  return history.filter((a) => a.status === "sent" || a.status === "failed").length;
}

export type DeliveryLine = {
  id: string;
  kind: string;
  topic: string;
  status: DeliveryView["status"];
  /** One plain sentence: to whom, by which channel, what happened, when, after how many attempts. */
  sentence: string;
  attempts: number;
  history: { label: string; at: Date; when: string; detail: string | null }[];
};

type Recipient = { kind: "email"; address: string | null } | { kind: "operators" } | { kind: "protocol"; external: boolean } | { kind: "partner"; name: string | null } | { kind: "payment" };

/** "il 03/12/2026 alle 10:15" in the ente's time zone: four-digit year, 24-hour clock. */
export function formatWhen(at: Date, lang: Lang, timeZone: string): string {
  const t = pick(praticaNumberTexts, lang).delivery;
  const date = new Intl.DateTimeFormat(LOCALE[lang], { day: "2-digit", month: "2-digit", year: "numeric", timeZone }).format(at);
  const time = new Intl.DateTimeFormat(LOCALE[lang], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(at);
  return t.at({ date, time });
}

/** The sentence for one delivery, from its row, its attempts and who it was for. */
export function describeDelivery(d: Pick<DeliveryView, "status" | "availableAt" | "doneAt" | "createdAt" | "history">, to: Recipient, lang: Lang, timeZone: string): string {
  const t = pick(praticaNumberTexts, lang).delivery;
  const when = (at: Date) => formatWhen(at, lang, timeZone);
  const who =
    to.kind === "email"
      ? to.address
        ? t.to.emailTo({ to: to.address })
        : t.to.emailNoAddress
      : to.kind === "payment"
        ? t.to.paymentProvider
      : to.kind === "operators"
        ? t.to.emailToOperators
        : to.kind === "protocol"
          ? to.external
            ? t.to.protocolExternal
            : t.to.protocolBuiltin
          : to.name
            ? t.to.partner({ name: to.name })
            : t.to.partnerUnknown;
  const n = realAttempts(d.history);
  const last = d.history.at(-1);
  const lastOf = (s: DeliveryStatus) => [...d.history].reverse().find((a) => a.status === s);
  const doneAt = d.doneAt ?? last?.createdAt ?? d.createdAt;
  const reason = (detail: string | null | undefined) => (detail ? ` ${t.reason({ reason: detail })}.` : "");
  switch (d.status) {
    case "sent": {
      const at = when(lastOf("sent")?.createdAt ?? doneAt);
      const what = to.kind === "email" ? t.outcome.emailSent({ at }) : to.kind === "protocol" ? t.outcome.protocolSent({ at }) : t.outcome.partnerSent({ at });
      return `${who}: ${what}, ${t.attempts({ n })}.`;
    }
    case "skipped":
      // "A new pratica" to the operators is not sent itself: it becomes one email per operator (listed apart).
      if (to.kind === "operators") return `${who}: ${t.outcome.fannedOut({ at: when(doneAt) })}.`;
      return `${who}: ${t.outcome.skipped({ at: when(doneAt) })}.${reason(lastOf("skipped")?.detail)}`;
    case "cancelled":
      return `${who}: ${t.outcome.cancelled({ at: when(doneAt) })}.${reason(lastOf("cancelled")?.detail)}`;
    case "routed":
      return `${who}: ${t.outcome.routed({ at: when(doneAt) })}.${reason(lastOf("routed")?.detail)}`;
    case "dead":
      return `${who}: ${t.outcome.dead({ at: when(doneAt) })}, ${t.attempts({ n })}.${reason(lastOf("dead")?.detail)}`;
    case "processing":
      return `${who}: ${t.outcome.processing}${n > 0 ? `, ${t.attemptsSoFar({ n })}` : ""}.`;
    case "pending": {
      const at = when(d.availableAt);
      if (n > 0) return `${who}: ${t.outcome.retrying({ at })}, ${t.attemptsSoFar({ n })}.`;
      if (last?.status === "deferred") return `${who}: ${t.outcome.deferred({ at })}.`;
      return `${who}: ${t.outcome.waiting({ at })}.`;
    }
  }
}

/**
 * The "Comunicazioni e protocollo" panel of a pratica: one line per recipient and channel, in the reader's
 * language, with the real number of attempts and, behind it, each step with the answer that was recorded.
 */
export async function describePraticaDeliveries(ctx: Ctx, praticaId: string, lang: Lang): Promise<DeliveryLine[]> {
  const rows = await getPraticaDeliveries(ctx, praticaId);
  if (rows.length === 0) return [];
  const t = pick(praticaNumberTexts, lang).delivery;
  const payloads = new Map(
    (await ctx.db.select({ id: outbox.id, payload: outbox.payload }).from(outbox).where(and(eq(outbox.enteId, ctx.ente.id), inArray(outbox.id, rows.map((r) => r.id))))).map((r) => [r.id, r.payload]),
  );
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const [pratica] = await ctx.db.select({ applicantId: pratiche.applicantId, assignedOperatorId: pratiche.assignedOperatorId }).from(pratiche).where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, ctx.ente.id)));
  const userIds = new Set<string>();
  const partnerIds = new Set<string>();
  const appointmentIds = new Set<string>();
  for (const r of rows) {
    const p = payloads.get(r.id) ?? {};
    const uid = str(p.userId) ?? (p.to === "applicant" ? pratica?.applicantId : p.to === "operator" ? (pratica?.assignedOperatorId ?? undefined) : undefined);
    if (r.topic === "email" && uid) userIds.add(uid);
    if (r.topic === "webhook" && str(p.partnerId)) partnerIds.add(str(p.partnerId) as string);
    if (r.topic === "appointment" && isUuid(p.appointmentId)) appointmentIds.add(p.appointmentId);
  }
  // An appointment's emails go to the address it was booked with (a guest may have no account).
  const bookedWith = new Map(
    appointmentIds.size
      ? (await ctx.db.select({ id: appointments.id, email: appointments.email }).from(appointments).where(and(eq(appointments.enteId, ctx.ente.id), inArray(appointments.id, [...appointmentIds])))).map((a) => [a.id, a.email])
      : [],
  );
  const emails = new Map(userIds.size ? (await ctx.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, [...userIds]))).map((u) => [u.id, u.email]) : []);
  const partnerNames = new Map(
    partnerIds.size ? (await ctx.db.select({ id: partners.id, name: partners.name }).from(partners).where(and(eq(partners.enteId, ctx.ente.id), inArray(partners.id, [...partnerIds])))).map((p) => [p.id, p.name]) : [],
  );
  const tz = ctx.ente.timezone;
  return rows.map((r) => {
    const p = payloads.get(r.id) ?? {};
    let to: Recipient;
    if (r.topic === "protocol") to = { kind: "protocol", external: r.kind === "protocol_external" };
    else if (r.topic === "webhook") to = { kind: "partner", name: partnerNames.get(str(p.partnerId) ?? "") ?? null };
    else if (r.topic === "payment") to = { kind: "payment" };
    else if (r.topic === "appointment") to = { kind: "email", address: bookedWith.get(str(p.appointmentId) ?? "") ?? null };
    else if (p.to === "operators") to = { kind: "operators" };
    else {
      const uid = str(p.userId) ?? (p.to === "applicant" ? pratica?.applicantId : p.to === "operator" ? (pratica?.assignedOperatorId ?? undefined) : undefined);
      to = { kind: "email", address: str(p.email) ?? (uid ? (emails.get(uid) ?? null) : null) };
    }
    return {
      id: r.id,
      kind: r.kind,
      topic: r.topic,
      status: r.status,
      sentence: describeDelivery(r, to, lang, tz),
      attempts: realAttempts(r.history),
      history: r.history.map((a) => ({ label: t.step[a.status], at: a.createdAt, when: formatWhen(a.createdAt, lang, tz), detail: a.detail })),
    };
  });
}
