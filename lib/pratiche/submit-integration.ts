import { and, eq, inArray } from "drizzle-orm";
import { attachments, messages } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, ValidationError, fieldError } from "@/lib/errors";
import { MESSAGE_MAX_LENGTH } from "@/lib/messages/post";
import { enqueue } from "@/lib/outbox/enqueue";
import type { StoredUpload } from "@/lib/portal/store-file";
import { transition, type TransitionResult } from "@/lib/workflow/transition";

/**
 * The citizen answers a request for more documents: the files (already streamed to storage and type-checked),
 * an optional message in the thread carrying them, and `submit_integration` (4100 → 4300, which queues the
 * inbound protocol request and cancels the reminder) — all in one transaction.
 */
export async function submitIntegration(ctx: Ctx, praticaId: string, input: { message?: string; files: StoredUpload[] }): Promise<TransitionResult> {
  if (ctx.actor.kind !== "citizen") throw new ForbiddenError("integration.applicant_only");
  const citizenId = ctx.actor.userId;
  const body = input.message?.trim() ?? "";
  if (!body && input.files.length === 0)
    throw new ValidationError("integration.empty", [fieldError("files", "integration.attach_one")]);
  if (body.length > MESSAGE_MAX_LENGTH)
    throw new ValidationError("message.too_long", [fieldError("message", "field.max_chars", { max: MESSAGE_MAX_LENGTH })]);
  return ctx.db.transaction(async (tx) => {
    const result = await transition({ ...ctx, db: tx }, praticaId, "submit_integration", {
      message: body || `Documenti inviati: ${input.files.map((f) => f.filename).join(", ")}`,
      attachments: input.files.map((f) => ({ kind: "citizen" as const, purpose: "integration" as const, ...f })),
      protocolDocument: "integration",
    });
    const [message] = await tx
      .insert(messages)
      .values({ enteId: ctx.ente.id, praticaId, authorId: citizenId, authorKind: "citizen", body: body || "Documenti inviati in risposta alla richiesta di integrazioni." })
      .returning({ id: messages.id });
    if (!message) throw new Error("message insert returned nothing");
    if (result.attachmentIds.length > 0)
      await tx.update(attachments).set({ messageId: message.id }).where(and(eq(attachments.enteId, ctx.ente.id), inArray(attachments.id, result.attachmentIds)));
    if (result.pratica.assignedOperatorId)
      await enqueue(tx, [
        {
          enteId: ctx.ente.id,
          praticaId,
          topic: "email",
          kind: "message_from_citizen",
          payload: { to: "operator", userId: result.pratica.assignedOperatorId, messageId: message.id, urgent: false },
          idempotencyKey: `msg:${message.id}:operator`,
        },
      ]);
    return result;
  });
}
