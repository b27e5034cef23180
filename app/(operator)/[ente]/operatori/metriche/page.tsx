import type { Metadata } from "next";
import { OfficeAppointmentMetricsView } from "@/components/appointments/appointment-metrics";
import { MetricsView } from "@/components/backoffice/metrics-view";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";
import { backoffice } from "@/lib/i18n/backoffice";
import { getT } from "@/lib/i18n/server";
import { APPOINTMENT_METRICS_DAYS } from "@/lib/appointments/metrics";
import { getOperatorAppointmentMetrics, getOperatorMetrics } from "@/lib/metrics/operator";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(backoffice)).metrics.title };
}
export const dynamic = "force-dynamic";

export default async function MetrichePage({ params }: { params: Promise<{ ente: string }> }) {
  const { ctx } = await requireStaff((await params).ente, "operator");
  const t = await getT(backoffice);
  const now = new Date();
  const [metrics, offices] = await Promise.all([getOperatorMetrics(ctx, now), getOperatorAppointmentMetrics(ctx, now)]);
  return (
    <div className="space-y-5">
      <PageHeader title={t.metrics.title} intro={t.metrics.intro} gap={false} />
      <MetricsView m={metrics} />
      <OfficeAppointmentMetricsView rows={offices} periodDays={APPOINTMENT_METRICS_DAYS} />
    </div>
  );
}
