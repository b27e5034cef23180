import { and, eq } from "drizzle-orm";
import { attachments, pratiche, services, statusHistory, type Pratica, type StatusHistoryRow } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorId, type Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError, fieldError } from "@/lib/errors";
import { countTransition } from "@/lib/ops/metrics";
import { writeEffects } from "./effects";
import { checkGuard, isOperatorEnabled, isPartnerEnabled } from "./guards";
import { lockPratica } from "./lock";
import { nextPraticaNumber } from "./numbering";
import { OPEN_ASSIGNED_STATUSES, STATUS, statusLabel } from "./states";
import { eventsFrom, isWorkflowEvent, transitionFor, type WorkflowEvent } from "./table";

/** A file already written to storage, to be recorded in the transition's transaction. */
export type TransitionAttachment = {
  id?: string;
  kind: "citizen" | "operator" | "generated";
  purpose: "modulo" | "field" | "integration" | "response" | "response_document" | "message" | "receipt";
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
  storageKey: string;
  visibleToCitizen?: boolean;
  fieldName?: string;
};

export type TransitionInput = {
  /** Shown to the citizen (request for documents, reopen reason) and kept in the iter. */
  message?: string;
  /** The decision's motivation (accept / reject). */
  motivation?: string;
  /** The version the actor saw; a different current version means someone else acted first. */
  expectedVersion?: number;
  attachments?: TransitionAttachment[];
  /** Which attachment is the document the registry receives for this step (the modulo, the response). */
  protocolDocument?: "modulo" | "response_document" | "response" | "integration" | "receipt";
  /** When the event happened; defaults to now. Only the demo seed and data imports set it. */
  at?: Date;
  /** The operator's answers to the service's Elabora steps, stored with an accept/reject decision. */
  operatorData?: Record<string, unknown>;
  /** Extra facts recorded in the audit row (a partner's operatore/responsabile/struttura/timestamp). */
  meta?: Record<string, unknown>;
  /**
   * For `submit`: the number already taken with nextPraticaNumber in this same transaction (so the modulo could
   * print it). Without it, `submit` takes the next one itself.
   */
  numero?: string;
};

export type TransitionResult = { pratica: Pratica; history: StatusHistoryRow; attachmentIds: string[] };

/**
 * The one door for a pratica's state. In one transaction: lock the pratica, check the table and guards,
 * update it, append the iter row and the audit row, write the outbox rows. A concurrent second transition
 * waits on the row lock and then loses with a ConflictError or InvalidTransitionError.
 */
export async function transition(ctx: Ctx, praticaId: string, event: string, input: TransitionInput = {}): Promise<TransitionResult> {
  const result = await applyTransition(ctx, praticaId, event, input);
  // Counted once its transaction (or, inside a caller's transaction, its savepoint) has committed.
  countTransition(event);
  return result;
}

