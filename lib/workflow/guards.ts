import type { ErrorCode } from "@/lib/i18n/errors";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { operatorServices, partnerServices, type Pratica, type Service } from "@/db/schema";
import type { Actor } from "@/lib/context";
import { computeDue } from "@/lib/payments/fees";
import { listActiveFees } from "@/lib/payments/service-fees";
import { STATUS } from "./states";
import type { GuardName } from "./table";

export type GuardFailure = { guard: GuardName; code: ErrorCode; kind: "forbidden" | "state" };

export async function isOperatorEnabled(db: DbOrTx, userId: string, serviceId: string): Promise<boolean> {
  const rows = await db
    .select({ u: operatorServices.userId })
    .from(operatorServices)
    .where(and(eq(operatorServices.userId, userId), eq(operatorServices.serviceId, serviceId)))
    .limit(1);
  return rows.length > 0;
}

export async function isPartnerEnabled(db: DbOrTx, partnerId: string, serviceId: string): Promise<boolean> {
  const rows = await db
    .select({ p: partnerServices.partnerId })
    .from(partnerServices)
    .where(and(eq(partnerServices.partnerId, partnerId), eq(partnerServices.serviceId, serviceId), isNull(partnerServices.disabledAt)))
    .limit(1);
  return rows.length > 0;
}

/** Evaluates one guard; returns why it fails, or null when it holds. */
export async function checkGuard(
  db: DbOrTx,
  guard: GuardName,
  actor: Actor,
  pratica: Pratica,
  service: Service,
): Promise<GuardFailure | null> {
  const fail = (code: ErrorCode, kind: GuardFailure["kind"] = "forbidden"): GuardFailure => ({ guard, code, kind });
  switch (guard) {
    case "applicant":
      return actor.kind === "citizen" && actor.userId !== pratica.applicantId ? fail("guard.not_applicant") : null;
    case "enabledOnService":
      if (actor.kind === "operator" && !(await isOperatorEnabled(db, actor.userId, service.id)))
        return fail("operator.not_enabled_service");
      if (actor.kind === "partner" && !(await isPartnerEnabled(db, actor.partnerId, service.id)))
        return fail("partner.not_enabled_service");
      return null;
    case "assignedOperator":
      return actor.kind === "operator" && pratica.assignedOperatorId !== actor.userId
        ? fail("guard.not_assigned")
        : null;
    case "protocolIfRequired":
      return service.protocolRequired && pratica.status !== STATUS.registered
        ? fail("guard.awaiting_protocol", "state")
        : null;
    case "allowWithdraw":
      return service.allowWithdraw ? null : fail("guard.no_withdraw", "state");
    case "allowReopen":
      return service.allowReopen ? null : fail("guard.no_reopen", "state");
    case "allowIntegration":
      return service.allowIntegrationRequests ? null : fail("guard.no_integration", "state");
    case "noFeesDue":
      // Only a citizen's own submission of a draft: a paid pratica is submitted by the system, a partner's system
      // takes its own payments.
      if (actor.kind !== "citizen" || pratica.status !== STATUS.draft) return null;
      return (await amountDue(db, pratica, service)) > 0 ? fail("guard.fees_due", "state") : null;
    case "feesDue":
      return (await amountDue(db, pratica, service)) > 0 ? null : fail("guard.no_fees_due", "state");
    case "beforeSubmission":
      return pratica.submittedAt ? fail("guard.already_submitted", "state") : null;
    case "afterSubmission":
      return pratica.submittedAt ? null : fail("guard.not_submitted", "state");
  }
}

/** What the service's active fees come to for the pratica's answers (an answer that cannot be computed: due, so refused). */
async function amountDue(db: DbOrTx, pratica: Pratica, service: Service): Promise<number> {
  const fees = await listActiveFees(db, { id: service.enteId }, service.id);
  if (fees.length === 0) return 0;
  const due = computeDue(fees, pratica.formData as Record<string, unknown>);
  return due.ok ? due.totalCents : Number.MAX_SAFE_INTEGER;
}
