import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { ConfirmActionCard } from "@/components/admin/confirm-action-card";
import { Field, TextField } from "@/components/admin/field";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";
import { getConfig } from "@/lib/config/env";
import { paymentsStaffTexts } from "@/lib/i18n/payments-staff";
import { getFormat, getT } from "@/lib/i18n/server";
import { getProviderSettings, providerCallbackUrl, type ProviderKind } from "@/lib/payments/provider-settings";
import { regenerateCallbackSecretAction, saveProviderSettingsAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(paymentsStaffTexts)).settings.pageTitle };
}
export const dynamic = "force-dynamic";

/** The ente's payment provider: which one, the intermediary's address and key, due days, the callback address and secret. */
export default async function PaymentProviderSettingsPage({ params }: { params: Promise<{ ente: string }> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const [T, f, settings] = await Promise.all([getT(paymentsStaffTexts), getFormat(ente.timezone), getProviderSettings(ctx)]);
  const t = T.settings;
  const demoMode = getConfig().demoMode;
  // Demo is offered only in demo mode; a stored demo setting outside it stays visible (and must be changed to save).
  const kinds: ProviderKind[] = demoMode || settings?.kind === "demo" ? ["pagopa-rest", "demo"] : ["pagopa-rest"];
  const base = `/${ente.slug}/admin/pagamenti`;
  return (
    <div className="space-y-6">
      <p><Link href={base}>← {t.back}</Link></p>
      <PageHeader title={t.title} intro={t.intro} narrowIntro />
      <p><Link href={`/${ente.slug}/admin/impostazioni#pagopa`}>{t.pagopaCodes}</Link></p>
      {!settings && <p role="status" className="max-w-3xl rounded-md border-2 border-warning bg-warning-light p-3 font-semibold text-ink">{demoMode ? t.demoDefault : t.notConfigured}</p>}
      <section aria-labelledby="fornitore" className="card max-w-3xl">
        <h2 id="fornitore" className="mb-3 text-xl font-bold">{t.connection}</h2>
        <ActionForm action={saveProviderSettingsAction.bind(null, ente.slug)} submitLabel={t.save}>
          <Field name="kind" label={t.kind} help={demoMode ? t.kindHelp : undefined}>
            {(control) => (
              <select {...control} defaultValue={settings?.kind ?? (demoMode ? "demo" : "pagopa-rest")} className="field-input">
                {kinds.map((k) => <option key={k} value={k}>{t.kinds[k]}</option>)}
              </select>
            )}
          </Field>
          <TextField name="baseUrl" label={t.baseUrl} help={t.baseUrlHelp} type="url" defaultValue={settings?.baseUrl ?? ""} placeholder="https://" autoComplete="off" inputClassName="font-mono" />
          <TextField
            name="apiKey"
            label={t.apiKey}
            help={settings?.hasApiKey ? t.apiKeyHelpStored : t.apiKeyHelpNew}
            type="password"
            defaultValue=""
            autoComplete="new-password"
            spellCheck={false}
            inputClassName="font-mono"
          />
          <TextField name="dueDays" label={t.dueDays} help={t.dueDaysHelp} type="number" min={1} max={365} step={1} defaultValue={settings?.dueDays ?? 30} inputMode="numeric" className="max-w-xs" />
        </ActionForm>
        {settings && <p className="mt-3 text-sm text-muted">{t.updatedAt({ date: f.dateTime(settings.updatedAt) })}</p>}
      </section>
      <section aria-labelledby="notifiche" className="card max-w-3xl">
        <h2 id="notifiche" className="mb-1 text-xl font-bold">{t.callback}</h2>
        <p className="mb-3 text-muted">{t.callbackIntro}</p>
        <dl className="space-y-3">
          <div>
            <dt className="font-semibold">{t.callbackUrl}</dt>
            <dd><code data-testid="callback-url" className="block break-all rounded bg-surface p-2 font-mono">{providerCallbackUrl(ente.slug)}</code></dd>
          </div>
          <div>
            <dt className="font-semibold">{t.callbackSecret}</dt>
            <dd>{settings ? <code data-testid="callback-secret" className="font-mono">{settings.callbackSecretMasked}</code> : <span className="text-muted">{t.callbackSecretNone}</span>}</dd>
          </div>
        </dl>
      </section>
      {settings && (
        <div className="max-w-3xl">
          <ConfirmActionCard id="rigenera" title={t.regenerate} intro={t.regenerateIntro} action={regenerateCallbackSecretAction.bind(null, ente.slug)} submitLabel={t.regenerate} confirmText={t.regenerateConfirm} />
        </div>
      )}
    </div>
  );
}
