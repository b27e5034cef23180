import type { Metadata } from "next";
import Link from "next/link";
import { FormBuilder } from "@/components/admin/form-builder";
import { listFormVersions } from "@/lib/admin/service-form";
import { formatDateTime, pick } from "@/lib/i18n";
import { adminTexts } from "@/lib/i18n/admin";
import { getLang } from "@/lib/i18n/server";
import { publishFormAction } from "../../actions";
import { loadService } from "../load";
import { ServiceTabs } from "../service-tabs";

export const metadata: Metadata = { title: "Modulo del servizio" };

export default async function ServiceFormPage({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente, service, ctx } = await loadService(params);
  const lang = await getLang();
  const T = pick(adminTexts, lang);
  const versions = await listFormVersions(ctx, service.id);
  return (
    <div>
      <p className="mb-2"><Link href={`/${ente.slug}/admin/servizi`}>← {T.services.back}</Link></p>
      <h1 className="mb-4 text-3xl font-bold">{service.name}</h1>
      <ServiceTabs base={`/${ente.slug}/admin/servizi/${service.id}`} current="form" labels={T.services.tabs} label={service.name} />
      <h2 className="mb-1 text-xl font-bold">{T.form.title}</h2>
      <p className="mb-2 text-muted">{T.form.intro}</p>
      <p className="mb-4">
        {T.form.current}: <strong data-testid="form-version">{service.formVersion}</strong>
        {versions.length > 1 && (
          <span className="text-sm text-muted">
            {" "}· {T.form.versions}: {versions.map((v) => `v${v.version} (${formatDateTime(v.createdAt, lang, ente.timezone)})`).join(", ")}
          </span>
        )}
      </p>
      <FormBuilder initial={service.formDefinition} action={publishFormAction.bind(null, ente.slug, service.id, service.formVersion)} labels={T.builder} />
    </div>
  );
}
