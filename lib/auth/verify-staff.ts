import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { enteSlug } from "@/lib/edge/schemas";
import type { DbOrTx } from "@/db/client";
import { enti, memberships, users, type User } from "@/db/schema";
import { verifyPassword } from "./password";
import { ACCOUNT_POLICY, ADDRESS_POLICY, claimAttempt, clearAttempts, refundAttempt } from "./throttle";

export const staffLoginSchema = z.object({
  ente: enteSlug,
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});

export type StaffLoginResult =
  | { ok: true; user: User; roles: ("operator" | "admin")[] }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterS: number };

/**
 * Checks an operator's or admin's credentials for one ente. One generic failure for every wrong case
 * (unknown email, wrong password, disabled account, not staff of this ente). Every attempt is throttled per
 * account and, when the client's address is known (`clientAddress`, see ./client-address.ts), per address:
 * growing delays, not a lock (./throttle.ts). During a delay even the right password is refused, with the
 * seconds to wait; the delay is at most 15 minutes and an attempt refused by it does not extend it.
 */
export async function verifyStaffLogin(db: DbOrTx, input: unknown, clientAddress: string | null, now = new Date()): Promise<StaffLoginResult> {
  const parsed = staffLoginSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { ente: slug, email, password } = parsed.data;
  const accountKey = `staff:${slug}:${email}`;
  const addressKey = clientAddress ? `addr:${clientAddress}` : null;
  // The address first: a client over its limit does not even spend an attempt of the account it names.
  if (addressKey) {
    const byAddress = await claimAttempt(db, addressKey, ADDRESS_POLICY, now);
    if (!byAddress.ok) return { ok: false, reason: "throttled", retryAfterS: byAddress.retryAfterS };
  }
  const byAccount = await claimAttempt(db, accountKey, ACCOUNT_POLICY, now);
  if (!byAccount.ok) {
    if (addressKey) await refundAttempt(db, addressKey, ADDRESS_POLICY);
    return { ok: false, reason: "throttled", retryAfterS: byAccount.retryAfterS };
  }

  const rows = await db
    .select({ user: users, role: memberships.role })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(enti, eq(enti.id, memberships.enteId))
    .where(and(eq(users.email, email), eq(enti.slug, slug), isNull(users.disabledAt), isNull(memberships.disabledAt)));
  const user = rows[0]?.user;
  const ok = await verifyPassword(password, user?.passwordHash);
  // A failure is already counted (claimAttempt); only a success changes the counts.
  if (!ok || !user) return { ok: false, reason: "invalid" };
  await clearAttempts(db, accountKey);
  if (addressKey) await refundAttempt(db, addressKey, ADDRESS_POLICY);
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
  return { ok: true, user, roles: rows.map((r) => r.role) };
}
