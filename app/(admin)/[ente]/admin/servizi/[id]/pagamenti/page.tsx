import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { EMPTY_FEE, FeeEditor, type FeeFormValues } from "@/components/payments/fee-editor";
import type { ServiceFee } from "@/db/schema";
import { adminTexts } from "@/lib/i18n/admin";
import { feesTexts } from "@/lib/i18n/fees";
import { getLang, getT } from "@/lib/i18n/server";
import { centsToEuroInput, formatCents } from "@/lib/payments/money";
import { expressionFields, listServiceFees } from "@/lib/payments/service-fees";
import { loadService } from "../load";
import { ServiceTabs } from "../service-tabs";
import { createFeeAction, deleteFeeAction, moveFeeAction, updateFeeAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(feesTexts)).pageTitle };
}

const OUTCOMES = { aggiunto: "added", salvato: "saved", eliminato: "removed", spostato: "moved" } as const;

function formValues(f: ServiceFee): FeeFormValues {
  return {
    kind: f.kind,
    causale: f.causale,
    amount: f.kind === "fixed" && f.amountCents !== null ? centsToEuroInput(f.amountCents) : "",
    expression: f.expression ?? "",
    description: f.description ?? "",
    budgetLine: f.budgetLine ?? "",
    taxonomyCode: f.taxonomyCode ?? "",
    active: f.active,
  };
}

/** The service's fees: the list in order (move, edit, delete) and one form, to add a fee or edit the one chosen. */
export default async function ServiceFeesPage({ params, searchParams }: { params: Promise<{ ente: string; id: string }>; searchParams: Promise<{ esito?: string | string[]; modifica?: string | string[] }> }) {
  const { ente, service, ctx } = await loadService(params);
  const [T, F, lang, fees, q] = await Promise.all([getT(adminTexts), getT(feesTexts), getLang(), listServiceFees(ctx, service.id), searchParams]);
  const t = F.admin;
  const base = `/${ente.slug}/admin/servizi/${service.id}`;
  const here = `${base}/pagamenti`;
  const numberFields = expressionFields(service.formDefinition).filter((f) => f.numeric).map((f) => f.name);
  const editing = typeof q.modifica === "string" ? fees.find((f) => f.id === q.modifica) : undefined;
  const outcome = typeof q.esito === "string" && Object.hasOwn(OUTCOMES, q.esito) ? t[OUTCOMES[q.esito as keyof typeof OUTCOMES]] : null;
  return (
    <div>
      <p className="mb-2"><Link href={`/${ente.slug}/admin/servizi`}>← {T.services.back}</Link></p>
      <h1 className="mb-4 text-3xl font-bold">{service.name}</h1>
      <ServiceTabs base={base} current="fees" label={service.name} />
      <h2 className="mb-1 text-xl font-bold">{t.title}</h2>
      <p className="mb-4 max-w-3xl text-muted">{t.intro}</p>
      {outcome && (
        <p role="status" className="mb-4 rounded-md border-2 border-success bg-success-light p-3 font-semibold text-success">{outcome}</p>
      )}

      {fees.length === 0 ? (
        <p className="mb-6 card">{t.none}</p>
      ) : (
        <ol aria-label={t.listLabel} className="mb-6 space-y-3">
          {fees.map((f, i) => (
            <li key={f.id} className="card" data-testid="fee-row">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="font-bold">
                    {t.position({ n: i + 1 })} {f.causale}
                    {!f.active && <span className="ml-2 rounded border border-line px-2 py-0.5 text-sm font-semibold text-muted">{t.inactive}</span>}
                  </p>
                  <p className="text-sm">
                    {t.kinds[f.kind]}
                    {": "}
                    {f.kind === "formula" ? <code className="break-all font-mono">{f.expression}</code> : <strong>{formatCents(f.amountCents ?? 0, lang)}</strong>}
                  </p>
                  {f.kind === "formula" && f.description && <p className="text-sm text-muted">{f.description}</p>}
                  {(f.budgetLine || f.taxonomyCode) && (
                    <p className="text-sm text-muted">
                      {[f.budgetLine && `${t.budgetLine}: ${f.budgetLine}`, f.taxonomyCode && `${t.taxonomyCode}: ${f.taxonomyCode}`].filter(Boolean).join(" · ")}
                    </p>
                  )}
                </div>
                <div role="group" aria-label={t.actionsFor({ causale: f.causale })} className="flex flex-wrap items-start gap-2">
                  <Link href={`${here}?modifica=${f.id}#modifica`} className="btn-secondary" aria-label={`${t.edit}: ${f.causale}`}>{t.edit}</Link>
                  {i > 0 && <ActionForm action={moveFeeAction.bind(null, ente.slug, service.id, f.id, "up")} submitLabel={t.moveUp} submitClassName="btn-secondary" className="" />}
                  {i < fees.length - 1 && <ActionForm action={moveFeeAction.bind(null, ente.slug, service.id, f.id, "down")} submitLabel={t.moveDown} submitClassName="btn-secondary" className="" />}
                  <ActionForm action={deleteFeeAction.bind(null, ente.slug, service.id, f.id)} submitLabel={t.remove} submitClassName="btn-secondary" className="" confirmText={t.removeConfirm} />
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}

      {editing ? (
        <section id="modifica" aria-labelledby="modifica-titolo" className="card">
          <h2 id="modifica-titolo" className="mb-3 text-xl font-bold">{t.edit}: {editing.causale}</h2>
          <ActionForm key={editing.id} action={updateFeeAction.bind(null, ente.slug, service.id, editing.id)} submitLabel={t.save}>
            <FeeEditor initial={formValues(editing)} numberFields={numberFields} />
          </ActionForm>
          <p className="mt-3"><Link href={here}>{t.cancel}</Link></p>
        </section>
      ) : (
        <section aria-labelledby="aggiungi" className="card">
          <h2 id="aggiungi" className="mb-3 text-xl font-bold">{t.add}</h2>
          <ActionForm key={fees.length} action={createFeeAction.bind(null, ente.slug, service.id)} submitLabel={t.addSubmit}>
            <FeeEditor initial={EMPTY_FEE} numberFields={numberFields} />
          </ActionForm>
        </section>
      )}
    </div>
  );
}
