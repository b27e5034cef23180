import { and, eq, isNull } from "drizzle-orm";
import { memberships, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";

/**
 * Every admin function starts here: the actor must be an admin of ctx.ente with an active membership and
 * account. Pages and actions check the session too; this is the domain's own check, so no transport can
 * forget it. Returns the admin's user id.
 */
export async function assertAdmin(ctx: Ctx): Promise<string> {
  const { actor } = ctx;
  if (actor.kind !== "admin") throw new ForbiddenError("admin.only");
  const [row] = await ctx.db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.userId, actor.userId),
        eq(memberships.enteId, ctx.ente.id),
        eq(memberships.role, "admin"),
        isNull(memberships.disabledAt),
        isNull(users.disabledAt),
      ),
    );
  if (!row) throw new ForbiddenError("admin.only");
  return actor.userId;
}

/** Runs `fn` in one transaction after the admin check, so the check and the change see the same data. */
export async function asAdmin<T>(ctx: Ctx, fn: (txCtx: Ctx, adminId: string) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const txCtx: Ctx = { ...ctx, db: tx };
    const adminId = await assertAdmin(txCtx);
    return fn(txCtx, adminId);
  });
}
