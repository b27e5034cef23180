import { pick, type Lang } from "@/lib/i18n";
import { workflowTexts } from "@/lib/i18n/workflow";

/** Workflow states with Stanza del Cittadino's numeric codes, so partner integrations carry over. */
export const STATUS = {
  draft: 1000,
  /** Payment asked (before submission, or during processing) and not yet paid. */
  payment_pending: 1500,
  /** The citizen went to the checkout; its outcome is awaited. */
  payment_outcome_pending: 1510,
  /** Paid; the pratica is submitted (upfront) or resumes (deferred) at once. */
  paid: 1520,
  /** The last attempt was refused or abandoned; the citizen can try again. */
  payment_failed: 1530,
  submitted: 2000,
  registered: 3000,
  pending: 4000,
  integration_requested: 4100,
  integration_submitted: 4300,
  accepted: 7000,
  rejected: 9000,
  withdrawn: 20000,
  revoked: 50000,
} as const;

export type StatusName = keyof typeof STATUS;
export type StatusCode = (typeof STATUS)[StatusName];

export const STATUS_CODES = Object.values(STATUS) as StatusCode[];


/** Final states: nothing but an admin's reopen (accepted/rejected) leaves them. */
export const FINAL_STATUSES: readonly StatusCode[] = [7000, 9000, 20000, 50000];
/** "Concluse" on the operator's dashboard: decided either way. */
export const CONCLUDED_STATUSES: readonly StatusCode[] = [7000, 9000];
/** Submitted and waiting for an operator to take them in charge. */
export const TO_ASSIGN_STATUSES: readonly StatusCode[] = [2000, 3000];
/** The payment states (before submission for an upfront payment, during processing for a deferred one). */
export const PAYMENT_STATUSES: readonly StatusCode[] = [1500, 1510, 1520, 1530];
/** Assigned and not yet decided (a deferred payment's states included: those pratiche have been submitted). */
export const OPEN_ASSIGNED_STATUSES: readonly StatusCode[] = [4000, 4100, 4300, 1500, 1510, 1520, 1530];

export function isStatusCode(n: number): n is StatusCode {
  return (STATUS_CODES as number[]).includes(n);
}

export function statusName(code: number): StatusName | undefined {
  return (Object.keys(STATUS) as StatusName[]).find((k) => STATUS[k] === code);
}

/** A state's name in a language (texts in lib/i18n/workflow.ts). */
export function statusLabel(code: number, lang: Lang = "it"): string {
  return isStatusCode(code) ? pick(workflowTexts, lang).status[`${code}`] : String(code);
}
