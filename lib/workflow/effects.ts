import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { outbox, partnerServices, partners, protocolEntries, type Ente, type Pratica, type Service } from "@/db/schema";
import { enqueue, type OutboxInput } from "@/lib/outbox/enqueue";
import type { WorkflowEvent } from "./table";

/** Which citizen notice an event produces, and whether it is tied to a deadline (sent even in quiet hours). */
const CITIZEN_NOTICES: Partial<Record<WorkflowEvent, { kind: string; urgent: boolean }>> = {
  submit: { kind: "receipt", urgent: true },
  assign: { kind: "taken_in_charge", urgent: false },
  request_integration: { kind: "integration_requested", urgent: true },
  accept: { kind: "outcome_ready", urgent: true },
  reject: { kind: "outcome_ready", urgent: true },
  withdraw: { kind: "withdrawn", urgent: false },
  reopen: { kind: "reopened", urgent: false },
  revoke: { kind: "revoked", urgent: true },
  // Payments: "payment_due" goes out when the position exists (lib/payments/outbox.ts), with its notice code.
  confirm_payment: { kind: "payment_confirmed", urgent: true },
  fail_payment: { kind: "payment_failed", urgent: true },
  expire_payment: { kind: "payment_expired", urgent: true },
  cancel_payment: { kind: "payment_cancelled", urgent: false },
};

/** Documents that go to the registry: inbound from the citizen, outbound from the municipality. */
const PROTOCOL_DOCUMENTS: Partial<Record<WorkflowEvent, { direction: "in" | "out"; documentKind: string }>> = {
  submit: { direction: "in", documentKind: "submission" },
  submit_integration: { direction: "in", documentKind: "integration" },
  request_integration: { direction: "out", documentKind: "integration_request" },
  accept: { direction: "out", documentKind: "outcome" },
  reject: { direction: "out", documentKind: "outcome" },
};

export type EffectContext = {
  ente: Ente;
  service: Service;
  pratica: Pratica;
  event: WorkflowEvent;
  fromStatus: number;
  historyId: number;
  message?: string;
  /** The attachment registered with an outbound/inbound document, if any (the modulo, the response). */
  documentAttachmentId?: string;
};

/**
 * Writes every side effect of a transition into the outbox (and protocol requests into the registry table),
 * inside the transition's transaction. Delivery happens later, in the worker.
 */
export async function writeEffects(tx: DbOrTx, c: EffectContext): Promise<void> {
  const rows: OutboxInput[] = [];
  const base = { enteId: c.ente.id, praticaId: c.pratica.id };
  const notice = CITIZEN_NOTICES[c.event];
  if (notice) {
    rows.push({
      ...base,
      topic: "email",
      kind: notice.kind,
      payload: { to: "applicant", userId: c.pratica.applicantId, event: c.event, status: c.pratica.status, historyId: c.historyId, urgent: notice.urgent, message: c.message ?? null },
      idempotencyKey: `email:${c.pratica.id}:${c.historyId}`,
    });
  }
  if (c.event === "submit") {
    rows.push({
      ...base,
      topic: "email",
      kind: "operator_new_pratica",
      payload: { to: "operators", serviceId: c.service.id, historyId: c.historyId, urgent: false },
      idempotencyKey: `operators:${c.pratica.id}:${c.historyId}`,
    });
  }
  if (c.event === "request_integration") {
    // One reminder while the request is still unanswered; cancelled the moment the citizen answers.
    rows.push({
      ...base,
      topic: "email",
      kind: "integration_reminder",
      payload: { to: "applicant", userId: c.pratica.applicantId, historyId: c.historyId, urgent: false },
      availableAt: new Date(Date.now() + c.ente.reminderDays * 86_400_000),
      idempotencyKey: `reminder:${c.pratica.id}:${c.historyId}`,
    });
  }
  if (c.event === "submit_integration" || c.event === "withdraw" || c.event === "revoke") {
    await tx
      .update(outbox)
      .set({ status: "cancelled", doneAt: new Date() })
      .where(and(eq(outbox.praticaId, c.pratica.id), eq(outbox.kind, "integration_reminder"), inArray(outbox.status, ["pending"])));
  }
  const doc = PROTOCOL_DOCUMENTS[c.event];
  if (doc) {
    const row = await requestProtocol(tx, { ente: c.ente, service: c.service, praticaId: c.pratica.id, ...doc, attachmentId: c.documentAttachmentId ?? null });
    if (row) rows.push(row);
  }
  // Webhooks to every partner on this service that asked for the event (an empty filter means all).
  const subscribers = await tx
    .select({ id: partners.id, events: partners.webhookEvents })
    .from(partners)
    .innerJoin(partnerServices, eq(partnerServices.partnerId, partners.id))
    .where(
      and(
        eq(partners.enteId, c.ente.id),
        eq(partnerServices.serviceId, c.service.id),
        isNull(partnerServices.disabledAt),
        isNull(partners.disabledAt),
        isNotNull(partners.webhookUrl),
      ),
    );
  for (const p of subscribers) {
    const name = `pratica.${c.event}`;
    if (p.events.length > 0 && !p.events.includes(name) && !p.events.includes("pratica.*")) continue;
    rows.push({
      ...base,
      topic: "webhook",
      kind: name,
      payload: { partnerId: p.id, event: name, status: c.pratica.status, fromStatus: c.fromStatus, historyId: c.historyId, urgent: true },
      idempotencyKey: `webhook:${p.id}:${c.pratica.id}:${c.historyId}`,
    });
  }
  await enqueue(tx, rows);
}

/**
 * Records a protocol request for a document of the pratica (inbound from the citizen, outbound from the municipality)
 * and returns the outbox row that delivers it: the built-in registry numbers it, or the partner registry is called.
 */
export async function requestProtocol(
  tx: DbOrTx,
  r: { ente: Ente; service: Service; praticaId: string; direction: "in" | "out"; documentKind: string; attachmentId: string | null },
): Promise<OutboxInput | null> {
  const [request] = await tx
    .insert(protocolEntries)
    .values({
      enteId: r.ente.id,
      praticaId: r.praticaId,
      direction: r.direction,
      documentKind: r.documentKind,
      attachmentId: r.attachmentId,
      status: "requested",
      source: r.service.protocolMode === "external" ? "partner" : "builtin",
      params: { ...r.service.protocolParams },
    })
    .returning({ id: protocolEntries.id });
  if (!request) return null;
  return {
    enteId: r.ente.id,
    praticaId: r.praticaId,
    topic: "protocol",
    kind: r.service.protocolMode === "external" ? "protocol_external" : "protocol_builtin",
    payload: { requestId: request.id, urgent: true },
    idempotencyKey: `protocol:${request.id}`,
  };
}
