import { and, eq, inArray, isNull } from "drizzle-orm";
import { praticaNumber } from "@/lib/pratiche/number";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { entePecSettings, enti, pratiche, protocolEntries, statusHistory, users, type Ente, type OutboxRow, type Pratica, type Service, type User } from "@/db/schema";
import { profileDomicile, type DomicileLookup } from "@/lib/channels/domicile";
import { fallbacksOf, handOver, viaOf } from "@/lib/channels/hand-over";
import { channelsFor, noticeClassOf, type ChannelFacts } from "@/lib/channels/policy";
import { defer, directLookups, isCitizenNotice, loadUser, mainProtocol, prepareCitizenNoticeWith, protocolOf, type NoticeLookups } from "@/lib/channels/prepare";
import type { Channel } from "@/lib/channels/types";
import { MAX_FAILURES } from "@/lib/outbox/backoff";
import { describeError, isPermanent, PermanentDeliveryError } from "@/lib/outbox/errors";
import type { Outcome } from "@/lib/outbox/record";
import { buildDigest } from "./digest";
import { fanOutOperators } from "./fan-out";
import { shortLivedCache } from "./lookup-cache";
import { messageIdFor, senderFor, type MailMessage, type Mailer } from "./mailer";
import { buildModel, operatorLink, pickLang, STATUS_NOTICE_KINDS, type PraticaFacts } from "./model";
import { isQuietTime } from "./policy";
import { renderEmail } from "./render";
import { renderEmailByShape } from "./render-shapes";
import { isEmailKind, type EmailKind } from "./texts";
import { isUuid } from "@/lib/uuid";

export { LOOKUP_CACHE_MAX, shortLivedCache } from "./lookup-cache";

export type EmailEnv = {
  db: DbOrTx;
  mailer: Mailer;
  appUrl: string;
  mailFrom: string;
  emailShapeCache?: boolean;
  /** Where a citizen's digital domicile is found (lib/channels/domicile.ts); the profile's address by default. */
  domicile?: DomicileLookup;
};

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
 * The outbox handler of topic "email". A citizen's notice about a pratica goes to the channel the ente's policy
 * picks (lib/channels/policy.ts): this handler sends it when that is email and hands it over otherwise; a failed
 * email with fallbacks left is handed over too. Everything else (staff, sign-in links) is email, as ever.
 */
