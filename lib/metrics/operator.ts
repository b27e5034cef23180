import type { Ctx } from "@/lib/context";
import { enabledServices } from "@/lib/backoffice/scope";
import { officeAppointmentMetrics, type OfficeAppointmentMetrics } from "@/lib/appointments/metrics";
import { computeMetrics, type Metrics } from "./compute";

/** "Metriche di utilizzo": the figures of the services the acting operator is enabled on. */
export async function getOperatorMetrics(ctx: Ctx, now = new Date()): Promise<Metrics> {
  const svc = await enabledServices(ctx);
  return computeMetrics(ctx.db, ctx.ente, svc.map((s) => s.id), now);
}

/** "Metriche di utilizzo", appointments: the offices the acting staff member works at (lib/appointments/metrics.ts). */
export async function getOperatorAppointmentMetrics(ctx: Ctx, now = new Date()): Promise<OfficeAppointmentMetrics[]> {
  return officeAppointmentMetrics(ctx, now);
}
