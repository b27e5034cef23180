import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, staffTokens, users, type Ente, type StaffTokenPurpose, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { endUserSessions } from "@/lib/auth/sessions";
import { ValidationError, fieldError } from "@/lib/errors";

/** 72 hours, as the invitation email says (lib/notifications/texts.ts staff_invite). */
const LIFETIME_MS: Record<StaffTokenPurpose, number> = { invite: 72 * 3_600_000, reset: 72 * 3_600_000 };

export const PASSWORD_MIN_LENGTH = 12;

export function hashStaffToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * A new single-use link for a staff member. Older unused links of the same user stop working (the latest
 * email is the one that counts). The clear token is returned once, for the email, and never stored.
 */
export async function issueStaffToken(
  tx: DbOrTx,
  input: { enteId: string; userId: string; purpose: StaffTokenPurpose; createdBy: string | null; now?: Date },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  await tx
    .update(staffTokens)
    .set({ usedAt: now })
    .where(and(eq(staffTokens.userId, input.userId), eq(staffTokens.enteId, input.enteId), isNull(staffTokens.usedAt)));
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + LIFETIME_MS[input.purpose]);
  const [row] = await tx
    .insert(staffTokens)
    .values({ enteId: input.enteId, userId: input.userId, purpose: input.purpose, tokenHash: hashStaffToken(token), expiresAt, createdBy: input.createdBy })
    .returning({ id: staffTokens.id });
  if (!row) throw new Error("staff token insert returned nothing");
  return { id: row.id, token, expiresAt };
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

/** The staff member a link is for, if it is valid now: unused, unexpired, of this ente, account active. */
export async function findStaffToken(db: DbOrTx, ente: Ente, token: string, now = new Date()): Promise<{ user: User; purpose: StaffTokenPurpose } | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [row] = await db
    .select({ user: users, purpose: staffTokens.purpose })
    .from(staffTokens)
    .innerJoin(users, eq(users.id, staffTokens.userId))
    .where(
      and(
        eq(staffTokens.tokenHash, hashStaffToken(token)),
        eq(staffTokens.enteId, ente.id),
        isNull(staffTokens.usedAt),
        gt(staffTokens.expiresAt, now),
        isNull(users.disabledAt),
      ),
    );
  if (!row) return null;
  const active = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, row.user.id), eq(memberships.enteId, ente.id), isNull(memberships.disabledAt)));
  return active.length > 0 ? row : null;
}

export class InvalidStaffTokenError extends ValidationError {
  constructor() {
    super("staff_token.invalid");
  }
}

/**
 * Sets the password of the link's owner and spends the link, in one transaction. Two concurrent uses of the
 * same link: the conditional update lets exactly one through.
 */
export async function setPasswordWithToken(db: DbOrTx, ente: Ente, token: string, password: string, now = new Date()): Promise<User> {
  if (password.length < PASSWORD_MIN_LENGTH)
    throw new ValidationError("password.too_short", [fieldError("password", "field.min_chars", { min: PASSWORD_MIN_LENGTH })]);
  if (password.length > 200) throw new ValidationError("password.too_long", [fieldError("password", "field.max_chars", { max: 200 })]);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const found = await findStaffToken(tx, ente, token, now);
    if (!found) throw new InvalidStaffTokenError();
    const local = found.user.email.split("@")[0]?.toLowerCase() ?? "";
    if (local.length >= 4 && password.toLowerCase().includes(local))
      throw new ValidationError("password.contains_email", [fieldError("password", "password.no_email")]);
    const spent = await tx
      .update(staffTokens)
      .set({ usedAt: now })
      .where(and(eq(staffTokens.tokenHash, hashStaffToken(token)), isNull(staffTokens.usedAt)))
      .returning({ id: staffTokens.id });
    if (spent.length !== 1) throw new InvalidStaffTokenError();
    const [user] = await tx
      .update(users)
      .set({ passwordHash, emailVerifiedAt: found.user.emailVerifiedAt ?? now, updatedAt: now })
      .where(eq(users.id, found.user.id))
      .returning();
    if (!user) throw new InvalidStaffTokenError();
    // A new password ends every session opened with the old one.
    await endUserSessions(tx, user.id);
    await recordAudit(tx, {
      enteId: ente.id,
      actor: { kind: "operator", userId: user.id },
      action: found.purpose === "invite" ? "operator.activate" : "operator.password_set",
      targetType: "user",
      targetId: user.id,
    });
    return user;
  });
}
