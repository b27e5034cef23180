/**
 * The rating component's vocabulary as stable codes. The Italian sentences the AgID validator reads are in
 * lib/i18n/feedback.ts, keyed by these codes; the database keeps the code, so a reworded text keeps its history.
 * 4–5 stars ask what went well, 1–3 stars where it went wrong (the validator's threshold: above 3 is positive).
 */
export const POSITIVE_ANSWERS = ["clear", "complete", "on_track", "no_tech_issues", "other"] as const;
export const NEGATIVE_ANSWERS = ["unclear", "incomplete", "lost", "tech_issues", "other"] as const;
export type PositiveAnswer = (typeof POSITIVE_ANSWERS)[number];
export type NegativeAnswer = (typeof NEGATIVE_ANSWERS)[number];
export type FeedbackAnswer = PositiveAnswer | NegativeAnswer;

export const RATINGS = [1, 2, 3, 4, 5] as const;
export type Rating = (typeof RATINGS)[number];

/** Ratings above this are positive. */
export const POSITIVE_ABOVE = 3;
export const isPositive = (rating: number) => rating > POSITIVE_ABOVE;

/** Free text a citizen may add, at most this many characters. */
export const COMMENT_MAX = 500;

/** The answers that belong to a rating's follow-up question. */
export function answersFor(rating: number): readonly FeedbackAnswer[] {
  return isPositive(rating) ? POSITIVE_ANSWERS : NEGATIVE_ANSWERS;
}

/**
 * Where a rating was given. `service:<slug>` is a service's information sheet, `flow-end:<slug>` the page a
 * citizen sees at the end of the service's request flow; both name a service of the ente.
 */
export const PAGE_KINDS = ["service", "flow-end"] as const;
export type FeedbackPageKind = (typeof PAGE_KINDS)[number];
export const PAGE_KEY = /^(service|flow-end):([a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?)$/;

export function pageKey(kind: FeedbackPageKind, serviceSlug: string): string {
  return `${kind}:${serviceSlug}`;
}

export function parsePageKey(key: string): { kind: FeedbackPageKind; slug: string } | null {
  const m = PAGE_KEY.exec(key);
  return m ? { kind: m[1] as FeedbackPageKind, slug: m[2] as string } : null;
}
