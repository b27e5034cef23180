import { and, eq } from "drizzle-orm";
import { attachments, messages, partnerServices, partners, type Message } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, ValidationError, fieldError } from "@/lib/errors";
import { getPratica } from "@/lib/pratiche/get";
import { enqueue, type OutboxInput } from "@/lib/outbox/enqueue";
import { STATUS } from "@/lib/workflow/states";
import type { TransitionAttachment } from "@/lib/workflow/transition";

export const MESSAGE_MAX_LENGTH = 5000;

export type PostMessageInput = {
  body: string;
  /** Operators only: a note for colleagues, never shown to the citizen nor notified. */
  internal?: boolean;
  /** Files already written to storage (type-checked by the caller's upload path). */
  attachments?: Omit<TransitionAttachment, "purpose">[];
};

/**
 * Adds a message to a pratica's thread, with its attachments, the audit row and the notice to the other side,
 * in one transaction. Citizens write on their own submitted pratiche; operators on pratiche of their services.
 */
export async function postMessage(ctx: Ctx, praticaId: string, input: PostMessageInput): Promise<Message> {
  const body = input.body.trim();
  if (!body) throw new ValidationError("message.empty", [fieldError("body", "message.write_something")]);
  if (body.length > MESSAGE_MAX_LENGTH)
    throw new ValidationError("message.too_long", [fieldError("body", "field.max_chars", { max: MESSAGE_MAX_LENGTH })]);
  const { actor } = ctx;
  if (actor.kind !== "citizen" && actor.kind !== "operator" && actor.kind !== "partner")
    throw new ForbiddenError("message.authors");
  const internal = Boolean(input.internal);
  if (internal && actor.kind === "citizen") throw new ForbiddenError("message.internal_operators");

  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { pratica, service } = await getPratica(txCtx, praticaId);
    if (pratica.status === STATUS.draft) throw new ValidationError("message.draft");
    const authorId = actor.kind === "partner" ? actor.partnerId : actor.userId;
    const [message] = await tx
      .insert(messages)
      .values({ enteId: ctx.ente.id, praticaId, authorId, authorKind: actor.kind, body, internal })
      .returning();
    if (!message) throw new Error("message insert returned nothing");
    for (const a of input.attachments ?? []) {
      await tx.insert(attachments).values({
        enteId: ctx.ente.id,
        praticaId,
        messageId: message.id,
        kind: actor.kind === "citizen" ? "citizen" : "operator",
        purpose: "message",
        filename: a.filename,
        mimeType: a.mimeType,
        size: a.size,
        sha256: a.sha256,
        storageKey: a.storageKey,
        uploadedBy: actor.kind === "partner" ? null : actor.userId,
        visibleToCitizen: !internal,
      });
    }
    await recordAudit(tx, {
      enteId: ctx.ente.id,
      actor,
      action: internal ? "message.note" : "message.post",
      targetType: "pratica",
      targetId: praticaId,
      data: { messageId: message.id, attachments: input.attachments?.length ?? 0 },
    });
    if (!internal) {
      const rows: OutboxInput[] = [];
      const base = { enteId: ctx.ente.id, praticaId, idempotencyKey: "" };
      if (actor.kind === "citizen") {
        if (pratica.assignedOperatorId)
          rows.push({ ...base, topic: "email", kind: "message_from_citizen", payload: { to: "operator", userId: pratica.assignedOperatorId, messageId: message.id, urgent: false }, idempotencyKey: `msg:${message.id}:operator` });
      } else {
        rows.push({ ...base, topic: "email", kind: "message_from_ente", payload: { to: "applicant", userId: pratica.applicantId, messageId: message.id, urgent: false }, idempotencyKey: `msg:${message.id}:citizen` });
      }
      const subscribers = await tx
        .select({ id: partners.id, events: partners.webhookEvents, url: partners.webhookUrl })
        .from(partners)
        .innerJoin(partnerServices, eq(partnerServices.partnerId, partners.id))
        .where(and(eq(partners.enteId, ctx.ente.id), eq(partnerServices.serviceId, service.id)));
      for (const p of subscribers) {
        if (!p.url || (p.events.length > 0 && !p.events.includes("pratica.message") && !p.events.includes("pratica.*"))) continue;
        rows.push({ ...base, topic: "webhook", kind: "pratica.message", payload: { partnerId: p.id, event: "pratica.message", messageId: message.id, urgent: true }, idempotencyKey: `webhook:${p.id}:msg:${message.id}` });
      }
      await enqueue(tx, rows);
    }
    return message;
  });
}
