import type { Attachment, Payment, Pratica, ProtocolEntry, Service, StatusHistoryRow } from "@/db/schema";
import { STATUS_CODES, statusLabel, statusName, type StatusCode } from "@/lib/workflow/states";
import { TRANSITIONS, type WorkflowEvent } from "@/lib/workflow/table";

/** How rows look on the wire: snake_case, ISO dates, status codes with their names. */
export function statusRef(code: number) {
  return { code, name: statusName(code) ?? "unknown", label: statusLabel(code) };
}

/** For each status code, the events by which a partner brings a pratica there (the API's docs and OpenAPI show them). */
export const STATUS_CODE_EVENTS: Readonly<Record<StatusCode, readonly WorkflowEvent[]>> = (() => {
  const out = {} as Record<StatusCode, readonly WorkflowEvent[]>;
  for (const code of STATUS_CODES) out[code] = TRANSITIONS.filter((t) => t.to === code && t.actors.includes("partner")).map((t) => t.event);
  return out;
})();

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentSummary(p: Pratica, service: Pick<Service, "slug" | "name">) {
  return {
    id: p.id,
    number: p.numero,
    service: { slug: service.slug, name: service.name },
    status: statusRef(p.status),
    subject: p.subject,
    channel: p.channel,
    version: p.version,
    outcome: p.outcome,
    created_at: p.createdAt.toISOString(),
    submitted_at: iso(p.submittedAt),
    updated_at: p.updatedAt.toISOString(),
    concluded_at: iso(p.concludedAt),
  };
}

export function presentProtocolEntry(e: ProtocolEntry) {
  return {
    id: e.id,
    request_id: e.requestId,
    direction: e.direction,
    document_kind: e.documentKind,
    status: e.status,
    number: e.number,
    registered_at: iso(e.registeredAt),
    source: e.source,
    raw: e.raw,
    error: e.error,
    created_at: e.createdAt.toISOString(),
  };
}

export function presentIter(h: StatusHistoryRow) {
  return {
    id: h.id,
    from: h.fromStatus === null ? null : statusRef(h.fromStatus),
    to: statusRef(h.toStatus),
    event: h.event,
    actor_kind: h.actorKind,
    message: h.message,
    at: h.createdAt.toISOString(),
  };
}

export function presentAttachment(a: Attachment, partnerSlug: string) {
  return {
    id: a.id,
    filename: a.filename,
    mime_type: a.mimeType,
    size: a.size,
    purpose: a.purpose,
    field_name: a.fieldName,
    created_at: a.createdAt.toISOString(),
    url: `/api/v1.0/${partnerSlug}/pratica/${a.praticaId}/allegati/${a.id}`,
  };
}

/** Cents as a machine-readable euro string ("16.00"): integer arithmetic, no float. */
export function centsToEuroString(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export function presentPayment(p: Payment, partnerSlug: string) {
  return {
    id: p.id,
    phase: p.phase,
    status: p.status,
    amount: p.amountCents,
    amount_eur: centsToEuroString(p.amountCents),
    causale: p.causale,
    due_date: p.dueDate,
    notice_code: p.noticeCode,
    iuv: p.iuv,
    paid_at: iso(p.paidAt),
    paid_amount: p.paidAmountCents,
    receipt_id: p.receiptId,
    receipt_url: p.receiptAttachmentId ? `/api/v1.0/${partnerSlug}/pratica/${p.praticaId}/allegati/${p.receiptAttachmentId}` : null,
    created_at: p.createdAt.toISOString(),
  };
}
