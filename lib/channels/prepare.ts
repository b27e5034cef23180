import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { enti, pratiche, protocolEntries, services, statusHistory, users, type Ente, type OutboxRow, type Pratica, type Service, type User } from "@/db/schema";
import { pick } from "@/lib/i18n";
import { PermanentDeliveryError } from "@/lib/outbox/errors";
import type { Outcome } from "@/lib/outbox/record";
import { praticaNumber } from "@/lib/pratiche/number";
import { STATUS } from "@/lib/workflow/states";
import { fromWallClock } from "@/lib/time/wall-clock";
import { shortLivedCache } from "@/lib/notifications/lookup-cache";
import { buildModel, citizenLink, pickLang, STATUS_NOTICE_KINDS, type PraticaFacts } from "@/lib/notifications/model";
import { isQuietTime, nextSendWindow } from "@/lib/notifications/policy";
import { paymentDetails, paymentOf, paymentsLink, whereToPay, type PaymentFacts } from "@/lib/notifications/payment-details";
import { isEmailKind, isPaymentEmailKind, type EmailKind } from "@/lib/notifications/texts";
import { isUuid } from "@/lib/uuid";
import { channelTexts } from "@/lib/i18n/channels";
import { isSensitiveService, noticeServiceName } from "./content";
import type { NoticeContent, PrepareNotice } from "./types";

/**
 * The notices to a citizen about a pratica: these go out on the channel the ente's policy picks (lib/channels/policy.ts).
 * Staff emails, sign-in links and invitations, and appointments stay email.
 */
export const CITIZEN_NOTICE_KINDS: readonly EmailKind[] = [
  ...STATUS_NOTICE_KINDS,
  "integration_reminder",
  "message_from_ente",
  "payment_due",
  "payment_confirmed",
  "payment_failed",
  "payment_expired",
  "payment_cancelled",
];

/** A row's notice is to the citizen (not an operator's copy, nor the "operators" fan-out). */
export function isCitizenNotice(kind: string, payload: Record<string, unknown>): kind is EmailKind {
  return (CITIZEN_NOTICE_KINDS as readonly string[]).includes(kind) && payload.to !== "operator" && payload.to !== "operators";
}

/** What a notice reads: each its own query, or a batch's prefetch (the email handler's, lib/notifications/deliver.ts). */
export type NoticeLookups = {
  service: (id: string) => Promise<Service | undefined>;
  pratica: (id: string, enteId: string) => Promise<Pratica | undefined>;
  user: (id: string) => Promise<User | null>;
  protocol: (praticaId: string) => Promise<PraticaFacts["protocol"]>;
};

/** The fields of a citizen notice's payload that matter here (the rest is the row's own business). */
export type NoticePayload = { userId?: string | null; status?: number; urgent?: boolean; historyId?: number; paymentId?: string };

export type PrepareEnv = { db: DbOrTx; appUrl: string };

/**
 * `prepareNotice` for the IO and PEC handlers (and anyone else): reads what a row's notice needs, each row on its
 * own, with the ente and the service kept for a few seconds like the email handler does.
 */
export function createPrepareNotice(env: PrepareEnv): PrepareNotice {
  const enteCache = shortLivedCache<Ente>();
  const lookups = directLookups(env.db, shortLivedCache<Service>());
  return async (row, now) => {
    if (!isCitizenNotice(row.kind, row.payload)) throw new PermanentDeliveryError(`non è un avviso al cittadino: ${row.kind}`);
    const ente = await enteCache(row.enteId, async () => (await env.db.select().from(enti).where(eq(enti.id, row.enteId)))[0]);
    if (!ente) throw new PermanentDeliveryError("ente inesistente");
    return prepareCitizenNotice(env, lookups, ente, row, row.kind, noticePayload(row.payload), now);
  };
}

/** The payload's fields, typed; a malformed field is a broken row (retrying will not fix it). */
export function noticePayload(p: Record<string, unknown>): NoticePayload {
  const opt = <T>(v: unknown, ok: (x: unknown) => x is T, name: string): T | undefined => {
    if (v === undefined || v === null) return undefined;
    if (!ok(v)) throw new PermanentDeliveryError(`payload non valido: ${name}`);
    return v;
  };
  const isStr = (x: unknown): x is string => typeof x === "string";
  const isNum = (x: unknown): x is number => typeof x === "number";
  const isBool = (x: unknown): x is boolean => typeof x === "boolean";
  return { userId: opt(p.userId, isStr, "userId"), status: opt(p.status, isNum, "status"), urgent: opt(p.urgent, isBool, "urgent"), historyId: opt(p.historyId, isNum, "historyId"), paymentId: opt(p.paymentId, isStr, "paymentId") };
}

