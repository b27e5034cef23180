import type { ActionFailure } from "@/lib/edge/failure";
import { PAGE_KEY } from "./answers";

/**
 * The rating form is a plain HTML form (no script needed): it posts to /{ente}/valutazione, which answers with a
 * 303 back to the page. What happened travels back in a short-lived cookie scoped to the ente, naming the page
 * and an outcome key (never a text): the component of that page shows the thanks or the refusal in words.
 */
export const FEEDBACK_COOKIE = "stanza_valutazione";
export const FEEDBACK_FLASH_SECONDS = 120;
export const FEEDBACK_OUTCOMES = ["ok", "rating", "answer", "too_long", "too_many", "generic"] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

/** A refusal as an outcome key, by the field it concerns or its code. */
export function feedbackOutcome(failure: Pick<ActionFailure, "code" | "fieldErrors">): Exclude<FeedbackOutcome, "ok"> {
  if (failure.code === "request.rate_limited") return "too_many";
  if (failure.fieldErrors.rating) return "rating";
  if (failure.fieldErrors.answerPositive || failure.fieldErrors.answerNegative) return "answer";
  if (failure.fieldErrors.comment) return "too_long";
  return "generic";
}

export function encodeFlash(outcome: FeedbackOutcome, page: string): string {
  return `${outcome}~${page}`;
}

/** The outcome the cookie holds for `page`; null for another page, or anything that is not such a value. */
export function readFlash(value: string | undefined, page: string): FeedbackOutcome | null {
  if (!value) return null;
  const [outcome, key, extra] = value.split("~");
  if (extra !== undefined || key !== page || !PAGE_KEY.test(key)) return null;
  return (FEEDBACK_OUTCOMES as readonly string[]).includes(outcome ?? "") ? (outcome as FeedbackOutcome) : null;
}

/** Where the form's `back` field may send the citizen: a plain path of this ente (no query, no other host). */
const BACK_PATH = /^\/[a-z0-9-]+(?:\/[A-Za-z0-9_-]+){0,6}$/;
export function backPath(enteSlug: string, back: unknown): string {
  return typeof back === "string" && back.length <= 300 && BACK_PATH.test(back) && (back === `/${enteSlug}` || back.startsWith(`/${enteSlug}/`)) ? back : `/${enteSlug}`;
}
