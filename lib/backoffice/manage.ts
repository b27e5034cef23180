import { z } from "zod";
import type { StoredUpload } from "@/lib/portal/store-file";
import type { Message } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ValidationError, zodFieldErrors } from "@/lib/errors";
import { postMessage, MESSAGE_MAX_LENGTH } from "@/lib/messages/post";
import { concludePratica, validateOperatorData } from "@/lib/pratiche/conclude";
import { getPratica } from "@/lib/pratiche/get";
import type { UploadInput } from "@/lib/pratiche/uploads";
import { STATUS } from "@/lib/workflow/states";
import { transition, type TransitionResult } from "@/lib/workflow/transition";
import { requireOperator } from "./scope";

/**
 * "Prendi in carico": assigns the pratica to the acting operator. Two operators pressing at once: one wins, the
 * other gets ConflictError "La pratica è già stata presa in carico da un altro operatore" (from the workflow).
 */
export async function takeInCharge(ctx: Ctx, praticaId: string): Promise<TransitionResult> {
  requireOperator(ctx);
  return transition(ctx, praticaId, "assign");
}

export const integrationRequestSchema = z.object({
  message: z.string().trim().min(1, "field.integration_message_required").max(MESSAGE_MAX_LENGTH),
});

/** "Richiesta integrazioni": asks the citizen for more documents; the message reaches them by email and in the iter. */
export async function requestIntegration(ctx: Ctx, praticaId: string, input: unknown): Promise<TransitionResult> {
  requireOperator(ctx);
  const parsed = integrationRequestSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_input", zodFieldErrors(parsed.error.issues));
  return transition(ctx, praticaId, "request_integration", { message: parsed.data.message });
}

export const decisionSchema = z.object({
  outcome: z.enum(["accepted", "rejected"], { error: "field.outcome_required" }),
  motivation: z.string().trim().min(1, "field.motivation_required").max(10_000),
  expectedVersion: z.coerce.number().int().min(0).optional(),
  /** Answers to the service's own Elabora steps (services.operator_steps), validated against them. */
  operatorData: z.record(z.string(), z.unknown()).default({}),
});

/**
 * The end of "Elabora": the decision with its motivation and the optional response file. A pratica whose
 * integrations have arrived goes back to "In carico" first (the workflow decides only from there).
 */
export async function decidePratica(ctx: Ctx, praticaId: string, input: unknown, responseFile?: UploadInput): Promise<TransitionResult> {
  requireOperator(ctx);
  const parsed = decisionSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("decision.invalid", zodFieldErrors(parsed.error.issues));
  const { pratica, service } = await getPratica(ctx, praticaId);
  let expectedVersion = parsed.data.expectedVersion;
  if (pratica.status === STATUS.integration_submitted) {
    // Checked before "resume" too, so refused answers leave the pratica untouched (concludePratica checks again).
    validateOperatorData(service, parsed.data.operatorData);
    // No message: the history says "resume" and the new state by itself, in the reader's language (a stored sentence would be Italian for everyone).
    const resumed = await transition(ctx, praticaId, "resume", { expectedVersion });
    expectedVersion = resumed.pratica.version;
  }
  return concludePratica(ctx, praticaId, {
    outcome: parsed.data.outcome,
    motivation: parsed.data.motivation,
    responseFile,
    operatorData: parsed.data.operatorData,
    expectedVersion,
  });
}

export const operatorMessageSchema = z.object({
  body: z.string().trim().min(1, "field.message_required").max(MESSAGE_MAX_LENGTH),
  internal: z.boolean().default(false),
});

/**
 * A message to the citizen, or an internal note for colleagues (never shown to the citizen), with files already
 * stored and type-checked by the upload path (visible to the citizen unless the message is an internal note).
 */
export async function postOperatorMessage(ctx: Ctx, praticaId: string, input: unknown, files: readonly StoredUpload[] = []): Promise<Message> {
  requireOperator(ctx);
  const parsed = operatorMessageSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("message.invalid", zodFieldErrors(parsed.error.issues));
  return postMessage(ctx, praticaId, { ...parsed.data, attachments: files.map((f) => ({ kind: "operator" as const, ...f })) });
}
