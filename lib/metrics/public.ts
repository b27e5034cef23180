import type { DbOrTx } from "@/db/client";
import type { Ente } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { publicAppointmentMetrics, type PublicAppointmentMetrics } from "@/lib/appointments/metrics";
import { computeMetrics, type Metrics } from "./compute";

/**
 * The public monitoring page's figures: every service of the ente, aggregate and anonymous (counts and
 * durations only). An ente that switched its public metrics off has none.
 */
export async function getPublicMetrics(db: DbOrTx, ente: Ente, now = new Date()): Promise<Metrics> {
  if (!ente.publicMetrics) throw new NotFoundError("page.not_found");
  return computeMetrics(db, ente, null, now);
}

/** The public monitoring page's appointment figures (lib/appointments/metrics.ts): totals and the median wait, nothing personal. */
export async function getPublicAppointmentMetrics(db: DbOrTx, ente: Ente, now = new Date()): Promise<PublicAppointmentMetrics> {
  if (!ente.publicMetrics) throw new NotFoundError("page.not_found");
  return publicAppointmentMetrics(db, ente, now);
}
