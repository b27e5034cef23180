import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attachments, enti, partnerServices, partners, pratiche, protocolEntries, services, type OutboxRow } from "@/db/schema";
import { ConflictError } from "@/lib/errors";
import { PermanentDeliveryError } from "@/lib/outbox/errors";
import { postSigned } from "@/lib/outbox/http";
import type { Outcome } from "@/lib/outbox/record";
import { recordProtocolAnswers } from "./answers";

/** The partner acting as the ente's protocol registry for a service: enabled on it and with a webhook. */
export async function registryPartnerFor(db: DbOrTx, enteId: string, serviceId: string) {
  const [p] = await db
    .select({ id: partners.id, slug: partners.slug, webhookUrl: partners.webhookUrl, webhookSecret: partners.webhookSecret })
    .from(partners)
    .innerJoin(partnerServices, and(eq(partnerServices.partnerId, partners.id), eq(partnerServices.serviceId, serviceId), isNull(partnerServices.disabledAt)))
    .where(and(eq(partners.enteId, enteId), eq(partners.isProtocolRegistry, true), isNull(partners.disabledAt), isNotNull(partners.webhookUrl)))
    .limit(1);
  return p ?? null;
}

/**
 * External-registry mode: the request goes to the partner's webhook, signed with HMAC. The number comes back
 * later on POST /api/v1.0/{partner}/pratica/{id}/protocolli (recordProtocolAnswers); a partner that answers
 * at once with a number in the response body is recorded right away.
 */
export async function sendExternalRequest(db: DbOrTx, appUrl: string, row: OutboxRow, requestId: string, now: Date): Promise<Outcome> {
  const [request] = await db
    .select()
    .from(protocolEntries)
    .where(and(eq(protocolEntries.id, requestId), eq(protocolEntries.enteId, row.enteId)));
  if (!request || request.status !== "requested") return { status: "skipped", detail: "richiesta di protocollo inesistente" };
  const [answer] = await db.select({ id: protocolEntries.id }).from(protocolEntries).where(eq(protocolEntries.requestId, request.id)).limit(1);
  if (answer) return { status: "skipped", detail: "richiesta già evasa" };
  const [pratica] = await db.select().from(pratiche).where(eq(pratiche.id, request.praticaId));
  if (!pratica) throw new PermanentDeliveryError("pratica inesistente");
  const [service] = await db.select({ slug: services.slug }).from(services).where(eq(services.id, pratica.serviceId));
  const [ente] = await db.select().from(enti).where(eq(enti.id, row.enteId));
  if (!ente) throw new PermanentDeliveryError("ente inesistente");
  const partner = await registryPartnerFor(db, ente.id, pratica.serviceId);
  if (!partner?.webhookUrl) throw new PermanentDeliveryError("nessun registro di protocollo esterno configurato per il servizio");
  if (!partner.webhookSecret) throw new PermanentDeliveryError("il registro di protocollo non ha un segreto per la firma");
  const [doc] = request.attachmentId
    ? await db
        .select({ id: attachments.id, filename: attachments.filename, mimeType: attachments.mimeType, size: attachments.size, sha256: attachments.sha256 })
        .from(attachments)
        .where(eq(attachments.id, request.attachmentId))
    : [];
  const body = {
    id: row.id,
    type: "protocol.request",
    requestId: request.id,
    ente: { slug: ente.slug, codiceIpa: ente.codiceIpa, codiceIstat: ente.codiceIstat },
    pratica: { id: pratica.id, number: pratica.numero, service: service?.slug ?? null, status: pratica.status },
    direction: request.direction,
    documentKind: request.documentKind,
    params: request.params,
    document: doc ?? null,
    answerTo: `${appUrl}/api/v1.0/${partner.slug}/pratica/${pratica.id}/protocolli`,
    requestedAt: request.createdAt.toISOString(),
  };
  const res = await postSigned(partner.webhookUrl, partner.webhookSecret, body, row.id, "protocol.request", now);
  const immediate = parseImmediateAnswer(res.body);
  if (immediate) {
    try {
      await recordProtocolAnswers({ db, ente, actor: { kind: "partner", partnerId: partner.id } }, pratica.id, [{ ...immediate, requestId: request.id }]);
    } catch (err) {
      // The request already has another number (an earlier answer won): the delivery itself went through, and
      // retrying it would only be refused again.
      if (err instanceof ConflictError) return { status: "sent", detail: `${partner.webhookUrl} — HTTP ${res.status}, numero non registrato: ${err.message}` };
      throw err;
    }
    return { status: "sent", detail: `${partner.webhookUrl} — HTTP ${res.status}, protocollata subito` };
  }
  return { status: "sent", detail: `${partner.webhookUrl} — HTTP ${res.status}, in attesa della risposta del registro` };
}

function parseImmediateAnswer(body: string): Record<string, unknown> | null {
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === "object" && !Array.isArray(json)) {
      const o = json as Record<string, unknown>;
      if (typeof o.numero === "string" || typeof o.number === "string" || typeof o.numero_protocollo === "string") return o;
    }
  } catch {
    // Not JSON: an acknowledgement only.
  }
  return null;
}
