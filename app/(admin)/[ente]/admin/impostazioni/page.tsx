import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { Field, TextField } from "@/components/admin/field";
import { Crest } from "@/components/site/crest";
import { requireStaff } from "@/lib/auth/session";
import { LANGS } from "@/lib/i18n";
import { adminTexts } from "@/lib/i18n/admin";
import { authTexts } from "@/lib/i18n/auth";
import { spidTexts } from "@/lib/i18n/spid";
import { getT } from "@/lib/i18n/server";
import { servicePage } from "@/lib/i18n/service-page";
import { removeLogoAction, updateSettingsAction, uploadLogoAction } from "./actions";
import { PagopaSection } from "./pagopa-section";
import { SealSection } from "./seal-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).nav.settings };
}

export default async function SettingsPage({ params }: { params: Promise<{ ente: string }> }) {
  const { ente } = await requireStaff((await params).ente, "admin");
  const [T, auth, spid, { settings: S }] = await Promise.all([getT(adminTexts), getT(authTexts), getT(spidTexts), getT(servicePage)]);
  const t = T.settings;
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">{t.title}</h1>
      <section aria-labelledby="logo" className="card">
        <h2 id="logo" className="mb-1 text-xl font-bold">{t.logo}</h2>
        <p id="logo-help" className="mb-3 text-muted">{t.logoHelp}</p>
        <div className="flex flex-wrap items-start gap-6">
          <div className="rounded-md bg-primary p-3 text-white">
            <span className="sr-only">{t.currentLogo}</span>
            <Crest logoUrl={ente.logoUrl} name={ente.name} size={72} />
          </div>
          <div className="flex flex-wrap items-end gap-4">
            <ActionForm action={uploadLogoAction.bind(null, ente.slug)} submitLabel={t.logoUpload} className="space-y-3">
              <div>
                <label htmlFor="f-logo" className="field-label">{t.logo}</label>
                <input id="f-logo" name="logo" type="file" accept="image/png,image/jpeg,image/svg+xml" aria-describedby="logo-help" className="field-input" />
              </div>
            </ActionForm>
            {ente.logoUrl && <ActionForm action={removeLogoAction.bind(null, ente.slug)} submitLabel={t.logoRemove} submitClassName="btn-secondary" />}
          </div>
        </div>
      </section>
      <ActionForm action={updateSettingsAction.bind(null, ente.slug)} submitLabel={t.save}>
        <section aria-labelledby="identita" className="card space-y-4">
          <h2 id="identita" className="text-xl font-bold">{t.identity}</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField name="name" label={t.name} defaultValue={ente.name} />
            <Field name="primaryColor" label={t.primaryColor} help={t.primaryColorHelp}>
              {(control) => (
                <div className="flex items-center gap-2">
                  <span aria-hidden="true" className="inline-block size-10 shrink-0 rounded border border-line" style={{ background: ente.primaryColor }} />
                  <input {...control} defaultValue={ente.primaryColor} pattern="#[0-9a-fA-F]{6}" className="field-input font-mono" />
                </div>
              )}
            </Field>
          </div>
        </section>
        <section aria-labelledby="contatti" className="card">
          <h2 id="contatti" className="mb-3 text-xl font-bold">{t.contacts}</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField name="email" label={t.email} defaultValue={ente.email ?? ""} type="email" />
            <TextField name="pec" label={t.pec} defaultValue={ente.pec ?? ""} type="email" />
            <TextField name="phone" label={t.phone} defaultValue={ente.phone ?? ""} type="tel" />
            <TextField name="website" label={t.website} defaultValue={ente.website ?? ""} type="url" />
            <TextField name="accessibilityUrl" label={S.accessibilityUrl} help={S.accessibilityUrlHelp} defaultValue={ente.accessibilityUrl ?? ""} type="url" className="sm:col-span-2" />
            <TextField name="address" label={t.address} defaultValue={ente.address ?? ""} className="sm:col-span-2" />
          </div>
        </section>
        <section aria-labelledby="lingue" className="card">
          <h2 id="lingue" className="mb-3 text-xl font-bold">{t.languages}</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <fieldset id="f-languages">
              <legend className="field-label">{t.activeLanguages}</legend>
              {LANGS.map((l) => (
                <label key={l} className="flex items-center gap-2 py-1">
                  <input type="checkbox" name="languages" value={l} defaultChecked={ente.languages.includes(l)} className="size-5" /> {T.languageName[l]}
                </label>
              ))}
            </fieldset>
            <Field name="defaultLanguage" label={t.defaultLanguage}>
              {(control) => (
                <select {...control} defaultValue={ente.defaultLanguage} className="field-input">
                  {LANGS.map((l) => <option key={l} value={l}>{T.languageName[l]}</option>)}
                </select>
              )}
            </Field>
          </div>
        </section>
        <section aria-labelledby="avvisi" className="card space-y-4">
          <h2 id="avvisi" className="text-xl font-bold">{t.notices}</h2>
          <fieldset className="grid max-w-md grid-cols-2 gap-4">
            <legend className="field-label">{t.quietHours}</legend>
            <TextField name="quietHoursStart" label={t.quietHoursStart} defaultValue={ente.quietHoursStart} type="time" />
            <TextField name="quietHoursEnd" label={t.quietHoursEnd} defaultValue={ente.quietHoursEnd} type="time" />
          </fieldset>
          <Field name="holidays" label={t.holidays} help={t.holidaysHelp} className="max-w-md">
            {(control) => <textarea {...control} rows={6} defaultValue={ente.holidays.join("\n")} className="field-input font-mono" />}
          </Field>
          <TextField name="reminderDays" label={t.reminderDays} defaultValue={ente.reminderDays} type="number" className="max-w-xs" />
          <label className="flex items-center gap-2">
            <input type="checkbox" name="publicMetrics" defaultChecked={ente.publicMetrics} className="size-5" /> {t.publicMetrics}
          </label>
          <div>
            <label className="flex items-center gap-2">
              <input id="f-requireAdminTotp" type="checkbox" name="requireAdminTotp" defaultChecked={ente.requireAdminTotp} aria-describedby="requireAdminTotp-help" className="size-5" /> {auth.setting.label}
            </label>
            <p id="requireAdminTotp-help" className="mt-1 text-sm text-muted">
              {auth.setting.hint} <a href={`/${ente.slug}/operatori/sicurezza`} className="underline">{auth.security.title}</a>
            </p>
          </div>
          <div>
            <label className="flex items-center gap-2">
              <input id="f-emailLoginEnabled" type="checkbox" name="emailLoginEnabled" defaultChecked={ente.emailLoginEnabled} aria-describedby="emailLoginEnabled-help" className="size-5" /> {spid.admin.emailLogin}
            </label>
            <p id="emailLoginEnabled-help" className="mt-1 text-sm text-muted">
              {spid.admin.emailLoginHelp} <a href={`/${ente.slug}/spid/metadata`} className="underline">{spid.admin.metadata}</a>
            </p>
          </div>
        </section>
      </ActionForm>
      <PagopaSection ente={ente} />
      <SealSection ente={ente} />
    </div>
  );
}
