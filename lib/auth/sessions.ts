import { and, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { authSessions, users, type User } from "@/db/schema";
import { isUuid } from "@/lib/uuid";
import type { LoginMethod } from "./levels";

/**
 * Server-side sessions. The session cookie stays an Auth.js JWT (signed and encrypted with AUTH_SECRET), but it
 * only names a row of `auth_sessions`; the row is what makes the session valid. Why a table rather than a
 * per-user "sessions valid after" stamp: logout ends the one session it is asked to end (not the user's other
 * devices), the idle timeout is per session, a second factor can be pending on one session, and every instance
 * sees a deleted row at once. The cost is the one query getCurrentUser already made (users, now joined with the
 * session row) plus a write at most once a minute per active session.
 */

/** Absolute lifetime of a session, as the cookie's own maxAge. */
export const SESSION_MAX_AGE_S = 8 * 60 * 60;
/** lastSeenAt is refreshed when older than this: the idle timeout is exact to about a minute. */
const TOUCH_EVERY_MS = 60_000;

export type SessionKind = "staff" | "citizen";

/** Opens a session for a user who has just proved who they are; returns its id (put in the cookie). */
export async function createAuthSession(
  db: DbOrTx,
  input: { userId: string; kind: SessionKind; mfaPending?: boolean; method?: LoginMethod; level?: number; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  // Housekeeping: expired rows are worthless; removing them here keeps the table about the size of live sessions.
  await db.delete(authSessions).where(lt(authSessions.expiresAt, now));
  const [row] = await db
    .insert(authSessions)
    .values({
      userId: input.userId,
      kind: input.kind,
      mfaPending: input.mfaPending ?? false,
      method: input.method ?? null,
      authLevel: input.level ?? 0,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_S * 1000),
    })
    .returning({ id: authSessions.id });
  if (!row) throw new Error("session insert returned nothing");
  return row.id;
}

/** Ends one session (logout). Unknown ids are fine: the session is over either way. */
export async function endAuthSession(db: DbOrTx, sessionId: string): Promise<void> {
  if (!isUuid(sessionId)) return;
  await db.delete(authSessions).where(eq(authSessions.id, sessionId));
}

/**
 * Ends every session of a user: call it in the same transaction as the change that requires it (password set
 * or reset, account or membership disabled or enabled, role added or removed), so the two commit together.
 */
export async function endUserSessions(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.userId, userId));
}

export type SessionClaims = { uid?: unknown; sid?: unknown; kind?: unknown };
export type ResolvedSession = {
  user: User;
  kind: SessionKind;
  sessionId: string;
  mfaPending: boolean;
  /** How the user logged in and the level reached (lib/auth/levels.ts). */
  method: LoginMethod | null;
  level: number;
};

/**
 * The user a session cookie's claims stand for, or null when the session was ended (logout, password, role,
 * disabled account), has expired, or — staff only — has been idle longer than `staffIdleMinutes`. An idle
 * session's row is deleted, so it cannot come back to life.
 */
export async function resolveAuthSession(
  db: DbOrTx,
  claims: SessionClaims | null | undefined,
  opts: { staffIdleMinutes: number; now?: Date },
): Promise<ResolvedSession | null> {
  if (!claims || !isUuid(claims.uid) || !isUuid(claims.sid)) return null;
  const now = opts.now ?? new Date();
  const [row] = await db
    .select({ user: users, session: authSessions })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.id, claims.sid), eq(authSessions.userId, claims.uid)));
  if (!row || row.user.disabledAt || row.session.expiresAt <= now) return null;
  const { session } = row;
  if (session.kind === "staff" && now.getTime() - session.lastSeenAt.getTime() > opts.staffIdleMinutes * 60_000) {
    await endAuthSession(db, session.id);
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(authSessions).set({ lastSeenAt: now }).where(eq(authSessions.id, session.id));
  }
  return { user: row.user, kind: session.kind, sessionId: session.id, mfaPending: session.mfaPending, method: session.method, level: session.authLevel };
}

/** Marks the second factor of a session as given. */
export async function completeSessionMfa(db: DbOrTx, sessionId: string): Promise<void> {
  await db.update(authSessions).set({ mfaPending: false }).where(eq(authSessions.id, sessionId));
}