export function directLookups(db: DbOrTx, serviceCache = shortLivedCache<Service>()): NoticeLookups {
  return {
    service: (id) => serviceCache(id, async () => (await db.select().from(services).where(eq(services.id, id)))[0]),
    pratica: async (id, enteId) => (await db.select().from(pratiche).where(and(eq(pratiche.id, id), eq(pratiche.enteId, enteId))))[0],
    user: (id) => loadUser(db, id),
    protocol: (praticaId) => protocolOf(db, praticaId),
  };
}

/**
 * A citizen's notice about a pratica, worded once for every channel, or what to do instead: skipped (the citizen is
 * gone, the admin switched the notice off, it was read already), cancelled (a reminder already answered), deferred
 * (quiet hours). Which channel it goes to is not decided here (lib/channels/policy.ts).
 *
 * The content rules hold whatever the channel: no form data (nothing attached, no operator's free text), no
 * operator's name, the ente and the service named (neutrally for a service whose name is sensitive), and the link
 * to the pratica in the personal area.
 */
export async function prepareCitizenNotice(env: PrepareEnv, lookups: NoticeLookups, ente: Ente, row: OutboxRow, kind: EmailKind, p: NoticePayload, now: Date): Promise<NoticeContent | Outcome> {
  const r = await prepareCitizenNoticeWith(env, lookups, ente, row, kind, p, now);
  return "status" in r ? r : r.content;
}

/** The same, with the service row the notice is about (the email handler routes by its IO key). */
export async function prepareCitizenNoticeWith(
  env: PrepareEnv,
  lookups: NoticeLookups,
  ente: Ente,
  row: OutboxRow,
  kind: EmailKind,
  p: NoticePayload,
  now: Date,
): Promise<{ content: NoticeContent; service: Service } | Outcome> {
  if (!isEmailKind(kind)) throw new PermanentDeliveryError(`tipo di avviso sconosciuto: ${kind}`);
  const urgent = p.urgent === true;
  if (!row.praticaId) throw new PermanentDeliveryError("pratica mancante");
  const pratica = await lookups.pratica(row.praticaId, ente.id);
  if (!pratica) throw new PermanentDeliveryError("pratica inesistente");
  const service = await lookups.service(pratica.serviceId);
  if (!service) throw new PermanentDeliveryError("servizio inesistente");

  // A payment notice is about one payment of this pratica; without it there is nothing true to say.
  let payment: PaymentFacts | undefined;
  if (isPaymentEmailKind(kind)) {
    if (p.paymentId !== undefined && !isUuid(p.paymentId)) throw new PermanentDeliveryError("pagamento non valido");
    payment = await paymentOf(env.db, ente, pratica.id, p.paymentId ?? null);
    if (!payment) throw new PermanentDeliveryError("pagamento inesistente");
  }

  if (kind === "integration_reminder") {
    const answered = await requestAnswered(env.db, pratica.id, pratica.status, p.historyId);
    if (answered) return { status: "cancelled", detail: "promemoria annullato: il cittadino ha già risposto o la pratica è cambiata" };
  }
  const status = p.status ?? pratica.status;
  if (STATUS_NOTICE_KINDS.includes(kind) && service.emailTexts[String(status)]?.enabled === false)
    return { status: "skipped", detail: `email disattivata dall'amministratore per questo servizio nello stato ${status}` };

  const recipientId = p.userId ?? pratica.applicantId;
  const recipient = await lookups.user(recipientId);
  if (!recipient) return { status: "skipped", detail: "destinatario non più attivo" };
  // A notice counts as read when the citizen has opened the pratica since it was written (no tracking pixel).
  // The reminder is the exception: it is about what is still undone, not unread.
  if (!urgent && kind !== "integration_reminder" && pratica.citizenViewedAt && pratica.citizenViewedAt >= row.createdAt)
    return { status: "skipped", detail: "già letto nell'area personale" };
  if (!urgent && isQuietTime(ente, now)) return defer(ente, now);

  const lang = pickLang(recipient.language, ente);
  const serviceName = noticeServiceName(service, lang);
  const number = praticaNumber(pratica);
  const facts: PraticaFacts = {
    // The number people use ("2026-000123"), never the internal id.
    id: number,
    status,
    service: { ...service, name: serviceName },
    protocol: await lookups.protocol(pratica.id),
    // What an operator writes may carry the form's data or their own name: it is read in the personal area only.
    personalMessage: null,
  };
  // A payment to make is paid from the Pagamenti page; any other notice points to the pratica.
  const toPayments = kind === "payment_due";
  const link = toPayments ? paymentsLink(env.appUrl, ente) : citizenLink(env.appUrl, ente, pratica.id);
  // A payment's reason may name what it pays for: for a sensitive service, the neutral name stands in for it.
  const shownPayment = payment && isSensitiveService(service) ? { ...payment, causale: serviceName } : payment;
  const { subject, model } = buildModel({
    kind,
    lang,
    ente,
    appUrl: env.appUrl,
    facts,
    link,
    audience: "citizen",
    leadDetails: shownPayment && isPaymentEmailKind(kind) ? paymentDetails(kind, shownPayment, lang, ente.timezone) : undefined,
    whereToRead: toPayments ? whereToPay(lang) : undefined,
  });
  const whereElse = pick(channelTexts, lang).whereElse;
  model.paragraphs = [...model.paragraphs, whereElse];
  const payDue = payment && (kind === "payment_due" || kind === "payment_failed") ? dueDayEnd(payment.dueDate, ente.timezone) : null;
  const content: NoticeContent = {
    kind,
    lang,
    ente,
    recipient,
    praticaId: pratica.id,
    praticaNumber: number,
    serviceName,
    subject,
    heading: model.heading,
    paragraphs: model.paragraphs,
    link,
    // The model has no deadline for answering a request for documents: only a payment's due day is one.
    dueDate: payDue,
    payment:
      payment && kind === "payment_due" ? { amountCents: payment.amountCents, noticeNumber: payment.noticeCode, payeeFiscalCode: ente.codiceFiscale, dueDate: payDue } : null,
    email: { subject, model, attachments: [] },
  };
  return { content, service };
}

