import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { Field, TextField } from "@/components/admin/field";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";
import { getPecCounts, getPecSettings, PEC_SECURITY, type PecSecurity } from "@/lib/channels/pec/settings";
import { pecStaffTexts } from "@/lib/i18n/pec-staff";
import { getFormat, getT } from "@/lib/i18n/server";
import { savePecSettingsAction, testPecConnectionAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(pecStaffTexts)).pageTitle };
}
export const dynamic = "force-dynamic";

/** The ente's PEC provider: address, SMTP and IMAP (passwords write-only), the connection test, the receipts' poll. */
export default async function PecSettingsPage({ params }: { params: Promise<{ ente: string }> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const [t, f, s, counts] = await Promise.all([getT(pecStaffTexts), getFormat(ente.timezone), getPecSettings(ctx), getPecCounts(ctx)]);
  const security = (name: string, value: PecSecurity) => (
    <Field name={name} label={t.security}>
      {(control) => (
        <select {...control} defaultValue={value} className="field-input">
          {PEC_SECURITY.map((k) => (
            <option key={k} value={k}>{t.securities[k]}</option>
          ))}
        </select>
      )}
    </Field>
  );
  const password = (name: string, stored: boolean) => (
    <TextField name={name} label={t.password} help={stored ? t.passwordStored : t.passwordNew} type="password" defaultValue="" autoComplete="new-password" spellCheck={false} />
  );
  return (
    <div className="space-y-6">
      <p><Link href={`/${ente.slug}/admin/canali`}>← {t.back}</Link></p>
      <PageHeader title={t.title} intro={t.intro} narrowIntro />
      {!s && <p role="status" className="max-w-3xl rounded-md border-2 border-warning bg-warning-light p-3 font-semibold text-ink">{t.notConfigured}</p>}

      {s && (
        <section aria-labelledby="stato" className="card max-w-3xl">
          <h2 id="stato" className="mb-3 text-xl font-bold">{t.health}</h2>
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
            <dt className="font-semibold">{t.lastPoll}</dt>
            <dd data-testid="pec-last-poll">{s.lastPolledAt ? f.dateTime(s.lastPolledAt) : t.never}</dd>
            <dt className="font-semibold">{t.lastPollError}</dt>
            <dd>{s.lastPollError ? <span data-testid="pec-poll-error" className="font-semibold text-danger break-words">{s.lastPollError}</span> : t.lastPollOk}</dd>
          </dl>
          <h3 className="mt-4 mb-2 font-bold">{t.counts}</h3>
          <ul className="grid gap-2 sm:grid-cols-2" data-testid="pec-counts">
            {(["sent", "accepted", "delivered", "undelivered"] as const).map((k) => (
              <li key={k} className="rounded border border-line p-2"><span className="text-2xl font-bold">{counts[k]}</span> <span>{t.states[k]}</span></li>
            ))}
          </ul>
          {counts.overdue > 0 && <p role="status" className="mt-3 rounded-md border-2 border-warning bg-warning-light p-2 font-semibold text-ink">{t.overdue({ n: counts.overdue })}</p>}
        </section>
      )}

      <section aria-labelledby="fornitore" className="card max-w-3xl">
        <h2 id="fornitore" className="sr-only">{t.title}</h2>
        <ActionForm action={savePecSettingsAction.bind(null, ente.slug)} submitLabel={t.save}>
          <TextField name="address" label={t.address} help={t.addressHelp} type="email" defaultValue={s?.address ?? ""} autoComplete="off" spellCheck={false} />
          <fieldset className="space-y-4 rounded border border-line p-3">
            <legend className="px-1 text-lg font-bold">{t.smtp}</legend>
            <TextField name="smtpHost" label={t.host} defaultValue={s?.smtpHost ?? ""} autoComplete="off" spellCheck={false} inputClassName="font-mono" />
            <TextField name="smtpPort" label={t.port} type="number" min={1} max={65535} defaultValue={s?.smtpPort ?? 465} inputMode="numeric" className="max-w-xs" />
            {security("smtpSecurity", s?.smtpSecurity ?? "tls")}
            <TextField name="smtpUser" label={t.user} defaultValue={s?.smtpUser ?? ""} autoComplete="off" spellCheck={false} />
            {password("smtpPassword", s?.hasSmtpPassword ?? false)}
          </fieldset>
          <fieldset className="space-y-4 rounded border border-line p-3">
            <legend className="px-1 text-lg font-bold">{t.imap}</legend>
            <TextField name="imapHost" label={t.host} defaultValue={s?.imapHost ?? ""} autoComplete="off" spellCheck={false} inputClassName="font-mono" />
            <TextField name="imapPort" label={t.port} type="number" min={1} max={65535} defaultValue={s?.imapPort ?? 993} inputMode="numeric" className="max-w-xs" />
            {security("imapSecurity", s?.imapSecurity ?? "tls")}
            <TextField name="imapUser" label={t.user} defaultValue={s?.imapUser ?? ""} autoComplete="off" spellCheck={false} />
            {password("imapPassword", s?.hasImapPassword ?? false)}
            <TextField name="imapMailbox" label={t.mailbox} help={t.mailboxHelp} defaultValue={s?.imapMailbox ?? "INBOX"} autoComplete="off" spellCheck={false} />
          </fieldset>
        </ActionForm>
        {s && <p className="mt-3 text-sm text-muted">{t.updatedAt({ date: f.dateTime(s.updatedAt) })}</p>}
      </section>

      {s && (
        <section aria-labelledby="prova" className="card max-w-3xl">
          <h2 id="prova" className="mb-1 text-xl font-bold">{t.test}</h2>
          <p className="mb-3 text-muted">{t.testIntro}</p>
          <ActionForm action={testPecConnectionAction.bind(null, ente.slug)} submitLabel={t.test} submitClassName="btn-secondary" />
        </section>
      )}
    </div>
  );
}
