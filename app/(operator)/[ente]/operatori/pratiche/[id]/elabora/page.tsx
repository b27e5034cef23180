import type { Metadata } from "next";
import Link from "next/link";
import { ElaboraWizard } from "@/components/backoffice/elabora-wizard";
import { StatusBadge } from "@/components/backoffice/status-badge";
import { backoffice } from "@/lib/i18n/backoffice";
import { getT } from "@/lib/i18n/server";
import { loadPratica } from "../load";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(backoffice)).elabora.title };
}
export const dynamic = "force-dynamic";

/**
 * Elabora: the service's own steps (services.operator_steps) first, then the generic steps every service shares
 * (decision with motivation, response file, summary).
 */
export default async function ElaboraPage({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente: slug, id } = await params;
  const { ente, d } = await loadPratica(slug, id);
  const t = await getT(backoffice);
  const detailUrl = `/${ente.slug}/operatori/pratiche/${d.pratica.id}`;
  const e = t.elabora;
  const operatorSteps = d.service.operatorSteps;
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <p><Link href={detailUrl}>← {t.detail.backToDetail}</Link></p>
      <div>
        <h1 className="text-3xl font-bold">{e.title}</h1>
        <p className="flex flex-wrap items-center gap-2 text-muted">{d.pratica.subject} — {d.applicant.name} <StatusBadge status={d.pratica.status} /></p>
      </div>
      {d.can.elabora ? (
        <ElaboraWizard
          postUrl={`${detailUrl}/elabora/conferma`}
          doneUrl={detailUrl}
          version={d.pratica.version}
          operatorSteps={operatorSteps}
        />
      ) : (
        <p role="alert" className="rounded-md border border-warning bg-warning-light p-3 font-semibold text-warning">{e.notAllowed}</p>
      )}
    </div>
  );
}
