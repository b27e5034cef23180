import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { EmailTextsEditor } from "@/components/admin/email-texts-editor";
import { formatDate, pick } from "@/lib/i18n";
import { adminTexts } from "@/lib/i18n/admin";
import { formatProtocolNumber, protocolYear } from "@/lib/protocol/builtin";
import { getLang } from "@/lib/i18n/server";
import { STATUS_LABELS, type StatusCode } from "@/lib/workflow/states";
import { updateServiceAction } from "../../actions";
import { loadService } from "../load";
import { ServiceTabs } from "../service-tabs";

export const metadata: Metadata = { title: "Email del servizio" };

export default async function ServiceEmailsPage({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente, service } = await loadService(params);
  const lang = await getLang();
  const T = pick(adminTexts, lang);
  const t = T.emails;
  const statusLabels = Object.fromEntries(Object.entries(STATUS_LABELS).map(([code, l]) => [code, l[lang]])) as Record<`${StatusCode}`, string>;
  const sample = {
    ente: ente.name,
    servizio: service.name,
    pratica_id: "00000000-0000-4000-8000-000000000000",
    protocollo: formatProtocolNumber(protocolYear(new Date(), ente.timezone), 123),
    data_protocollo: formatDate(new Date(), lang, ente.timezone),
    tempo_massimo: lang === "it" ? `${service.maxResponseDays} giorni` : `${service.maxResponseDays} days`,
    messaggio_personale: lang === "it" ? "(il messaggio scritto dall'operatore)" : "(the operator's message)",
  };
  return (
    <div>
      <p className="mb-2"><Link href={`/${ente.slug}/admin/servizi`}>← {T.services.back}</Link></p>
      <h1 className="mb-4 text-3xl font-bold">{service.name}</h1>
      <ServiceTabs base={`/${ente.slug}/admin/servizi/${service.id}`} current="emails" labels={T.services.tabs} label={service.name} />
      <h2 className="mb-1 text-xl font-bold">{t.title}</h2>
      <p className="mb-4 text-muted">{t.intro}</p>
      <ActionForm action={updateServiceAction.bind(null, ente.slug, service.id, "emails")} submitLabel={t.save} errorsTitle={T.errorsTitle}>
        <EmailTextsEditor initial={service.emailTexts} statusLabels={statusLabels} labels={t} sample={sample} from={`${ente.name} <${ente.email ?? "noreply"}>`} lang={lang} serviceName={service.name} maxResponseDays={service.maxResponseDays} />
      </ActionForm>
    </div>
  );
}
