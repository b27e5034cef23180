import { asc, eq } from "drizzle-orm";
import { services } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { assertAdmin } from "./authorize";

/** id + name of every service of the ente, for pickers. */
export async function listServiceOptions(ctx: Ctx): Promise<{ id: string; name: string; status: string }[]> {
  await assertAdmin(ctx);
  return ctx.db
    .select({ id: services.id, name: services.name, status: services.status })
    .from(services)
    .where(eq(services.enteId, ctx.ente.id))
    .orderBy(asc(services.name));
}
