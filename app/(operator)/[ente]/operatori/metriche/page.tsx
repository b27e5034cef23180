import type { Metadata } from "next";
import { MetricsView } from "@/components/backoffice/metrics-view";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";
import { backoffice } from "@/lib/i18n/backoffice";
import { getT } from "@/lib/i18n/server";
import { getOperatorMetrics } from "@/lib/metrics/operator";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(backoffice)).metrics.title };
}
export const dynamic = "force-dynamic";

export default async function MetrichePage({ params }: { params: Promise<{ ente: string }> }) {
  const { ctx } = await requireStaff((await params).ente, "operator");
  const t = await getT(backoffice);
  const metrics = await getOperatorMetrics(ctx);
  return (
    <div className="space-y-5">
      <PageHeader title={t.metrics.title} intro={t.metrics.intro} gap={false} />
      <MetricsView m={metrics} />
    </div>
  );
}
