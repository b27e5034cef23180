import { createHmac } from "node:crypto";
import { and, count, eq, gt, min } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { feedbackRatings, services, type Ente } from "@/db/schema";
import { claimAttempt, type ThrottlePolicy } from "@/lib/auth/throttle";
import { isCleanText } from "@/lib/edge/text";
import { NotFoundError, RateLimitedError } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";
import { COMMENT_MAX, NEGATIVE_ANSWERS, PAGE_KEY, POSITIVE_ANSWERS, isPositive, parsePageKey, type FeedbackAnswer } from "./answers";

/**
 * What the rating form posts. Both follow-up questions are in the form (CSS shows the one that fits the stars),
 * so both may arrive: the one of the chosen rating counts, the other is what the citizen saw before changing
 * their mind, and is dropped. Browsers send a textarea's new lines as CRLF: they count as one character, as
 * the textarea's own `maxlength` counts them.
 */
export const feedbackInput = z.object({
  page: z.string().regex(PAGE_KEY),
  rating: z.coerce.number().int().min(1).max(5),
  answerPositive: z.enum(POSITIVE_ANSWERS).optional(),
  answerNegative: z.enum(NEGATIVE_ANSWERS).optional(),
  comment: z
    .string()
    .optional()
    .transform((s) => (s ?? "").replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(COMMENT_MAX).refine(isCleanText, { message: "field.control_chars" })),
});
export type FeedbackInput = z.input<typeof feedbackInput>;

/**
 * Anti-abuse, with no personal data kept: per client address (when it is known, see lib/auth/client-address.ts)
 * the login throttle's growing delays after a few ratings in a row, keyed by an HMAC of the address so no address
 * is stored; and per ente a ceiling of ratings an hour, which holds even when the address is unknown.
 */
export const FEEDBACK_ADDRESS_POLICY: ThrottlePolicy = { freeAttempts: 10, maxDelayS: 15 * 60 };
export const FEEDBACK_PER_ENTE_HOURLY = 300;
const HOUR_MS = 3_600_000;

/** The throttle key of a client address on an ente: a keyed hash, not reversible without the server's secret. */
export function feedbackClientKey(secret: string, enteId: string, address: string): string {
  return `feedback:${createHmac("sha256", secret).update(`${enteId}\0${address}`).digest("base64url").slice(0, 32)}`;
}

export type SubmitFeedbackOptions = { lang: Lang; clientKey: string | null; now?: Date; perEnteHourly?: number };

/** Records one anonymous rating of a page of the ente. The page must name a service of this ente. */
export async function submitFeedback(db: DbOrTx, ente: Ente, raw: unknown, opts: SubmitFeedbackOptions): Promise<{ id: string }> {
  const input = feedbackInput.parse(raw);
  const now = opts.now ?? new Date();
  const page = parsePageKey(input.page);
  if (!page) throw new NotFoundError("page.not_found");
  const [service] = await db.select({ id: services.id, status: services.status }).from(services).where(and(eq(services.enteId, ente.id), eq(services.slug, page.slug)));
  // A private service has no public page to rate; its applications (flow end) may still be rated by their citizens.
  if (!service || (page.kind === "service" && service.status === "private")) throw new NotFoundError("page.not_found");

  if (opts.clientKey) {
    const claim = await claimAttempt(db, opts.clientKey, FEEDBACK_ADDRESS_POLICY, now);
    if (!claim.ok) throw new RateLimitedError(claim.retryAfterS);
  }
  const since = new Date(now.getTime() - HOUR_MS);
  const [recent] = await db
    .select({ n: count(), oldest: min(feedbackRatings.createdAt) })
    .from(feedbackRatings)
    .where(and(eq(feedbackRatings.enteId, ente.id), gt(feedbackRatings.createdAt, since)));
  if ((recent?.n ?? 0) >= (opts.perEnteHourly ?? FEEDBACK_PER_ENTE_HOURLY)) {
    const oldest = recent?.oldest ? new Date(recent.oldest).getTime() : now.getTime();
    throw new RateLimitedError(Math.max(1, Math.ceil((oldest + HOUR_MS - now.getTime()) / 1000)));
  }

  const answer: FeedbackAnswer | null = (isPositive(input.rating) ? input.answerPositive : input.answerNegative) ?? null;
  const [row] = await db
    .insert(feedbackRatings)
    .values({ enteId: ente.id, page: input.page, serviceId: service.id, rating: input.rating, answer, comment: input.comment || null, lang: opts.lang, createdAt: now })
    .returning({ id: feedbackRatings.id });
  if (!row) throw new Error("feedback insert failed");
  return row;
}
