import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { enti, memberships, users, type User } from "@/db/schema";
import { verifyPassword } from "./password";
import { clearFailures, isThrottled, MAX_ADDRESS_FAILURES, recordFailure } from "./throttle";

export const staffLoginSchema = z.object({
  ente: z.string().regex(/^[a-z0-9-]{1,100}$/),
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});

export type StaffLoginResult = { ok: true; user: User; roles: ("operator" | "admin")[] } | { ok: false; reason: "invalid" | "throttled" };

/**
 * Checks an operator's or admin's credentials for one ente. One generic failure for every wrong case
 * (unknown email, wrong password, disabled account, not staff of this ente); repeated failures on an
 * account or from an address are throttled.
 */
export async function verifyStaffLogin(db: DbOrTx, input: unknown, clientKey: string): Promise<StaffLoginResult> {
  const parsed = staffLoginSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { ente: slug, email, password } = parsed.data;
  const accountKey = `staff:${slug}:${email}`;
  const addressKey = `addr:${clientKey}`;
  if ((await isThrottled(db, accountKey)) || (await isThrottled(db, addressKey))) return { ok: false, reason: "throttled" };

  const rows = await db
    .select({ user: users, role: memberships.role })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(enti, eq(enti.id, memberships.enteId))
    .where(and(eq(users.email, email), eq(enti.slug, slug), isNull(users.disabledAt), isNull(memberships.disabledAt)));
  const user = rows[0]?.user;
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!ok || !user) {
    await recordFailure(db, accountKey);
    await recordFailure(db, addressKey, MAX_ADDRESS_FAILURES);
    return { ok: false, reason: "invalid" };
  }
  await clearFailures(db, accountKey);
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { ok: true, user, roles: rows.map((r) => r.role) };
}