/** A pagoPA due day (YYYY-MM-DD, the ente's calendar day) as the last minute of that day in the ente's time zone. */
function dueDayEnd(day: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return fromWallClock({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 23, minute: 59 }, timeZone);
}

export function defer(ente: Ente, now: Date): Outcome {
  const until = nextSendWindow(ente, now);
  return { status: "deferred", until, detail: `fuori orario o giorno festivo: rinviata a ${until.toISOString()}` };
}

export async function loadUser(db: DbOrTx, id: string): Promise<User | null> {
  if (!isUuid(id)) return null;
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.disabledAt)));
  return u ?? null;
}

/** Answered when the pratica left "integration requested" or a later step happened after the request. */
async function requestAnswered(db: DbOrTx, praticaId: string, status: number, historyId: number | undefined): Promise<boolean> {
  if (status !== STATUS.integration_requested) return true;
  if (historyId === undefined) return false;
  const [latest] = await db.select({ id: statusHistory.id }).from(statusHistory).where(eq(statusHistory.praticaId, praticaId)).orderBy(desc(statusHistory.id)).limit(1);
  return latest !== undefined && latest.id !== historyId;
}

export async function protocolOf(db: DbOrTx, praticaId: string): Promise<PraticaFacts["protocol"]> {
  const rows = await db
    .select({ number: protocolEntries.number, registeredAt: protocolEntries.registeredAt, documentKind: protocolEntries.documentKind })
    .from(protocolEntries)
    .where(and(eq(protocolEntries.praticaId, praticaId), eq(protocolEntries.status, "registered")))
    .orderBy(protocolEntries.createdAt);
  return mainProtocol(rows);
}

/** The number a notice quotes: the submission's, else the first registered. */
export function mainProtocol(rows: { number: string | null; registeredAt: Date | null; documentKind: string }[]): PraticaFacts["protocol"] {
  const main = rows.find((r) => r.documentKind === "submission" && r.number) ?? rows.find((r) => r.number);
  return main?.number && main.registeredAt ? { number: main.number, registeredAt: main.registeredAt } : null;
}
