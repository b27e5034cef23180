import { and, asc, eq } from "drizzle-orm";
import { operatorServices, services, type Service } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";

/** The back-office is for operators: anyone else acting through it is refused, whatever the page showed. */
export function requireOperator(ctx: Ctx): string {
  if (ctx.actor.kind !== "operator") throw new ForbiddenError("operator.only");
  return ctx.actor.userId;
}

/** The services of this ente the acting operator is enabled on, by name. */
export async function enabledServices(ctx: Ctx): Promise<Service[]> {
  const userId = requireOperator(ctx);
  const rows = await ctx.db
    .select({ service: services })
    .from(services)
    .innerJoin(operatorServices, eq(operatorServices.serviceId, services.id))
    .where(and(eq(operatorServices.userId, userId), eq(services.enteId, ctx.ente.id)))
    .orderBy(asc(services.name));
  return rows.map((r) => r.service);
}