function applyTransition(ctx: Ctx, praticaId: string, event: string, input: TransitionInput): Promise<TransitionResult> {
  return ctx.db.transaction(async (tx) => {
    const pratica = await lockPratica(tx, ctx.ente.id, praticaId);
    if (!pratica) throw new NotFoundError("pratica.not_found");
    const { actor } = ctx;

    // Visibility: a citizen sees only their own pratiche, and nobody else sees drafts.
    if (actor.kind === "citizen" && pratica.applicantId !== actor.userId) throw new NotFoundError("pratica.not_found");
    if (pratica.status === STATUS.draft && actor.kind !== "citizen" && actor.kind !== "partner") throw new NotFoundError("pratica.not_found");
    if (actor.kind === "operator" && !(await isOperatorEnabled(tx, actor.userId, pratica.serviceId)))
      throw new ForbiddenError("operator.not_enabled_pratica");
    if (actor.kind === "partner" && !(await isPartnerEnabled(tx, actor.partnerId, pratica.serviceId)))
      throw new ForbiddenError("partner.not_enabled_pratica");

    const allowed = eventsFrom(pratica.status, actor.kind);
    if (!isWorkflowEvent(event)) {
      throw new InvalidTransitionError("workflow.unknown_event", { event: event.slice(0, 64) }, pratica.status, allowed);
    }
    const def = transitionFor(event);

    if (input.expectedVersion !== undefined && input.expectedVersion !== pratica.version) {
      throw new ConflictError("pratica.changed_reload");
    }
    if (!(def.from as readonly number[]).includes(pratica.status)) {
      if (event === "assign" && (OPEN_ASSIGNED_STATUSES as readonly number[]).includes(pratica.status)) {
        throw new ConflictError(
          actor.kind === "operator" && pratica.assignedOperatorId === actor.userId
            ? "pratica.already_yours"
            : "pratica.taken_by_other",
        );
      }
      throw new InvalidTransitionError(
        "workflow.not_allowed_in_state",
        { event, status: statusLabel(pratica.status) },
        pratica.status,
        allowed,
      );
    }
    if (!def.actors.includes(actor.kind)) {
      throw new ForbiddenError("workflow.not_allowed_actor", { event });
    }

    const [service] = await tx.select().from(services).where(and(eq(services.id, pratica.serviceId), eq(services.enteId, ctx.ente.id)));
    if (!service) throw new NotFoundError("service.not_found");
    for (const guard of def.guards) {
      // Operators' and partners' enablement on this service was checked above, in this transaction.
      if (guard === "enabledOnService") continue;
      const failure = await checkGuard(tx, guard, actor, pratica, service);
      if (failure?.kind === "forbidden") throw new ForbiddenError(failure.code);
      if (failure) throw new InvalidTransitionError(failure.code, {}, pratica.status, allowed.filter((e) => e !== event));
    }

    const motivation = input.motivation?.trim();
    const message = input.message?.trim();
    if (def.requires?.includes("motivation") && !motivation)
      throw new ValidationError("workflow.motivation_required", [fieldError("motivation", "field.required")]);
    if (def.requires?.includes("message") && !message)
      throw new ValidationError("workflow.message_required", [fieldError("message", "field.required")]);

    const now = input.at ?? new Date();
    const changes: Partial<typeof pratiche.$inferInsert> = { status: def.to, version: pratica.version + 1, updatedAt: now };
    applyEventFields(event, changes, ctx, now, motivation);
    if (input.operatorData !== undefined && (event === "accept" || event === "reject")) changes.operatorData = input.operatorData;
    if (event === "submit" && !pratica.numero) {
      // The number people use, given once, at the first submission, in this transaction; the search box finds it.
      const numero = input.numero ?? (await nextPraticaNumber(tx, ctx.ente, now));
      changes.numero = numero;
      changes.searchText = `${numero} ${pratica.searchText}`.trim();
    }
    const [updated] = await tx
      .update(pratiche)
      .set(changes)
      .where(and(eq(pratiche.id, pratica.id), eq(pratiche.version, pratica.version)))
      .returning();
    if (!updated) throw new ConflictError("pratica.changed");

    const [history] = await tx
      .insert(statusHistory)
      .values({
        enteId: ctx.ente.id,
        praticaId: pratica.id,
        fromStatus: pratica.status,
        toStatus: def.to,
        event,
        actorKind: actor.kind,
        actorId: actorId(actor),
        message: message ?? motivation ?? null,
        createdAt: now,
      })
      .returning();
    if (!history) throw new Error("status history insert returned nothing");

    const attachmentIds: string[] = [];
    let documentAttachmentId: string | undefined;
    for (const a of input.attachments ?? []) {
      const [row] = await tx
        .insert(attachments)
        .values({
          ...(a.id ? { id: a.id } : {}),
          enteId: ctx.ente.id,
          praticaId: pratica.id,
          kind: a.kind,
          purpose: a.purpose,
          fieldName: a.fieldName ?? null,
          filename: a.filename,
          mimeType: a.mimeType,
          size: a.size,
          sha256: a.sha256,
          storageKey: a.storageKey,
          uploadedBy: actor.kind === "system" || actor.kind === "partner" ? null : actor.userId,
          visibleToCitizen: a.visibleToCitizen ?? true,
        })
        .returning({ id: attachments.id });
      if (row) {
        attachmentIds.push(row.id);
        if (input.protocolDocument === a.purpose) documentAttachmentId = row.id;
      }
    }

    await recordAudit(tx, {
      enteId: ctx.ente.id,
      actor,
      action: `pratica.${event}`,
      targetType: "pratica",
      targetId: pratica.id,
      data: { from: pratica.status, to: def.to, ...(input.meta ?? {}) },
    });
    await writeEffects(tx, {
      ente: ctx.ente,
      service,
      pratica: updated,
      event,
      fromStatus: pratica.status,
      historyId: history.id,
      message,
      documentAttachmentId,
    });
    return { pratica: updated, history, attachmentIds };
  });
}

function applyEventFields(
  event: WorkflowEvent,
  changes: Partial<typeof pratiche.$inferInsert>,
  ctx: Ctx,
  now: Date,
  motivation: string | undefined,
): void {
  switch (event) {
    case "submit":
      changes.submittedAt = now;
      break;
    case "assign":
      changes.assignedAt = now;
      if (ctx.actor.kind === "operator") changes.assignedOperatorId = ctx.actor.userId;
      break;
    case "accept":
    case "reject":
      changes.outcome = event === "accept" ? "accepted" : "rejected";
      changes.motivation = motivation ?? null;
      changes.concludedAt = now;
      break;
    case "reopen":
      changes.outcome = null;
      changes.motivation = null;
      changes.concludedAt = null;
      break;
    default:
      break;
  }
}
