import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { memberships, users, verificationTokens, type Ente, type User } from "@/db/schema";
import { sendSignInLink } from "./send-sign-in-link";
import { ADDRESS_POLICY, claimAttempt, type ThrottlePolicy } from "./throttle";

/**
 * Sign-in by email link (a custom, Credentials-style magic link rather than Auth.js's email provider, which
 * would need a full adapter). Tokens are 32 random bytes, stored only as their sha256 in `verification_tokens`,
 * valid for 24 hours and single use: the row is deleted by the same statement that checks it.
 *
 * An address we do not know becomes a new citizen without codice fiscale (the form's codice fiscale field is
 * then filled by hand; SPID/CIE remains the way to an identity-backed profile). Staff addresses are refused:
 * staff log in with their password in the back-office.
 */
// 24 hours, as Auth.js's email provider and as the email itself says (lib/notifications/texts.ts).
export const SIGN_IN_LINK_TTL_MS = 24 * 60 * 60_000;
/**
 * Links one email address may request: a few at once, then growing delays (2 s, 4 s, … up to 15 minutes), so
 * nobody can flood a mailbox, and nobody can keep its owner from getting a link for longer than the delay.
 */
export const SIGN_IN_LINK_POLICY: ThrottlePolicy = { freeAttempts: 3, maxDelayS: 15 * 60 };

export const signInEmailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

const identifierOf = (email: string) => `email:${email}`;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type RequestLinkResult = { ok: true } | { ok: false; reason: "invalid" | "disabled" } | { ok: false; reason: "throttled"; retryAfterS: number };

export async function requestSignInLink(
  db: DbOrTx,
  ente: Ente,
  rawEmail: unknown,
  opts: { appUrl: string; lang: "it" | "en"; next?: string; now?: Date; clientAddress?: string | null },
): Promise<RequestLinkResult> {
  // Off unless the ente turned it on (admin settings): an email proves a mailbox, not an identity.
  if (!ente.emailLoginEnabled) return { ok: false, reason: "disabled" };
  const parsed = signInEmailSchema.safeParse(rawEmail);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const email = parsed.data;
  const now = opts.now ?? new Date();
  // Per sender address too, when it can be known (TRUST_PROXY): one client asking links for many addresses.
  if (opts.clientAddress) {
    const byAddress = await claimAttempt(db, `sign-in-link-addr:${opts.clientAddress}`, ADDRESS_POLICY, now);
    if (!byAddress.ok) return { ok: false, reason: "throttled", retryAfterS: byAddress.retryAfterS };
  }
  const claim = await claimAttempt(db, `sign-in-link:${email}`, SIGN_IN_LINK_POLICY, now);
  if (!claim.ok) return { ok: false, reason: "throttled", retryAfterS: claim.retryAfterS };
  const token = randomBytes(32).toString("base64url");
  await db.transaction(async (tx) => {
    // Expired tokens of this address go; live ones stay valid (an earlier email may arrive late).
    await tx.delete(verificationTokens).where(and(eq(verificationTokens.identifier, identifierOf(email)), lt(verificationTokens.expires, now)));
    await tx.insert(verificationTokens).values({ identifier: identifierOf(email), token: hashToken(token), expires: new Date(now.getTime() + SIGN_IN_LINK_TTL_MS) });
    const url = new URL(`${opts.appUrl}/${ente.slug}/accedi/email`);
    url.searchParams.set("email", email);
    url.searchParams.set("token", token);
    if (opts.next) url.searchParams.set("next", opts.next);
    await sendSignInLink(tx, { enteId: ente.id, email, url: url.toString(), lang: opts.lang });
  });
  return { ok: true };
}

/** Spends a link: the citizen it signs in (created on first use), or null when the link is wrong, used or expired. */
export async function consumeSignInLink(db: DbOrTx, input: unknown, now = new Date()): Promise<User | null> {
  const parsed = z.object({ email: signInEmailSchema, token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).safeParse(input);
  if (!parsed.success) return null;
  const { email, token } = parsed.data;
  return db.transaction(async (tx) => {
    const spent = await tx
      .delete(verificationTokens)
      .where(and(eq(verificationTokens.identifier, identifierOf(email)), eq(verificationTokens.token, hashToken(token)), gt(verificationTokens.expires, now)))
      .returning({ token: verificationTokens.token });
    if (spent.length === 0) return null;
    const [existing] = await tx.select().from(users).where(eq(users.email, email));
    if (existing) {
      if (existing.disabledAt) return null;
      const staff = await tx.select({ u: memberships.userId }).from(memberships).where(eq(memberships.userId, existing.id)).limit(1);
      if (staff.length > 0) return null;
      const [updated] = await tx.update(users).set({ emailVerifiedAt: existing.emailVerifiedAt ?? now, lastLoginAt: now }).where(eq(users.id, existing.id)).returning();
      return updated ?? existing;
    }
    const [created] = await tx
      .insert(users)
      .values({ email, name: email, emailVerifiedAt: now, lastLoginAt: now })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (created) return created;
    // Created by a concurrent first sign-in of the same address.
    const [raced] = await tx.select().from(users).where(eq(users.email, email));
    return raced ?? null;
  });
}
