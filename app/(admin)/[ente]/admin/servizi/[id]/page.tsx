import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { Field, TextField } from "@/components/admin/field";
import { countServiceOperators, listServicesAdmin } from "@/lib/admin/services";
import { toLocalDateTime } from "@/lib/time/wall-clock";
import { adminTexts } from "@/lib/i18n/admin";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import { spidTexts } from "@/lib/i18n/spid";
import { AUTH_LEVELS } from "@/lib/auth/levels";
import { pageFields } from "@/lib/services/form-schema";
import { calendarToLines } from "@/lib/admin/service-input";
import { servicePage } from "@/lib/i18n/service-page";
import { readInfoSheet } from "@/lib/services/sheet";
import { TOPICS } from "@/lib/services/topics";
import { updateOperatorStepsAction, updateServiceAction } from "../actions";
import { ActSection } from "./act-section";
import { loadService } from "./load";
import { ServiceTabs } from "./service-tabs";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).pageTitle.service };
}

const SHEET_KEYS = ["description", "whoCanApply", "howToApply", "whatYouNeed", "whatYouGet", "costs", "timesAndDeadlines", "conditions", "contacts"] as const;

function Check({ name, label, checked, value, describedBy }: { name: string; label: string; checked: boolean; value?: string; describedBy?: string }) {
  return (
    <label className="flex items-start gap-2 py-1">
      <input id={value === undefined ? `f-${name}` : undefined} type="checkbox" name={name} value={value} defaultChecked={checked} aria-describedby={describedBy} className="mt-1 size-5 shrink-0" />
      <span>{label}</span>
    </label>
  );
}

export default async function ServicePage({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente, service, ctx } = await loadService(params);
  // The sheet's sections are named as the citizen reads them on the service page.
  const [T, { sheet: sheetNames }, S, operatorCount, allServices] = await Promise.all([getT(adminTexts), getT(portal), getT(servicePage), countServiceOperators(ctx, service.id), listServicesAdmin(ctx)]);
  const [s, ta] = await Promise.all([getT(spidTexts), getT(appointmentsStaffTexts)]);
  const sheet = readInfoSheet(service.infoSheet);
  const others = allServices.filter((o) => o.id !== service.id);
  const a = S.admin;
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
                  {t.noOperators} <Link href={`/${ente.slug}/admin/operatori`} className="font-semibold underline">{t.noOperatorsLink}</Link>
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
              <Field key={k} name={k} label={sheetNames[k]}>
                {(control) => <textarea {...control} defaultValue={sheet[k]} rows={k === "description" ? 5 : 3} className="field-input" />}
              </Field>
            ))}
            <Field name="calendar" label={a.calendar} help={a.calendarHelp}>
              {(control) => <textarea {...control} defaultValue={calendarToLines(sheet.calendar)} rows={4} className="field-input" />}
            </Field>
            <Field name="accessText" label={a.accessText} help={a.accessTextHelp}>
              {(control) => <textarea {...control} defaultValue={sheet.accessText} rows={2} className="field-input" />}
            </Field>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField name="conditionsFileUrl" label={a.conditionsFileUrl} help={a.conditionsFileUrlHelp} defaultValue={sheet.conditionsFileUrl} />
              <TextField name="bookingUrl" label={a.bookingUrl} help={a.bookingUrlHelp} defaultValue={sheet.bookingUrl} />
            </div>
            <fieldset className="grid gap-4 sm:grid-cols-2">
              <legend className="field-label">{a.office}</legend>
              <TextField name="office.name" label={a.officeName} defaultValue={sheet.office.name} />
              <TextField name="office.address" label={a.officeAddress} defaultValue={sheet.office.address} />
              <TextField name="office.phone" label={a.officePhone} defaultValue={sheet.office.phone} type="tel" />
              <TextField name="office.email" label={a.officeEmail} defaultValue={sheet.office.email} type="email" />
              <TextField name="office.hours" label={a.officeHours} defaultValue={sheet.office.hours} className="sm:col-span-2" />
            </fieldset>
            <fieldset>
              <legend className="field-label">{a.topics}</legend>
              <div className="grid max-h-64 gap-x-4 overflow-y-auto rounded-md border border-line p-2 sm:grid-cols-2 lg:grid-cols-3">
                {TOPICS.map((topic) => (
                  <Check key={topic} name="topics" value={topic} label={topic} checked={sheet.topics.includes(topic)} />
                ))}
              </div>
            </fieldset>
            <fieldset>
              <legend className="field-label">{a.related}</legend>
              {others.length === 0 ? (
                <p className="text-muted">{a.noOtherServices}</p>
              ) : (
                others.map((o) => <Check key={o.id} name="relatedServices" value={o.slug} label={o.name} checked={sheet.relatedServices.includes(o.slug)} />)
              )}
            </fieldset>
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
            <div>
              <Check name="bookingOnly" label={ta.service.bookingOnly} checked={service.bookingOnly} describedBy="f-bookingOnly-help" />
              <p id="f-bookingOnly-help" className="ml-7 text-sm text-muted">{ta.service.bookingOnlyHelp}</p>
            </div>
            <TextField name="maxResponseDays" label={t.maxResponseDays} type="number" min={1} max={365} defaultValue={service.maxResponseDays} className="max-w-xs" />
            <Field name="minAuthLevel" label={s.admin.minLevel} help={s.admin.minLevelHelp} className="max-w-md">
              {(control) => (
                <select {...control} defaultValue={String(service.minAuthLevel)} className="field-input">
                  {AUTH_LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {s.levels[`l${l}`]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
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
