import { and, count, eq, isNull, sql } from "drizzle-orm";
import { memberships, outbox, partners, protocolEntries, services } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { assertAdmin } from "./authorize";

/** Counts for the admin's landing page. */
export async function getAdminOverview(ctx: Ctx) {
  await assertAdmin(ctx);
  const enteId = ctx.ente.id;
  const one = async (q: Promise<{ n: number }[]>) => Number((await q)[0]?.n ?? 0);
  const [operators, svc, prt, dead, pending] = await Promise.all([
    one(ctx.db.select({ n: sql<number>`count(distinct ${memberships.userId})` }).from(memberships).where(and(eq(memberships.enteId, enteId), isNull(memberships.disabledAt)))),
    one(ctx.db.select({ n: count() }).from(services).where(eq(services.enteId, enteId))),
    one(ctx.db.select({ n: count() }).from(partners).where(eq(partners.enteId, enteId))),
    one(ctx.db.select({ n: count() }).from(outbox).where(and(eq(outbox.enteId, enteId), eq(outbox.status, "dead")))),
    // A request is pending while no answer row (registered or failed) points at it.
    one(
      ctx.db
        .select({ n: count() })
        .from(protocolEntries)
        .where(
          and(
            eq(protocolEntries.enteId, enteId),
            eq(protocolEntries.status, "requested"),
            sql`not exists (select 1 from protocol_entries a where a.request_id = ${protocolEntries.id})`,
          ),
        ),
    ),
  ]);
  return { operators, services: svc, partners: prt, deadNotifications: dead, pendingProtocol: pending };
}
