import { pick, type Lang } from "@/lib/i18n";
import { workflowTexts } from "@/lib/i18n/workflow";
import type { ActorKind } from "@/lib/context";
import { STATUS, type StatusCode } from "./states";

export const EVENTS = [
  "submit",
  "register",
  "assign",
  "request_integration",
  "submit_integration",
  "resume",
  "accept",
  "reject",
  "withdraw",
  "reopen",
  "revoke",
  "require_payment",
  "request_payment",
  "start_payment",
  "confirm_payment",
  "fail_payment",
  "expire_payment",
  "cancel_payment",
] as const;
export type WorkflowEvent = (typeof EVENTS)[number];

/**
 * Named guards; `lib/workflow/guards.ts` evaluates them against the pratica, its service and the actor.
 * - applicant: a citizen acts only on their own pratica
 * - enabledOnService: an operator enabled on the pratica's service (partners: allowed on the service)
 * - assignedOperator: only the operator the pratica is assigned to (partners act as the back-office of record)
 * - protocolIfRequired: if the service requires protocol, only once registered (from 3000)
 * - allowWithdraw / allowReopen / allowIntegration: the service's options
 * - noFeesDue: a citizen submits a draft directly only when the service's fees come to nothing for its answers
 * - feesDue: the opposite, for asking the payment before submission
 * - beforeSubmission / afterSubmission: an upfront payment (never submitted) or a deferred one (submitted)
 */
export type GuardName =
  | "applicant"
  | "enabledOnService"
  | "assignedOperator"
  | "protocolIfRequired"
  | "allowWithdraw"
  | "allowReopen"
  | "allowIntegration"
  | "noFeesDue"
  | "feesDue"
  | "beforeSubmission"
  | "afterSubmission";

export type TransitionDef = {
  event: WorkflowEvent;
  from: readonly StatusCode[];
  to: StatusCode;
  actors: readonly ActorKind[];
  guards: readonly GuardName[];
  /** Input the event cannot go without. */
  requires?: readonly ("motivation" | "message")[];
};

const NON_FINAL_SUBMITTED: StatusCode[] = [
  STATUS.submitted,
  STATUS.registered,
  STATUS.pending,
  STATUS.integration_requested,
  STATUS.integration_submitted,
];

/** The one transition table. The UI, the API and the tests all read it. */
export const TRANSITIONS: readonly TransitionDef[] = [
  // A paid upfront payment submits the pratica: the system does it, the moment the payment is confirmed.
  { event: "submit", from: [STATUS.draft, STATUS.paid], to: STATUS.submitted, actors: ["citizen", "partner", "system"], guards: ["applicant", "enabledOnService", "noFeesDue", "beforeSubmission"] },
  { event: "register", from: [STATUS.submitted], to: STATUS.registered, actors: ["system", "partner"], guards: ["enabledOnService"] },
  { event: "assign", from: [STATUS.submitted, STATUS.registered], to: STATUS.pending, actors: ["operator", "partner"], guards: ["enabledOnService", "protocolIfRequired"] },
  { event: "request_integration", from: [STATUS.pending], to: STATUS.integration_requested, actors: ["operator", "partner"], guards: ["enabledOnService", "assignedOperator", "allowIntegration"], requires: ["message"] },
  { event: "submit_integration", from: [STATUS.integration_requested], to: STATUS.integration_submitted, actors: ["citizen"], guards: ["applicant"] },
  { event: "resume", from: [STATUS.integration_submitted, STATUS.paid], to: STATUS.pending, actors: ["system", "operator", "partner"], guards: ["enabledOnService", "assignedOperator", "afterSubmission"] },
  { event: "accept", from: [STATUS.pending], to: STATUS.accepted, actors: ["operator", "partner"], guards: ["enabledOnService", "assignedOperator"], requires: ["motivation"] },
  { event: "reject", from: [STATUS.pending], to: STATUS.rejected, actors: ["operator", "partner"], guards: ["enabledOnService", "assignedOperator"], requires: ["motivation"] },
  { event: "withdraw", from: [STATUS.submitted, STATUS.registered, STATUS.pending], to: STATUS.withdrawn, actors: ["citizen"], guards: ["applicant", "allowWithdraw"] },
  { event: "reopen", from: [STATUS.accepted, STATUS.rejected], to: STATUS.pending, actors: ["admin"], guards: ["allowReopen"], requires: ["message"] },
  // Drafts are the citizen's own and invisible to the municipality, so revoke starts at submission.
  { event: "revoke", from: NON_FINAL_SUBMITTED, to: STATUS.revoked, actors: ["admin"], guards: [], requires: ["message"] },
  // Payments (lib/payments/workflow.ts). Upfront: the citizen's draft waits for its payment before submission.
  { event: "require_payment", from: [STATUS.draft], to: STATUS.payment_pending, actors: ["citizen"], guards: ["applicant", "feesDue"] },
  // Deferred: during processing the operator asks for an amount with its reason.
  { event: "request_payment", from: [STATUS.pending], to: STATUS.payment_pending, actors: ["operator", "partner"], guards: ["enabledOnService", "assignedOperator"], requires: ["message"] },
  { event: "start_payment", from: [STATUS.payment_pending, STATUS.payment_failed], to: STATUS.payment_outcome_pending, actors: ["citizen"], guards: ["applicant"] },
  // Only the provider's confirmation (callback or reconciliation) marks a pratica paid: the system's events.
  { event: "confirm_payment", from: [STATUS.payment_pending, STATUS.payment_outcome_pending, STATUS.payment_failed], to: STATUS.paid, actors: ["system"], guards: [] },
  { event: "fail_payment", from: [STATUS.payment_pending, STATUS.payment_outcome_pending], to: STATUS.payment_failed, actors: ["system"], guards: [] },
  // An upfront position unpaid past its due day: the draft comes back to the citizen, who can submit again.
  { event: "expire_payment", from: [STATUS.payment_pending, STATUS.payment_outcome_pending, STATUS.payment_failed], to: STATUS.draft, actors: ["system"], guards: ["beforeSubmission"] },
  // A deferred payment withdrawn by the operator, or expired: processing resumes without it.
  { event: "cancel_payment", from: [STATUS.payment_pending, STATUS.payment_failed], to: STATUS.pending, actors: ["system", "operator", "partner"], guards: ["enabledOnService", "assignedOperator", "afterSubmission"], requires: ["message"] },
];

const BY_EVENT = new Map(TRANSITIONS.map((t) => [t.event, t]));

export function isWorkflowEvent(value: string): value is WorkflowEvent {
  return (EVENTS as readonly string[]).includes(value);
}

export function transitionFor(event: WorkflowEvent): TransitionDef {
  const def = BY_EVENT.get(event);
  if (!def) throw new Error(`no transition for ${event}`);
  return def;
}

/** Events the table allows from a status, optionally only those an actor kind may fire (guards aside). */
export function eventsFrom(status: number, actorKind?: ActorKind): WorkflowEvent[] {
  return TRANSITIONS.filter(
    (t) => (t.from as readonly number[]).includes(status) && (!actorKind || t.actors.includes(actorKind)),
  ).map((t) => t.event);
}

/** An event's name in a language, as a button or a history line says it (texts in lib/i18n/workflow.ts). */
export function eventLabel(event: WorkflowEvent, lang: Lang = "it"): string {
  return pick(workflowTexts, lang).event[event];
}
