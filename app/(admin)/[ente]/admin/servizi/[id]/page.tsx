import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { Field, TextField } from "@/components/admin/field";
import { countServiceOperators } from "@/lib/admin/services";
import { toLocalDateTime } from "@/lib/time/wall-clock";
import { adminTexts } from "@/lib/i18n/admin";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import { pageFields } from "@/lib/services/form-schema";
import type { InfoSheet } from "@/lib/services/schemas";
import { updateOperatorStepsAction, updateServiceAction } from "../actions";
import { ActSection } from "./act-section";
import { loadService } from "./load";
import { ServiceTabs } from "./service-tabs";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).pageTitle.service };
}

const SHEET_KEYS: (keyof InfoSheet)[] = ["description", "whoCanApply", "howToApply", "whatYouNeed", "whatYouGet", "costs", "timesAndDeadlines", "conditions", "contacts"];

function Check({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  return (
    <label className="flex items-start gap-2 py-1">
      <input id={`f-${name}`} type="checkbox" name={name} defaultChecked={checked} className="mt-1 size-5 shrink-0" />
      <span>{label}</span>
    </label>
  );
}

export default async function ServicePage({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente, service, ctx } = await loadService(params);
  // The sheet's sections are named as the citizen reads them on the service page.
  const [T, { sheet: sheetNames }, operatorCount] = await Promise.all([getT(adminTexts), getT(portal), countServiceOperators(ctx, service.id)]);
  const t = T.services;
  const base = `/${ente.slug}/admin/servizi/${service.id}`;
  const act = (section: string) => updateServiceAction.bind(null, ente.slug, service.id, section);
  const stepIds = [...new Set([...service.formDefinition.pages.map((p) => p.id), ...Object.keys(service.stepTexts)])];
  const pageTitle = new Map(service.formDefinition.pages.map((p) => [p.id, `${p.title} (${pageFields(p).length})`]));
  return (
    <div>
      <p className="mb-2"><Link href={`/${ente.slug}/admin/servizi`}>← {t.back}</Link></p>
      <h1 className="mb-4 text-3xl font-bold">{service.name}</h1>
      <ServiceTabs base={base} current="settings" label={service.name} />
      <div className="space-y-6">
        <section aria-labelledby="generale" className="card">
          <h2 id="generale" className="mb-3 text-xl font-bold">{t.general}</h2>
          <ActionForm action={act("general")} submitLabel={t.save}>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField name="name" label={t.name} defaultValue={service.name} required />
              <TextField name="category" label={t.category} defaultValue={service.category} required />
              <Field name="status" label={t.status}>
                {(control) => (
                  <select {...control} defaultValue={service.status} className="field-input" aria-describedby={operatorCount === 0 ? "status-no-operators" : undefined}>
                    {(["available", "suspended", "private", "scheduled"] as const).map((s) => (
                      <option key={s} value={s}>{t.statusLabels[s]}</option>
                    ))}
                  </select>
                )}
              </Field>
              {operatorCount === 0 && (
                <p id="status-no-operators" className="rounded-md border-2 border-warning bg-warning-light p-3 text-ink sm:col-span-2">
                  {t.noOperators} <Link href={`/${ente.slug}/admin/operatori`}>{t.noOperatorsLink}</Link>
                </p>
              )}
            </div>
            <fieldset className="grid gap-4 sm:grid-cols-2">
              <legend className="mb-1 text-sm text-muted">{t.scheduledHelp}</legend>
              <TextField name="scheduledFrom" label={t.scheduledFrom} type="datetime-local" defaultValue={toLocalDateTime(service.scheduledFrom, ente.timezone)} />
              <TextField name="scheduledTo" label={t.scheduledTo} type="datetime-local" defaultValue={toLocalDateTime(service.scheduledTo, ente.timezone)} />
            </fieldset>
          </ActionForm>
        </section>

        <section aria-labelledby="scheda" className="card">
          <h2 id="scheda" className="mb-3 text-xl font-bold">{t.sheet}</h2>
          <ActionForm action={act("sheet")} submitLabel={t.save}>
            {SHEET_KEYS.map((k) => (
              <div key={k}>
                <label htmlFor={`f-${k}`} className="field-label">{sheetNames[k]}</label>
                <textarea id={`f-${k}`} name={k} defaultValue={service.infoSheet[k] ?? ""} rows={k === "description" ? 5 : 3} className="field-input" />
              </div>
            ))}
          </ActionForm>
        </section>

        <section aria-labelledby="opzioni" className="card">
          <h2 id="opzioni" className="mb-3 text-xl font-bold">{t.options}</h2>
          <ActionForm action={act("options")} submitLabel={t.save}>
            <Check name="protocolRequired" label={t.protocolRequired} checked={service.protocolRequired} />
            <Field name="protocolMode" label={t.protocolMode} className="max-w-md">
              {(control) => (
                <select {...control} defaultValue={service.protocolMode} className="field-input">
                  <option value="builtin">{t.protocolBuiltin}</option>
                  <option value="external">{t.protocolExternal}</option>
                </select>
              )}
            </Field>
            <fieldset className="grid gap-4 sm:grid-cols-2">
              <legend className="field-label">{t.protocolParams}</legend>
              {(["classificazione", "fascicolo", "ufficio", "tipoDocumento"] as const).map((k) => (
                <div key={k}>
                  <label htmlFor={`f-${k}`} className="field-label font-normal">{t[k]}</label>
                  <input id={`f-${k}`} name={k} defaultValue={service.protocolParams[k] ?? ""} className="field-input" />
                </div>
              ))}
            </fieldset>
            <Check name="allowWithdraw" label={t.allowWithdraw} checked={service.allowWithdraw} />
            <Check name="allowReopen" label={t.allowReopen} checked={service.allowReopen} />
            <Check name="allowIntegrationRequests" label={t.allowIntegrationRequests} checked={service.allowIntegrationRequests} />
            <TextField name="maxResponseDays" label={t.maxResponseDays} type="number" min={1} max={365} defaultValue={service.maxResponseDays} className="max-w-xs" />
          </ActionForm>
        </section>

        <section aria-labelledby="step" className="card">
          <h2 id="step" className="mb-1 text-xl font-bold">{t.steps}</h2>
          <p className="mb-3 text-muted">{t.stepsIntro}</p>
          <ActionForm action={act("steps")} submitLabel={t.save}>
            {stepIds.map((id) => (
              <div key={id}>
                <label htmlFor={`f-stepTexts-${id}`} className="field-label">
                  {pageTitle.get(id) ?? id} <span className="font-mono text-sm font-normal text-muted">({id})</span>
                </label>
                <textarea id={`f-stepTexts-${id}`} name={`step.${id}`} defaultValue={service.stepTexts[id] ?? ""} rows={3} className="field-input" />
              </div>
            ))}
          </ActionForm>
        </section>

        <section aria-labelledby="step-operatore" className="card">
          <h2 id="step-operatore" className="mb-1 text-xl font-bold">{t.operatorSteps}</h2>
          <p id="operator-steps-help" className="mb-3 text-muted">{t.operatorStepsIntro}</p>
          <ActionForm action={updateOperatorStepsAction.bind(null, ente.slug, service.id)} submitLabel={t.operatorStepsSave}>
            <div>
              <label htmlFor="f-operatorSteps" className="field-label">{t.operatorStepsLabel}</label>
              <textarea
                id="f-operatorSteps"
                name="operatorSteps"
                defaultValue={JSON.stringify(service.operatorSteps, null, 2)}
                rows={Math.min(30, Math.max(6, JSON.stringify(service.operatorSteps, null, 2).split("\n").length + 1))}
                spellCheck={false}
                aria-describedby="operator-steps-help"
                className="field-input font-mono text-sm"
              />
            </div>
          </ActionForm>
        </section>

        <ActSection ente={ente} service={service} />
      </div>
    </div>
  );
}
