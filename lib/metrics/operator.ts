import type { Ctx } from "@/lib/context";
import { enabledServices } from "@/lib/backoffice/scope";
import { computeMetrics, type Metrics } from "./compute";

/** "Metriche di utilizzo": the figures of the services the acting operator is enabled on. */
export async function getOperatorMetrics(ctx: Ctx, now = new Date()): Promise<Metrics> {
  const svc = await enabledServices(ctx);
  return computeMetrics(ctx.db, ctx.ente, svc.map((s) => s.id), now);
}
