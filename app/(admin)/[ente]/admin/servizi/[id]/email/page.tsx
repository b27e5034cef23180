import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { EmailTextsEditor } from "@/components/admin/email-texts-editor";
import { adminTexts } from "@/lib/i18n/admin";
import { emailTexts } from "@/lib/i18n/emails";
import { getFormat, getT } from "@/lib/i18n/server";
import { formatProtocolNumber, protocolYear } from "@/lib/protocol/builtin";
import { updateServiceAction } from "../../actions";
import { loadService } from "../load";
import { ServiceTabs } from "../service-tabs";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).pageTitle.serviceEmails };
}

export default async function ServiceEmailsPage({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente, service } = await loadService(params);
  const [T, mail, f] = await Promise.all([getT(adminTexts), getT(emailTexts), getFormat(ente.timezone)]);
  const t = T.emails;
  const sample = {
    ente: ente.name,
    servizio: service.name,
    pratica_id: "2026-000123",
    protocollo: formatProtocolNumber(protocolYear(new Date(), ente.timezone), 123),
    data_protocollo: f.date(new Date()),
    tempo_massimo: mail.labels.days({ n: service.maxResponseDays }),
    messaggio_personale: t.sampleMessage,
  };
  return (
    <div>
      <p className="mb-2"><Link href={`/${ente.slug}/admin/servizi`}>← {T.services.back}</Link></p>
      <h1 className="mb-4 text-3xl font-bold">{service.name}</h1>
      <ServiceTabs base={`/${ente.slug}/admin/servizi/${service.id}`} current="emails" label={service.name} />
      <h2 className="mb-1 text-xl font-bold">{t.title}</h2>
      <p className="mb-4 text-muted">{t.intro}</p>
      <ActionForm action={updateServiceAction.bind(null, ente.slug, service.id, "emails")} submitLabel={t.save}>
        <EmailTextsEditor initial={service.emailTexts} sample={sample} from={`${ente.name} <${ente.email ?? "noreply"}>`} serviceName={service.name} maxResponseDays={service.maxResponseDays} />
      </ActionForm>
    </div>
  );
}
