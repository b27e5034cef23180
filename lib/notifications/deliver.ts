import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { praticaNumber } from "@/lib/pratiche/number";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { attachments, enti, pratiche, protocolEntries, services, statusHistory, users, type Ente, type OutboxRow, type Pratica, type Service, type User } from "@/db/schema";
import { PermanentDeliveryError } from "@/lib/outbox/errors";
import type { Outcome } from "@/lib/outbox/record";
import { getStorage } from "@/lib/storage";
import { STATUS } from "@/lib/workflow/states";
import { buildDigest } from "./digest";
import { fanOutOperators } from "./fan-out";
import { messageIdFor, senderFor, type MailMessage, type Mailer } from "./mailer";
import { buildModel, citizenLink, operatorLink, pickLang, STATUS_NOTICE_KINDS, type PraticaFacts } from "./model";
import { isQuietTime, nextSendWindow } from "./policy";
import { renderEmail } from "./render";
import { renderEmailByShape } from "./render-shapes";
import { paymentDetails, paymentOf, paymentsLink, whereToPay, type PaymentFacts } from "./payment-details";
import { emailLabels, isEmailKind, isPaymentEmailKind, type EmailKind } from "./texts";
import { isUuid } from "@/lib/uuid";

export type EmailEnv = { db: DbOrTx; mailer: Mailer; appUrl: string; mailFrom: string; emailShapeCache?: boolean };

export const emailPayloadSchema = z.looseObject({
  to: z.string().optional(),
  userId: z.string().nullish(),
  status: z.number().optional(),
  urgent: z.boolean().optional(),
  message: z.string().nullish(),
  historyId: z.number().optional(),
  email: z.string().optional(),
  url: z.string().optional(),
  lang: z.string().optional(),
  serviceId: z.string().optional(),
  windowEnd: z.string().optional(),
  role: z.string().optional(),
  paymentId: z.string().optional(),
});
export type EmailPayload = z.infer<typeof emailPayloadSchema>;

type Prepared = { to: string; kind: EmailKind; subject: string; model: Parameters<typeof renderEmail>[1]; attachments?: MailMessage["attachments"]; scrub?: string[] };

/**
 * Rows a busy worker reads for almost every message (the ente, the service), kept for a few seconds: an admin's
 * change to an ente's settings or a service's email texts reaches the emails within that time.
 */
const LOOKUP_TTL_MS = 10_000;
export const LOOKUP_CACHE_MAX = 1000;
export function shortLivedCache<T extends object>() {
  const entries = new LRUCache<string, T>({ max: LOOKUP_CACHE_MAX, ttl: LOOKUP_TTL_MS });
  const lookup = async (key: string, load: () => Promise<T | undefined>): Promise<T | undefined> => {
    const hit = entries.get(key);
    if (hit) return hit;
    const value = await load();
    if (value === undefined) return undefined;
    entries.set(key, value);
    return value;
  };
  return Object.assign(lookup, { entries });
}

/** The outbox handler of topic "email": applies the ente's notice policy, renders the template and sends. */
export function createEmailHandler(env: EmailEnv) {
  // The same email either way; by shape is faster (./render-shapes.ts), and falls back to renderEmail itself.
  const render = env.emailShapeCache ? renderEmailByShape : renderEmail;
  const enteCache = shortLivedCache<Ente>();
  const serviceCache = shortLivedCache<Service>();
  // What the rows of the batch being delivered need, read by prefetch in three queries. Read just before the
  // batch goes out, so no fresher than re-reading each row a moment later would be; a row it misses reads its own.
  let batch = emptyBatch();
  const service = (id: string) => serviceCache(id, async () => (await env.db.select().from(services).where(eq(services.id, id)))[0]);
  const lookupsFor = (row: OutboxRow): Lookups => {
    const b = batch.rowIds.has(row.id) ? batch : null;
    return {
      service,
      pratica: async (id, enteId) => {
        const hit = b?.pratiche.get(id);
        if (hit) return hit.enteId === enteId ? hit : undefined;
        return (await env.db.select().from(pratiche).where(and(eq(pratiche.id, id), eq(pratiche.enteId, enteId))))[0];
      },
      user: async (id) => (b?.users.has(id) ? (b.users.get(id) ?? null) : loadUser(env.db, id)),
      protocol: async (praticaId) => (b?.protocol.has(praticaId) ? (b.protocol.get(praticaId) ?? null) : protocolOf(env.db, praticaId)),
    };
  };
  const handler = async (row: OutboxRow, now: Date): Promise<Outcome> => {
    const parsed = emailPayloadSchema.safeParse(row.payload);
    if (!parsed.success) throw new PermanentDeliveryError("payload non valido");
    const p = parsed.data;
    const ente = await enteCache(row.enteId, async () => (await env.db.select().from(enti).where(eq(enti.id, row.enteId)))[0]);
    if (!ente) throw new PermanentDeliveryError("ente inesistente");
    if (!isEmailKind(row.kind)) throw new PermanentDeliveryError(`tipo di email sconosciuto: ${row.kind}`);
    if (p.to === "operators") return fanOutOperators(env.db, ente, row, p, now);
    const prepared = await prepare(env, lookupsFor(row), ente, row, row.kind, p, now);
    if ("status" in prepared) return prepared;
    const { html, text } = await render(prepared.kind, prepared.model);
    const answer = await env.mailer.send({
      messageId: messageIdFor(row.id, env.mailFrom),
      from: senderFor(ente.name, env.mailFrom),
      to: prepared.to,
      subject: prepared.subject,
      html,
      text,
      attachments: prepared.attachments,
      headers: { "X-Stanza-Delivery": row.id, "Auto-Submitted": "auto-generated" },
    });
    return { status: "sent", detail: `${prepared.to} — ${answer}`, scrub: prepared.scrub };
  };
  handler.prefetch = async (rows: OutboxRow[]) => {
    batch = emptyBatch();
    batch = await readBatch(env.db, rows);
  };
  return handler;
}