export function createEmailHandler(env: EmailEnv) {
  // The same email either way; by shape is faster (./render-shapes.ts), and falls back to renderEmail itself.
  const render = env.emailShapeCache ? renderEmailByShape : renderEmail;
  const domicile = env.domicile ?? profileDomicile;
  const enteCache = shortLivedCache<Ente>();
  const serviceCache = shortLivedCache<Service>();
  const pecReadyCache = shortLivedCache<{ ready: boolean }>();
  const direct = directLookups(env.db, serviceCache);
  // What the rows of the batch being delivered need, read by prefetch in three queries. Read just before the
  // batch goes out, so no fresher than re-reading each row a moment later would be; a row it misses reads its own.
  let batch = emptyBatch();
  const lookupsFor = (row: OutboxRow): NoticeLookups => {
    const b = batch.rowIds.has(row.id) ? batch : null;
    if (!b) return direct;
    return {
      service: direct.service,
      pratica: async (id, enteId) => {
        const hit = b.pratiche.get(id);
        if (hit) return hit.enteId === enteId ? hit : undefined;
        return direct.pratica(id, enteId);
      },
      user: async (id) => (b.users.has(id) ? (b.users.get(id) ?? null) : loadUser(env.db, id)),
      protocol: async (praticaId) => (b.protocol.has(praticaId) ? (b.protocol.get(praticaId) ?? null) : protocolOf(env.db, praticaId)),
    };
  };

  const send = async (row: OutboxRow, ente: Ente, prepared: Prepared) => {
    const { html, text } = await render(prepared.kind, prepared.model);
    return env.mailer.send({
      messageId: messageIdFor(row.id, env.mailFrom),
      from: senderFor(ente.name, env.mailFrom),
      to: prepared.to,
      subject: prepared.subject,
      html,
      text,
      attachments: prepared.attachments,
      headers: { "X-Stanza-Delivery": row.id, "Auto-Submitted": "auto-generated" },
    });
  };

  /** The channels this citizen's notice may use, by the policy of the row's own ente. */
  const route = async (ente: Ente, kind: string, recipient: User, service: Service): Promise<Channel[]> => {
    const list = ente.channelPolicy?.[noticeClassOf(kind)];
    // A domicile and the ente's PEC are read only when the policy could pick PEC.
    const wantsPec = !Array.isArray(list) || list.includes("pec");
    const address = wantsPec ? await domicile.domicileOf(recipient) : null;
    const pecReady = address
      ? ((await pecReadyCache(ente.id, async () => ({ ready: (await env.db.select({ id: entePecSettings.enteId }).from(entePecSettings).where(eq(entePecSettings.enteId, ente.id))).length > 0 })))?.ready ?? false)
      : false;
    const facts: ChannelFacts = { user: recipient, serviceHasIoKey: !!service.ioApiKeyEnc, domicile: address, entePecReady: pecReady };
    return channelsFor(ente.channelPolicy, kind, facts);
  };

  const citizenNotice = async (row: OutboxRow, ente: Ente, kind: EmailKind, p: EmailPayload, now: Date): Promise<Outcome> => {
    const via = viaOf(row);
    if (via && via !== "email") throw new PermanentDeliveryError(`riga del canale ${via} arrivata al gestore email`);
    const prepared = await prepareCitizenNoticeWith(env, lookupsFor(row), ente, row, kind, p, now);
    if ("status" in prepared) return prepared;
    const { content, service } = prepared;
    let fallbacks: Channel[];
    if (via === "email") {
      // A fallback (or a row handed to email): it was chosen already, no new choice.
      fallbacks = fallbacksOf(row);
    } else {
      const channels = await route(ente, kind, content.recipient, service);
      if (channels.length === 0) return { status: "skipped", detail: "nessun canale disponibile per il cittadino: avviso leggibile solo nell'area personale" };
      const [first, ...rest] = channels;
      if (first !== "email") return (await handOver(env.db, row, channels, "canale scelto dalla politica dell'ente")) ?? { status: "skipped", detail: "avviso leggibile solo nell'area personale" };
      fallbacks = rest;
    }
    try {
      const answer = await send(row, ente, { to: content.recipient.email, kind, subject: content.email.subject, model: content.email.model, attachments: content.email.attachments });
      return { status: "sent", detail: `${content.recipient.email} — ${answer}` };
    } catch (err) {
      // Refused for good, or this was the last try: the next channel takes the notice (one row, its own record).
      if (fallbacks.length > 0 && (isPermanent(err) || row.attempts + 1 >= MAX_FAILURES)) {
        const routed = await handOver(env.db, row, fallbacks, `email non recapitata: ${describeError(err)}`);
        if (routed) return routed;
      }
      throw err;
    }
  };

  const handler = async (row: OutboxRow, now: Date): Promise<Outcome> => {
    const parsed = emailPayloadSchema.safeParse(row.payload);
    if (!parsed.success) throw new PermanentDeliveryError("payload non valido");
    const p = parsed.data;
    const ente = await enteCache(row.enteId, async () => (await env.db.select().from(enti).where(eq(enti.id, row.enteId)))[0]);
    if (!ente) throw new PermanentDeliveryError("ente inesistente");
    if (!isEmailKind(row.kind)) throw new PermanentDeliveryError(`tipo di email sconosciuto: ${row.kind}`);
    if (p.to === "operators") return fanOutOperators(env.db, ente, row, p, now);
    if (isCitizenNotice(row.kind, row.payload)) return citizenNotice(row, ente, row.kind, p, now);
    const prepared = await prepare(env, lookupsFor(row), ente, row, row.kind, p, now);
    if ("status" in prepared) return prepared;
    const answer = await send(row, ente, prepared);
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

async function prepare(env: EmailEnv, lookups: NoticeLookups, ente: Ente, row: OutboxRow, kind: EmailKind, p: EmailPayload, now: Date): Promise<Prepared | Outcome> {
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

  // The rest is an operator's email about a pratica (a citizen's notice goes through lib/channels/prepare.ts).
  if (!row.praticaId) throw new PermanentDeliveryError("pratica mancante");
  const pratica = await lookups.pratica(row.praticaId, ente.id);
  if (!pratica) throw new PermanentDeliveryError("pratica inesistente");
  const service = await lookups.service(pratica.serviceId);
  if (!service) throw new PermanentDeliveryError("servizio inesistente");
  const status = p.status ?? pratica.status;
  if (STATUS_NOTICE_KINDS.includes(kind) && service.emailTexts[String(status)]?.enabled === false)
    return { status: "skipped", detail: `email disattivata dall'amministratore per questo servizio nello stato ${status}` };
  const recipientId = p.userId ?? pratica.assignedOperatorId;
  const recipient = recipientId ? (user?.id === recipientId ? user : await lookups.user(recipientId)) : null;
  if (!recipient) return { status: "skipped", detail: "nessun operatore assegnato" };
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
  const { subject, model } = buildModel({ kind, lang, ente, appUrl: env.appUrl, facts, link: operatorLink(env.appUrl, ente, pratica.id), audience: "staff" });
  return { to: recipient.email, kind, subject, model };
}

async function historyMessage(db: DbOrTx, praticaId: string, historyId: number): Promise<string | null> {
  const [h] = await db
    .select({ message: statusHistory.message })
    .from(statusHistory)
    .where(and(eq(statusHistory.id, historyId), eq(statusHistory.praticaId, praticaId)));
  return h?.message ?? null;
}
