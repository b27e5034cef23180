import type { Metadata } from "next";
import { MetricsView } from "@/components/backoffice/metrics-view";
import { requireEnte } from "@/lib/auth/session";
import { formatDateTime, pick } from "@/lib/i18n";
import { backoffice } from "@/lib/i18n/backoffice";
import { getLang } from "@/lib/i18n/server";
import { getPublicMetrics } from "@/lib/metrics/public";

export const metadata: Metadata = { title: "Monitoraggio dei servizi" };
export const dynamic = "force-dynamic";

/** Public, anonymous figures per municipality, like the real-time monitoring dashboards municipalities publish. */
export default async function MonitoraggioPage({ params }: { params: Promise<{ ente: string }> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const lang = await getLang();
  const t = pick(backoffice, lang);
  const now = new Date();
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-3xl font-bold">{t.monitor.title}</h1>
        <p className="text-muted">{t.monitor.intro({ ente: ente.name })}</p>
        <p className="text-sm text-muted">{t.monitor.updated({ at: formatDateTime(now, lang, ente.timezone) })}</p>
      </div>
      {ente.publicMetrics ? <MetricsView m={await getPublicMetrics(db, ente, now)} /> : <p>{t.monitor.disabled}</p>}
    </div>
  );
}