/** Read for the rows `rowIds` only: another row (a later batch, a direct call) reads its own. */
type Batch = { rowIds: Set<string>; pratiche: Map<string, Pratica>; users: Map<string, User | null>; protocol: Map<string, PraticaFacts["protocol"]> };
const emptyBatch = (): Batch => ({ rowIds: new Set(), pratiche: new Map(), users: new Map(), protocol: new Map() });

/** The pratiche of a batch's rows, their applicants and assigned operators and the users named in payloads, and their protocol numbers. */
async function readBatch(db: DbOrTx, rows: OutboxRow[]): Promise<Batch> {
  const out = emptyBatch();
  for (const r of rows) out.rowIds.add(r.id);
  const praticaIds = [...new Set(rows.flatMap((r) => (r.praticaId ? [r.praticaId] : [])))];
  if (praticaIds.length === 0) return out;
  const [found, registered] = await Promise.all([
    db.select().from(pratiche).where(inArray(pratiche.id, praticaIds)),
    db
      .select({ praticaId: protocolEntries.praticaId, number: protocolEntries.number, registeredAt: protocolEntries.registeredAt, documentKind: protocolEntries.documentKind })
      .from(protocolEntries)
      .where(and(inArray(protocolEntries.praticaId, praticaIds), eq(protocolEntries.status, "registered")))
      .orderBy(protocolEntries.createdAt),
  ]);
  for (const p of found) out.pratiche.set(p.id, p);
  for (const id of praticaIds) out.protocol.set(id, mainProtocol(registered.filter((r) => r.praticaId === id)));
  const userIds = new Set<string>();
  for (const p of found) {
    userIds.add(p.applicantId);
    if (p.assignedOperatorId) userIds.add(p.assignedOperatorId);
  }
  for (const r of rows) {
    const id = r.payload.userId;
    if (typeof id === "string" && isUuid(id)) userIds.add(id);
  }
  const people = userIds.size ? await db.select().from(users).where(and(inArray(users.id, [...userIds]), isNull(users.disabledAt))) : [];
  const byId = new Map(people.map((u) => [u.id, u]));
  for (const id of userIds) out.users.set(id, byId.get(id) ?? null);
  return out;
}

type Lookups = {
  service: (id: string) => Promise<Service | undefined>;
  pratica: (id: string, enteId: string) => Promise<Pratica | undefined>;
  user: (id: string) => Promise<User | null>;
  protocol: (praticaId: string) => Promise<PraticaFacts["protocol"]>;
};

