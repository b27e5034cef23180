import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FormBuilder } from "@/components/admin/form-builder";
import { FormPreview } from "@/components/admin/form-preview";
import { getFormVersion, listFormVersions } from "@/lib/admin/service-form";
import { NotFoundError } from "@/lib/errors";
import { adminTexts } from "@/lib/i18n/admin";
import { getFormat, getT } from "@/lib/i18n/server";
import { publishFormAction } from "../../actions";
import { loadService } from "../load";
import { ServiceTabs } from "../service-tabs";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).pageTitle.serviceForm };
}

export default async function ServiceFormPage({ params, searchParams }: { params: Promise<{ ente: string; id: string }>; searchParams: Promise<{ versione?: string | string[] }> }) {
  const { ente, service, ctx } = await loadService(params);
  const [T, f] = await Promise.all([getT(adminTexts), getFormat(ente.timezone)]);
  const versions = await listFormVersions(ctx, service.id);
  const base = `/${ente.slug}/admin/servizi/${service.id}/modulo`;
  // ?versione=N: an earlier version, read only (the current one is the builder below).
  const asked = (await searchParams).versione;
  const wanted = typeof asked === "string" && /^\d{1,6}$/.test(asked) ? Number(asked) : service.formVersion;
  const old = wanted === service.formVersion ? null : await getFormVersion(ctx, service.id, wanted).catch((err: unknown) => (err instanceof NotFoundError ? notFound() : Promise.reject(err)));
  return (
    <div>
      <p className="mb-2"><Link href={`/${ente.slug}/admin/servizi`}>← {T.services.back}</Link></p>
      <h1 className="mb-4 text-3xl font-bold">{service.name}</h1>
      <ServiceTabs base={`/${ente.slug}/admin/servizi/${service.id}`} current="form" label={service.name} />
      <h2 className="mb-1 text-xl font-bold">{T.form.title}</h2>
      <p className="mb-2 text-muted">{T.form.intro}</p>
      <p className="mb-4">
        {T.form.current}: <strong data-testid="form-version">{service.formVersion}</strong>
        {versions.length > 1 && (
          <span className="text-sm text-muted">
            {" "}· {T.form.versions}:{" "}
            {versions.map((v, i) => (
              <span key={v.version}>
                {i > 0 && ", "}
                {v.version === service.formVersion ? (
                  <span>v{v.version}</span>
                ) : (
                  <Link href={`${base}?versione=${v.version}`} aria-current={old?.version === v.version ? "page" : undefined}>v{v.version}</Link>
                )}{" "}
                ({f.dateTime(v.createdAt)})
              </span>
            ))}
          </span>
        )}
      </p>
      {old && (
        <section aria-labelledby="versione-precedente" className="mb-6 space-y-3 rounded-lg border-2 border-line bg-surface p-4">
          <h2 id="versione-precedente" className="text-xl font-bold">{T.form.versionTitle({ version: old.version, date: f.dateTime(old.createdAt) })}</h2>
          <p>{T.form.versionIntro} <Link href={base}>{T.form.versionBack}</Link></p>
          {old.definition ? <FormPreview definition={old.definition} idPrefix="versione" /> : <p role="status">{T.form.versionUnreadable}</p>}
        </section>
      )}
      <FormBuilder initial={service.formDefinition} action={publishFormAction.bind(null, ente.slug, service.id, service.formVersion)} />
    </div>
  );
}
