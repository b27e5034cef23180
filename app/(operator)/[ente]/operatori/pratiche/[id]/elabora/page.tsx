import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ElaboraWizard } from "@/components/backoffice/elabora-wizard";
import { StatusBadge } from "@/components/backoffice/status-badge";
import { requireStaff } from "@/lib/auth/session";
import { getPraticaDetail, type PraticaDetail } from "@/lib/backoffice/detail";
import { DomainError } from "@/lib/errors";
import { pick } from "@/lib/i18n";
import { backoffice } from "@/lib/i18n/backoffice";
import { getLang } from "@/lib/i18n/server";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Elabora la pratica" };
export const dynamic = "force-dynamic";

/**
 * Elabora: the service's own steps (services.operator_steps) first, then the generic steps every service shares
 * (decision with motivation, response file, summary).
 */
export default async function ElaboraPage({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente: slug, id } = await params;
  const { ctx, ente } = await requireStaff(slug, "operator");
  if (!isUuid(id)) notFound();
  let d: PraticaDetail;
  try {
    d = await getPraticaDetail(ctx, id);
  } catch (err) {
    if (err instanceof DomainError && (err.status === 404 || err.status === 403)) notFound();
    throw err;
  }
  const lang = await getLang();
  const t = pick(backoffice, lang);
  const detailUrl = `/${ente.slug}/operatori/pratiche/${d.pratica.id}`;
  const e = t.elabora;
  const operatorSteps = d.service.operatorSteps;
  const total = operatorSteps.length + 3;
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <p><Link href={detailUrl}>← {t.detail.backToDetail}</Link></p>
      <div>
        <h1 className="text-3xl font-bold">{e.title}</h1>
        <p className="flex flex-wrap items-center gap-2 text-muted">{d.pratica.subject} — {d.applicant.name} <StatusBadge status={d.pratica.status} lang={lang} /></p>
      </div>
      {d.can.elabora ? (
        <ElaboraWizard
          postUrl={`${detailUrl}/elabora/conferma`}
          doneUrl={detailUrl}
          version={d.pratica.version}
          operatorSteps={operatorSteps}
          lang={lang}
          t={{
            steps: e.steps,
            stepOf: Array.from({ length: total }, (_, i) => e.stepOf({ n: i + 1, total })),
            outcomeLegend: e.outcomeLegend,
            approve: e.approve,
            reject: e.reject,
            motivation: e.motivation,
            motivationHint: e.motivationHint,
            fileLabel: e.fileLabel,
            fileHint: e.fileHint,
            fileType: e.fileType,
            fileSize: e.fileSize,
            noFile: e.noFile,
            summary: e.summary,
            summaryHint: e.summaryHint,
            back: e.back,
            next: e.next,
            confirm: e.confirm,
            working: e.working,
            required: e.required,
            chooseOutcome: e.chooseOutcome,
            generic: t.errors.generic,
            fixErrors: e.fixErrors,
            serviceStepHint: e.serviceStepHint,
          }}
        />
      ) : (
        <p role="alert" className="rounded-md border border-warning bg-warning-light p-3 font-semibold text-warning">{e.notAllowed}</p>
      )}
    </div>
  );
}