async function prepare(env: EmailEnv, lookups: Lookups, ente: Ente, row: OutboxRow, kind: EmailKind, p: EmailPayload, now: Date): Promise<Prepared | Outcome> {
  const urgent = p.urgent === true;
  // Links carry their own address and language: the person may not have an account yet.
  if (kind === "sign_in_link" || kind === "staff_invite") {
    if (!p.email || !p.url) throw new PermanentDeliveryError("indirizzo o collegamento mancante");
    const lang = pickLang(p.lang, ente);
    const { subject, model } = buildModel({ kind, lang, ente, appUrl: env.appUrl, facts: null, link: p.url, audience: "anyone" });
    return { to: p.email, kind, subject, model, scrub: ["url"] };
  }

  const user = p.userId ? await lookups.user(p.userId) : null;
  if (kind === "operator_digest" || kind === "protocol_alert" || kind === "pec_alert") {
    if (!user) return { status: "skipped", detail: "destinatario non più attivo" };
    const lang = pickLang(user.language, ente);
    if (!urgent && isQuietTime(ente, now)) return defer(ente, now);
    if (kind === "protocol_alert" || kind === "pec_alert") {
      const link = `${env.appUrl}/${ente.slug}/admin/${kind === "pec_alert" ? "canali/pec" : "protocollo"}`;
      const { subject, model } = buildModel({ kind, lang, ente, appUrl: env.appUrl, facts: null, link, audience: "staff" });
      return { to: user.email, kind, subject, model };
    }
    const items = await buildDigest(env.db, ente, user.id, p.windowEnd ? new Date(p.windowEnd) : now, lang, env.appUrl);
    if (items.length === 0) return { status: "skipped", detail: "nessuna nuova pratica nel periodo" };
    const { subject, model } = buildModel({ kind, lang, ente, appUrl: env.appUrl, facts: null, link: `${env.appUrl}/${ente.slug}/operatori`, audience: "staff", items });
    return { to: user.email, kind, subject, model };
  }

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

  const toCitizen = p.to !== "operator";
  const recipientId = p.userId ?? (toCitizen ? pratica.applicantId : pratica.assignedOperatorId);
  const recipient = recipientId ? (user?.id === recipientId ? user : await lookups.user(recipientId)) : null;
  if (!recipient) return { status: "skipped", detail: toCitizen ? "destinatario non più attivo" : "nessun operatore assegnato" };
  // One channel at a time: a citizen who opted out of email reads the notice in the personal area only.
  if (toCitizen && !recipient.emailNotifications) return { status: "skipped", detail: "il cittadino ha scelto di non ricevere email: avviso solo nell'area personale" };
  // A notice counts as read when the citizen has opened the pratica since it was written (no tracking pixel).
  // The reminder is the exception: it is about what is still undone, not unread.
  if (toCitizen && !urgent && kind !== "integration_reminder" && pratica.citizenViewedAt && pratica.citizenViewedAt >= row.createdAt)
    return { status: "skipped", detail: "già letto nell'area personale" };
  if (!urgent && isQuietTime(ente, now)) return defer(ente, now);

  const lang = pickLang(recipient.language, ente);
  const facts: PraticaFacts = {
    // The number people use ("2026-000123"), never the internal id.
    id: praticaNumber(pratica),
    status,
    service,
    protocol: await lookups.protocol(pratica.id),
    personalMessage: p.message ?? (p.historyId ? await historyMessage(env.db, pratica.id, p.historyId) : null),
  };
  const files = kind === "receipt" ? await moduloAttachment(env.db, pratica.id) : [];
  // A payment to make is paid from the Pagamenti page; any other notice points to the pratica.
  const toPayments = toCitizen && kind === "payment_due";
  const { subject, model } = buildModel({
    kind,
    lang,
    ente,
    appUrl: env.appUrl,
    facts,
    link: toPayments ? paymentsLink(env.appUrl, ente) : toCitizen ? citizenLink(env.appUrl, ente, pratica.id) : operatorLink(env.appUrl, ente, pratica.id),
    audience: toCitizen ? "citizen" : "staff",
    note: files.length > 0 ? emailLabels(lang).attachment : undefined,
    leadDetails: payment && isPaymentEmailKind(kind) ? paymentDetails(kind, payment, lang, ente.timezone) : undefined,
    whereToRead: toPayments ? whereToPay(lang) : undefined,
  });
  return { to: recipient.email, kind, subject, model, attachments: files };
}

function defer(ente: Ente, now: Date): Outcome {
  const until = nextSendWindow(ente, now);
  return { status: "deferred", until, detail: `fuori orario o giorno festivo: rinviata a ${until.toISOString()}` };
}

async function loadUser(db: DbOrTx, id: string): Promise<User | null> {
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

async function protocolOf(db: DbOrTx, praticaId: string): Promise<PraticaFacts["protocol"]> {
  const rows = await db
    .select({ number: protocolEntries.number, registeredAt: protocolEntries.registeredAt, documentKind: protocolEntries.documentKind })
    .from(protocolEntries)
    .where(and(eq(protocolEntries.praticaId, praticaId), eq(protocolEntries.status, "registered")))
    .orderBy(protocolEntries.createdAt);
  return mainProtocol(rows);
}

/** The number a notice quotes: the submission's, else the first registered. */
function mainProtocol(rows: { number: string | null; registeredAt: Date | null; documentKind: string }[]): PraticaFacts["protocol"] {
  const main = rows.find((r) => r.documentKind === "submission" && r.number) ?? rows.find((r) => r.number);
  return main?.number && main.registeredAt ? { number: main.number, registeredAt: main.registeredAt } : null;
}

async function historyMessage(db: DbOrTx, praticaId: string, historyId: number): Promise<string | null> {
  const [h] = await db
    .select({ message: statusHistory.message })
    .from(statusHistory)
    .where(and(eq(statusHistory.id, historyId), eq(statusHistory.praticaId, praticaId)));
  return h?.message ?? null;
}

async function moduloAttachment(db: DbOrTx, praticaId: string): Promise<NonNullable<MailMessage["attachments"]>> {
  const [a] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.praticaId, praticaId), eq(attachments.purpose, "modulo")))
    .orderBy(desc(attachments.createdAt))
    .limit(1);
  if (!a) return [];
  const storage = await getStorage();
  return [{ filename: a.filename, content: await storage.get(a.storageKey), contentType: a.mimeType }];
}
