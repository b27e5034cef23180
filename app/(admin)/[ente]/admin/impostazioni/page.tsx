import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { Crest } from "@/components/site/crest";
import { requireStaff } from "@/lib/auth/session";
import { LANGS } from "@/lib/i18n";
import { adminTexts } from "@/lib/i18n/admin";
import { authTexts } from "@/lib/i18n/auth";
import { getT } from "@/lib/i18n/server";
import { removeLogoAction, updateSettingsAction, uploadLogoAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).nav.settings };
}

function Input({ name, label, value, type = "text", help, className }: { name: string; label: string; value: string | number | null; type?: string; help?: string; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={`f-${name}`} className="field-label">{label}</label>
      {help && <p id={`${name}-help`} className="mb-1 text-sm text-muted">{help}</p>}
      <input id={`f-${name}`} name={name} type={type} defaultValue={value ?? ""} aria-describedby={help ? `${name}-help` : undefined} className="field-input" />
    </div>
  );
}

export default async function SettingsPage({ params }: { params: Promise<{ ente: string }> }) {
  const { ente } = await requireStaff((await params).ente, "admin");
  const [T, auth] = await Promise.all([getT(adminTexts), getT(authTexts)]);
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
            <Input name="name" label={t.name} value={ente.name} />
            <div>
              <label htmlFor="f-primaryColor" className="field-label">{t.primaryColor}</label>
              <p id="primaryColor-help" className="mb-1 text-sm text-muted">{t.primaryColorHelp}</p>
              <div className="flex items-center gap-2">
                <span aria-hidden="true" className="inline-block size-10 shrink-0 rounded border border-line" style={{ background: ente.primaryColor }} />
                <input id="f-primaryColor" name="primaryColor" defaultValue={ente.primaryColor} pattern="#[0-9a-fA-F]{6}" aria-describedby="primaryColor-help" className="field-input font-mono" />
              </div>
            </div>
          </div>
        </section>
        <section aria-labelledby="contatti" className="card">
          <h2 id="contatti" className="mb-3 text-xl font-bold">{t.contacts}</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <Input name="email" label={t.email} value={ente.email} type="email" />
            <Input name="pec" label={t.pec} value={ente.pec} type="email" />
            <Input name="phone" label={t.phone} value={ente.phone} type="tel" />
            <Input name="website" label={t.website} value={ente.website} type="url" />
            <Input name="address" label={t.address} value={ente.address} className="sm:col-span-2" />
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
            <div>
              <label htmlFor="f-defaultLanguage" className="field-label">{t.defaultLanguage}</label>
              <select id="f-defaultLanguage" name="defaultLanguage" defaultValue={ente.defaultLanguage} className="field-input">
                {LANGS.map((l) => <option key={l} value={l}>{T.languageName[l]}</option>)}
              </select>
            </div>
          </div>
        </section>
        <section aria-labelledby="avvisi" className="card space-y-4">
          <h2 id="avvisi" className="text-xl font-bold">{t.notices}</h2>
          <fieldset className="grid max-w-md grid-cols-2 gap-4">
            <legend className="field-label">{t.quietHours}</legend>
            <Input name="quietHoursStart" label={t.quietHoursStart} value={ente.quietHoursStart} type="time" />
            <Input name="quietHoursEnd" label={t.quietHoursEnd} value={ente.quietHoursEnd} type="time" />
          </fieldset>
          <div className="max-w-md">
            <label htmlFor="f-holidays" className="field-label">{t.holidays}</label>
            <p id="holidays-help" className="mb-1 text-sm text-muted">{t.holidaysHelp}</p>
            <textarea id="f-holidays" name="holidays" rows={6} defaultValue={ente.holidays.join("\n")} aria-describedby="holidays-help" className="field-input font-mono" />
          </div>
          <Input name="reminderDays" label={t.reminderDays} value={ente.reminderDays} type="number" className="max-w-xs" />
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
        </section>
      </ActionForm>
    </div>
  );
}
