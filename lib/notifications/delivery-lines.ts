import { and, eq, inArray } from "drizzle-orm";
import { appointments, outbox, partners, pecMessages, pratiche, users, type DeliveryStatus } from "@/db/schema";
import type { Channel } from "@/db/schema/shapes/channels";
import { isUuid } from "@/lib/uuid";
import type { Ctx } from "@/lib/context";
import { LOCALE, pick, type Lang } from "@/lib/i18n";
import { praticaNumberTexts } from "@/lib/i18n/pratica-number";
import { asChannel, chainStep, noticeChains, stripChannel } from "./delivery-chain";
import { getPraticaDeliveries, type DeliveryView } from "./deliveries";

export { noticeChains };

/** Attempts that really tried to deliver (a send that worked or failed), not queueing, holding back or skipping. */
export function realAttempts(history: { status: DeliveryStatus }[]): number {
  return history.filter((a) => a.status === "sent" || a.status === "failed").length;
}

export type DeliveryLine = {
  id: string;
  kind: string;
  topic: string;
  status: DeliveryView["status"];
  /** The row this one was handed over from (same notice, previous channel), if any. */
  parentId: string | null;
  /** One plain sentence: to whom, by which channel, what happened, when, after how many attempts. */
  sentence: string;
  /**
   * On the first row of a notice that went through more than one row: its whole path, one short step per channel
   * ("App IO: rifiutato (profilo non trovato) → email: consegnata al server di posta"). Null otherwise.
   */
  chain: string | null;
  /** On a handed-over row: where it came from ("Passata qui da App IO."). */
  handedOverFrom: string | null;
  attempts: number;
  history: { label: string; at: Date; when: string; detail: string | null }[];
};

export type Recipient =
  | { kind: "email"; address: string | null }
  | { kind: "operators" }
  | { kind: "protocol"; external: boolean }
  | { kind: "partner"; name: string | null }
  | { kind: "payment" }
  | { kind: "io"; name: string | null; cf: string | null }
  | { kind: "pec"; address: string | null }
  /** A citizen's notice before its channel was chosen (the email-topic row the policy routed). */
  | { kind: "notice"; name: string | null };

/** A codice fiscale as the panel shows it: the first three and last three characters only. */
export function maskCodiceFiscale(cf: string): string {
  const c = cf.trim().toUpperCase();
  return c.length <= 6 ? "*".repeat(c.length) : `${c.slice(0, 3)}${"*".repeat(c.length - 6)}${c.slice(-3)}`;
}

