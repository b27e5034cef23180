import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { ConfirmActionCard } from "@/components/admin/confirm-action-card";
import { TextField } from "@/components/admin/field";
import { ioKeyStatusOf } from "@/lib/channels/io/keys";
import { adminTexts } from "@/lib/i18n/admin";
import { ioTexts } from "@/lib/i18n/io";
import { getFormat, getT } from "@/lib/i18n/server";
import { loadService } from "../load";
import { ServiceTabs } from "../service-tabs";
import { removeIoKeyAction, setIoKeyAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(ioTexts)).pageTitle };
}

/** The service's App IO key: its status (never the key), set or replace it, remove it. */
export default async function ServiceIoPage({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente, service } = await loadService(params);
  const [T, t, f] = await Promise.all([getT(adminTexts), getT(ioTexts), getFormat(ente.timezone)]);
  const base = `/${ente.slug}/admin/servizi/${service.id}`;
  const status = ioKeyStatusOf(service);
  return (
    <div>
      <p className="mb-2"><Link href={`/${ente.slug}/admin/servizi`}>← {T.services.back}</Link></p>
      <h1 className="mb-4 text-3xl font-bold">{service.name}</h1>
      <ServiceTabs base={base} current="io" label={service.name} />
      <h2 className="mb-1 text-xl font-bold">{t.title}</h2>
      <p className="mb-4 max-w-3xl text-muted">{t.intro}</p>
      <section aria-labelledby="io-stato" className="card mb-6 max-w-3xl">
        <h3 id="io-stato" className="mb-2 text-lg font-bold">{t.status}</h3>
        <p data-testid="io-key-status">
          {status.configured && status.setAt && status.hint ? t.configured({ date: f.dateTime(status.setAt), hint: status.hint }) : t.notConfigured}
        </p>
        {status.unreadable && <p role="status" className="mt-3 rounded-md border-2 border-warning bg-warning-light p-3 font-semibold text-ink">{t.unreadable}</p>}
      </section>
      <section aria-labelledby="io-chiave" className="card mb-6 max-w-3xl">
        <h3 id="io-chiave" className="mb-3 text-lg font-bold">{status.configured ? t.replace : t.save}</h3>
        <ActionForm action={setIoKeyAction.bind(null, ente.slug, service.id)} submitLabel={status.configured ? t.replace : t.save} resetOnSuccess>
          <TextField
            name="ioApiKey"
            label={t.keyLabel}
            help={status.configured ? t.keyHelpReplace : t.keyHelpNew}
            type="password"
            defaultValue=""
            autoComplete="new-password"
            spellCheck={false}
            maxLength={64}
            inputClassName="font-mono"
          />
        </ActionForm>
      </section>
      {status.configured && (
        <div className="max-w-3xl">
          <ConfirmActionCard id="io-rimuovi" title={t.removeTitle} intro={t.removeIntro} action={removeIoKeyAction.bind(null, ente.slug, service.id)} submitLabel={t.remove} confirmText={t.removeConfirm} />
        </div>
      )}
    </div>
  );
}
