import { and, desc, eq, isNull } from "drizzle-orm";
import { pratiche, protocolEntries, services, users, type Service } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { buildFormSchema } from "@/lib/services/form-schema";
import { getStorage, storedHead, withStoredFiles } from "@/lib/storage";
import { acceptedType, safeFilename } from "@/lib/storage/sniff";
import { transition, type TransitionAttachment, type TransitionResult } from "@/lib/workflow/transition";
import { registerBuiltin } from "@/lib/protocol/builtin";
import type { UploadInput } from "./uploads";

export const RESPONSE_FILE_TYPES = [
  "application/pdf",
  "image/jpeg",
  "image/png",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.oasis.opendocument.text",
] as const;
export const RESPONSE_FILE_MAX_BYTES = 20 * 1024 * 1024;

/** The operator's answers to the service's own Elabora steps, checked with the rules the browser uses. */
export function validateOperatorData(service: Pick<Service, "operatorSteps">, data: unknown, lang?: "it" | "en"): Record<string, unknown> {
  const parsed = buildFormSchema({ pages: service.operatorSteps }, { lang }).safeParse(data ?? {});
  if (!parsed.success) throw new ValidationError("decision.steps_invalid", zodFieldErrors(parsed.error.issues));
  return parsed.data as Record<string, unknown>;
}

/**
 * The standard two-step decision: approve or reject with a motivation, and an optional response file from the
 * operator. `accept`/`reject` queues the "outcome ready" email and the outbound protocol request; the outcome act
 * (provvedimento, lib/acts) is issued, sealed and made visible to the citizen once that request has its number.
 * Services with their own Elabora steps (services.operator_steps) need `operatorData` from an operator, validated
 * with the same rules as the browser and stored on the pratica in the decision's transaction. A partner deciding
 * as the back-office of record (the API's accept/reject) has done its instruction in its own system: it sends no
 * step answers and the pratica keeps the ones it has. `message` and `meta` go to the iter and the audit row.
 */
export async function concludePratica(
  ctx: Ctx,
  praticaId: string,
  input: {
    outcome: "accepted" | "rejected";
    motivation: string;
    responseFile?: UploadInput;
    operatorData?: Record<string, unknown>;
    expectedVersion?: number;
    message?: string;
    meta?: Record<string, unknown>;
    at?: Date;
    lang?: "it" | "en";
  },
): Promise<TransitionResult> {
  const at = input.at ?? new Date();
  const [pratica] = await ctx.db.select().from(pratiche).where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, ctx.ente.id)));
  if (!pratica) throw new NotFoundError("pratica.not_found");
  const [service] = await ctx.db.select().from(services).where(eq(services.id, pratica.serviceId));
  const [applicant] = await ctx.db.select().from(users).where(eq(users.id, pratica.applicantId));
  if (!service || !applicant) throw new NotFoundError("pratica.not_found");

  const storage = await getStorage();
  return withStoredFiles(storage, async (stepFiles) => {
    const files: TransitionAttachment[] = [];
    if (input.responseFile) {
      const tooLarge = () => new PayloadTooLargeError("response_file.too_large", {}, { field: "responseFile" });
      const stored = await stepFiles.put(input.responseFile.body, { maxBytes: RESPONSE_FILE_MAX_BYTES, prefix: "responses", tooLarge });
      const head = await storedHead(storage, stored);
      const mimeType = acceptedType(head, RESPONSE_FILE_TYPES, input.responseFile.declaredType);
      if (!mimeType) throw new UnsupportedMediaTypeError("response_file.bad_type", {}, { field: "responseFile" });
      files.push({ kind: "operator", purpose: "response", filename: safeFilename(input.responseFile.filename, "risposta"), mimeType, storageKey: stored.storageKey, size: stored.size, sha256: stored.sha256 });
    }
    const operatorData = ctx.actor.kind === "partner" ? undefined : validateOperatorData(service, input.operatorData, input.lang);

    // One transaction: the decision and, with the built-in registry, the outbound protocol number and the act
    // that carries it (lib/acts/issue.ts, called by registerBuiltin). An external registry numbers the outcome
    // later; its answer issues the act then (lib/protocol/answers.ts).
    return ctx.db.transaction(async (tx) => {
      const result = await transition({ ...ctx, db: tx }, praticaId, input.outcome === "accepted" ? "accept" : "reject", {
        motivation: input.motivation,
        message: input.message,
        meta: input.meta,
        expectedVersion: input.expectedVersion,
        attachments: files,
        operatorData,
        at,
      });
      if (service.protocolMode !== "external") {
        const [request] = await tx
          .select({ id: protocolEntries.id })
          .from(protocolEntries)
          .where(and(eq(protocolEntries.praticaId, praticaId), eq(protocolEntries.documentKind, "outcome"), eq(protocolEntries.status, "requested"), isNull(protocolEntries.requestId)))
          .orderBy(desc(protocolEntries.createdAt))
          .limit(1);
        if (request) await registerBuiltin(tx, request.id, at);
      }
      return result;
    });
  });
}