/** "il 03/12/2026 alle 10:15" in the ente's time zone: four-digit year, 24-hour clock. */
export function formatWhen(at: Date, lang: Lang, timeZone: string): string {
  const t = pick(praticaNumberTexts, lang).delivery;
  const date = new Intl.DateTimeFormat(LOCALE[lang], { day: "2-digit", month: "2-digit", year: "numeric", timeZone }).format(at);
  const time = new Intl.DateTimeFormat(LOCALE[lang], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(at);
  return t.at({ date, time });
}

/** The sentence for one delivery, from its row, its attempts and who it was for. */
export function describeDelivery(
  d: Pick<DeliveryView, "status" | "availableAt" | "doneAt" | "createdAt" | "history">,
  to: Recipient,
  lang: Lang,
  timeZone: string,
  /** For a routed row: the channel it was handed over to and why (the next row's reason). */
  handOver?: { to: Channel | null; reason: string | null },
): string {
  const t = pick(praticaNumberTexts, lang).delivery;
  const when = (at: Date) => formatWhen(at, lang, timeZone);
  const who =
    to.kind === "io"
      ? to.name && to.cf
        ? t.to.ioTo({ name: to.name, cf: maskCodiceFiscale(to.cf) })
        : t.to.ioNoRecipient
      : to.kind === "pec"
        ? to.address
          ? t.to.pecTo({ to: to.address })
          : t.to.pecNoAddress
      : to.kind === "notice"
        ? to.name
          ? t.to.notice({ name: to.name })
          : t.to.noticeNoName
      : to.kind === "email"
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
      if (to.kind === "pec") {
        // The provider's receipts come later, as steps of their own: the latest one says where the PEC is.
        const receipt = [...d.history].reverse().find((a) => a.status === "accepted" || a.status === "delivered" || a.status === "undelivered");
        if (receipt?.status === "delivered") return `${who}: ${t.outcome.pecDelivered({ at: when(receipt.createdAt) })}.`;
        if (receipt?.status === "undelivered") return `${who}: ${t.outcome.pecUndelivered({ at: when(receipt.createdAt) })}.${reason(receipt.detail)}`;
        if (receipt?.status === "accepted") return `${who}: ${t.outcome.pecAccepted({ at: when(receipt.createdAt) })}.`;
        return `${who}: ${t.outcome.pecSent({ at })}, ${t.attempts({ n })}.`;
      }
      const what =
        to.kind === "email" ? t.outcome.emailSent({ at }) : to.kind === "io" ? t.outcome.ioSent({ at }) : to.kind === "protocol" ? t.outcome.protocolSent({ at }) : t.outcome.partnerSent({ at });
      return `${who}: ${what}, ${t.attempts({ n })}.`;
    }
    case "skipped":
      // "A new pratica" to the operators is not sent itself: it becomes one email per operator (listed apart).
      if (to.kind === "operators") return `${who}: ${t.outcome.fannedOut({ at: when(doneAt) })}.`;
      return `${who}: ${t.outcome.skipped({ at: when(doneAt) })}.${reason(lastOf("skipped")?.detail)}`;
    case "cancelled":
      return `${who}: ${t.outcome.cancelled({ at: when(doneAt) })}.${reason(lastOf("cancelled")?.detail)}`;
    case "routed": {
      const at = when(doneAt);
      const why = handOver?.reason ?? stripChannel(lastOf("routed")?.detail);
      const what = handOver?.to ? t.outcome.handedOver({ channel: t.channel[handOver.to], at }) : t.outcome.routed({ at });
      return `${who}: ${what}.${reason(why)}`;
    }
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
    if ((r.topic === "email" || r.topic === "io" || r.topic === "pec") && uid) userIds.add(uid);
    if (r.topic === "webhook" && str(p.partnerId)) partnerIds.add(str(p.partnerId) as string);
    if (r.topic === "appointment" && isUuid(p.appointmentId)) appointmentIds.add(p.appointmentId);
  }
  // An appointment's emails go to the address it was booked with (a guest may have no account).
  const bookedWith = new Map(
    appointmentIds.size
      ? (await ctx.db.select({ id: appointments.id, email: appointments.email }).from(appointments).where(and(eq(appointments.enteId, ctx.ente.id), inArray(appointments.id, [...appointmentIds])))).map((a) => [a.id, a.email])
      : [],
  );
  const people = new Map(
    userIds.size
      ? (await ctx.db.select({ id: users.id, email: users.email, name: users.name, cf: users.codiceFiscale, pec: users.pecAddress }).from(users).where(inArray(users.id, [...userIds]))).map((u) => [u.id, u])
      : [],
  );
  // A PEC's address as it was sent (the citizen may have changed their digital domicile since).
  const pecIds = rows.filter((r) => r.topic === "pec").map((r) => r.id);
  const pecTo = new Map(
    pecIds.length
      ? (await ctx.db.select({ id: pecMessages.outboxId, to: pecMessages.toAddress }).from(pecMessages).where(and(eq(pecMessages.enteId, ctx.ente.id), inArray(pecMessages.outboxId, pecIds)))).map((m) => [m.id, m.to])
      : [],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const childOf = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (r.parentId && byId.has(r.parentId)) childOf.set(r.parentId, r);
  const chains = noticeChains(rows);
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
      const person = uid ? people.get(uid) : undefined;
      if (r.topic === "io") to = { kind: "io", name: person?.name ?? null, cf: person?.cf ?? null };
      else if (r.topic === "pec") to = { kind: "pec", address: pecTo.get(r.id) ?? person?.pec ?? null };
      else if (r.status === "routed" && !r.parentId) to = { kind: "notice", name: person?.name ?? null };
      else to = { kind: "email", address: str(p.email) ?? person?.email ?? null };
    }
    const child = childOf.get(r.id);
    const chain = chains.get(r.id);
    const parent = r.parentId ? byId.get(r.parentId) : undefined;
    const names = t.channel;
    return {
      id: r.id,
      kind: r.kind,
      topic: r.topic,
      status: r.status,
      parentId: r.parentId,
      sentence: describeDelivery(r, to, lang, tz, r.status === "routed" ? { to: asChannel(child?.topic) ?? null, reason: child?.handOverReason ?? null } : undefined),
      chain: chain
        ? chain
            // The first row handed over by the policy is a choice, not a step the citizen's notice went through.
            .filter((c, i) => !(i === 0 && c.status === "routed" && !c.parentId && chain.length > 1))
            .map((c) => chainStep(c, childOf.get(c.id)?.handOverReason ?? null, t.chain, names))
            .join(" → ")
        : null,
      handedOverFrom: parent ? t.chain.from({ channel: names[asChannel(parent.topic) ?? "email"] }) : null,
      attempts: realAttempts(r.history),
      history: r.history.map((a) => ({ label: t.step[a.status], at: a.createdAt, when: formatWhen(a.createdAt, lang, tz), detail: a.detail })),
    };
  });
}
