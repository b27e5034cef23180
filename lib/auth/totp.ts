import { createHmac, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { enti, memberships, users } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
import { completeSessionMfa, endUserSessions } from "./sessions";
import { ACCOUNT_POLICY, claimAttempt, clearAttempts } from "./throttle";

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 30-second steps, 6 digits, what every
 * authenticator app speaks. A code is accepted for the current step and one step either side (clock drift), and
 * never twice: the last accepted step is stored and a code must be for a later one.
 */
const STEP_S = 30;
const DIGITS = 6;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, "");
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error("not base32");
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new 160-bit secret, base32 (RFC 4226 recommends the hash's length). */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export const totpStep = (now: Date) => Math.floor(now.getTime() / 1000 / STEP_S);

/** The code of one step (HOTP with the step as counter). */
export function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS;
  return String(binary).padStart(DIGITS, "0");
}

/** The step a code matches within ±1 step of `now` and after `lastStep`, or null. */
export function matchTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  const clean = code.replace(/\s/g, "");
  if (!/^[0-9]{6}$/.test(clean)) return null;
  const current = totpStep(now);
  for (const step of [current - 1, current, current + 1]) {
    if (lastStep !== null && step <= lastStep) continue;
    if (totpCode(secret, step) === clean) return step;
  }
  return null;
}

/** The otpauth:// URI authenticator apps import (as text or QR code). */
export function otpauthUri(secret: string, opts: { issuer: string; account: string }): string {
  const label = encodeURIComponent(`${opts.issuer}:${opts.account}`);
  const q = new URLSearchParams({ secret, issuer: opts.issuer, algorithm: "SHA1", digits: String(DIGITS), period: String(STEP_S) });
  return `otpauth://totp/${label}?${q.toString()}`;
}

/**
 * Spends a code for a user: true once per step. The conditional update makes two concurrent uses of the same
 * code (or an older one) let exactly one through.
 */
async function spendCode(db: DbOrTx, userId: string, secret: string, code: string, lastStep: number | null, now: Date): Promise<boolean> {
  const step = matchTotp(secret, code, now, lastStep);
  if (step === null) return false;
  const spent = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return spent.length === 1;
}

/** Starts (or restarts) an enrolment: a new secret, not yet active. Refused while a factor is active. */
export async function startTotpEnrolment(db: DbOrTx, userId: string): Promise<string> {
  const secret = generateTotpSecret();
  const updated = await db
    .update(users)
    .set({ totpSecret: secret, totpLastStep: null, updatedAt: new Date() })
    .where(and(eq(users.id, userId), isNull(users.totpEnabledAt)))
    .returning({ id: users.id });
  if (updated.length !== 1) throw new ValidationError("totp.already_enabled");
  return secret;
}

export type TotpResult = { ok: true } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAfterS: number };

async function throttled(db: DbOrTx, userId: string, now: Date): Promise<TotpResult | null> {
  // Six digits are guessable without a limit: the same growing delays as passwords, per user.
  const claim = await claimAttempt(db, `totp:${userId}`, ACCOUNT_POLICY, now);
  return claim.ok ? null : { ok: false, reason: "throttled", retryAfterS: claim.retryAfterS };
}

/** Confirms an enrolment with a first code from the app: the factor is active from now on. */
export async function confirmTotpEnrolment(db: DbOrTx, userId: string, code: string, now = new Date()): Promise<TotpResult> {
  const refused = await throttled(db, userId, now);
  if (refused) return refused;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.totpSecret || user.totpEnabledAt) return { ok: false, reason: "invalid" };
  if (!(await spendCode(db, userId, user.totpSecret, code, user.totpLastStep, now))) return { ok: false, reason: "invalid" };
  await db.update(users).set({ totpEnabledAt: now, updatedAt: now }).where(eq(users.id, userId));
  await clearAttempts(db, `totp:${userId}`);
  return { ok: true };
}

/** The second step of a login: a right code turns the pending session into a full one. */
export async function verifySessionTotp(db: DbOrTx, input: { userId: string; sessionId: string; code: string }, now = new Date()): Promise<TotpResult> {
  const refused = await throttled(db, input.userId, now);
  if (refused) return refused;
  const [user] = await db.select().from(users).where(eq(users.id, input.userId));
  if (!user?.totpSecret || !user.totpEnabledAt) return { ok: false, reason: "invalid" };
  if (!(await spendCode(db, user.id, user.totpSecret, input.code, user.totpLastStep, now))) return { ok: false, reason: "invalid" };
  await completeSessionMfa(db, input.sessionId);
  await clearAttempts(db, `totp:${input.userId}`);
  return { ok: true };
}

/** Whether an ente this user administers requires admins to have a second factor. */
export async function totpRequiredFor(db: DbOrTx, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: enti.id })
    .from(memberships)
    .innerJoin(enti, eq(enti.id, memberships.enteId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, "admin"), isNull(memberships.disabledAt), eq(enti.requireAdminTotp, true)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Turns the factor off, with a current code as proof; refused where an ente requires it. Every session of the
 * user ends (they were opened with a factor that no longer exists), in the same transaction.
 */
export async function disableTotp(db: DbOrTx, userId: string, code: string, now = new Date()): Promise<TotpResult> {
  if (await totpRequiredFor(db, userId)) throw new ValidationError("totp.required_by_ente");
  const refused = await throttled(db, userId, now);
  if (refused) return refused;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.totpSecret || !user.totpEnabledAt) return { ok: false, reason: "invalid" };
  if (!(await spendCode(db, userId, user.totpSecret, code, user.totpLastStep, now))) return { ok: false, reason: "invalid" };
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: now }).where(eq(users.id, userId));
    await endUserSessions(tx, userId);
  });
  await clearAttempts(db, `totp:${userId}`);
  return { ok: true };
}
