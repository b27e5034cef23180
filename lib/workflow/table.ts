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
] as const;
export type WorkflowEvent = (typeof EVENTS)[number];

/**
 * Named guards; `lib/workflow/guards.ts` evaluates them against the pratica, its service and the actor.
 * - applicant: a citizen acts only on their own pratica
 * - enabledOnService: an operator enabled on the pratica's service (partners: allowed on the service)
 * - assignedOperator: only the operator the pratica is assigned to (partners act as the back-office of record)
 * - protocolIfRequired: if the service requires protocol, only once registered (from 3000)
 * - allowWithdraw / allowReopen / allowIntegration: the service's options
 */
export type GuardName =
  | "applicant"
  | "enabledOnService"
  | "assignedOperator"
  | "protocolIfRequired"
  | "allowWithdraw"
  | "allowReopen"
  | "allowIntegration";

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
  { event: "submit", from: [STATUS.draft], to: STATUS.submitted, actors: ["citizen", "partner"], guards: ["applicant", "enabledOnService"] },
  { event: "register", from: [STATUS.submitted], to: STATUS.registered, actors: ["system", "partner"], guards: ["enabledOnService"] },
  { event: "assign", from: [STATUS.submitted, STATUS.registered], to: STATUS.pending, actors: ["operator", "partner"], guards: ["enabledOnService", "protocolIfRequired"] },
  { event: "request_integration", from: [STATUS.pending], to: STATUS.integration_requested, actors: ["operator", "partner"], guards: ["enabledOnService", "assignedOperator", "allowIntegration"], requires: ["message"] },
  { event: "submit_integration", from: [STATUS.integration_requested], to: STATUS.integration_submitted, actors: ["citizen"], guards: ["applicant"] },
  { event: "resume", from: [STATUS.integration_submitted], to: STATUS.pending, actors: ["system", "operator", "partner"], guards: ["enabledOnService", "assignedOperator"] },
  { event: "accept", from: [STATUS.pending], to: STATUS.accepted, actors: ["operator", "partner"], guards: ["enabledOnService", "assignedOperator"], requires: ["motivation"] },
  { event: "reject", from: [STATUS.pending], to: STATUS.rejected, actors: ["operator", "partner"], guards: ["enabledOnService", "assignedOperator"], requires: ["motivation"] },
  { event: "withdraw", from: [STATUS.submitted, STATUS.registered, STATUS.pending], to: STATUS.withdrawn, actors: ["citizen"], guards: ["applicant", "allowWithdraw"] },
  { event: "reopen", from: [STATUS.accepted, STATUS.rejected], to: STATUS.pending, actors: ["admin"], guards: ["allowReopen"], requires: ["message"] },
  // Drafts are the citizen's own and invisible to the municipality, so revoke starts at submission.
  { event: "revoke", from: NON_FINAL_SUBMITTED, to: STATUS.revoked, actors: ["admin"], guards: [], requires: ["message"] },
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
