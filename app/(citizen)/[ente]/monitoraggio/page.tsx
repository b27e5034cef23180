import type { Metadata } from "next";
import { PublicAppointmentMetricsView } from "@/components/appointments/appointment-metrics";
import { MetricsView } from "@/components/backoffice/metrics-view";
import { requireEnte } from "@/lib/auth/session";
import { backoffice } from "@/lib/i18n/backoffice";
import { common } from "@/lib/i18n/common";
import { getFormat, getT } from "@/lib/i18n/server";
import { getPublicAppointmentMetrics, getPublicMetrics } from "@/lib/metrics/public";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(common)).monitoring };
}
export const dynamic = "force-dynamic";

/** Public, anonymous figures per municipality, like the real-time monitoring dashboards municipalities publish. */
export default async function MonitoraggioPage({ params }: { params: Promise<{ ente: string }> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const [t, f] = await Promise.all([getT(backoffice), getFormat(ente.timezone)]);
  const now = new Date();
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-3xl font-bold">{t.monitor.title}</h1>
        <p className="text-muted">{t.monitor.intro({ ente: ente.name })}</p>
        <p className="text-sm text-muted">{t.monitor.updated({ at: f.dateTime(now) })}</p>
      </div>
      {ente.publicMetrics ? (
        <>
          <MetricsView m={await getPublicMetrics(db, ente, now)} />
          <PublicAppointmentMetricsView m={await getPublicAppointmentMetrics(db, ente, now)} />
        </>
      ) : (
        <p>{t.monitor.disabled}</p>
      )}
    </div>
  );
}
