import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SheetText } from "@/components/portal/sheet-text";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireEnte } from "@/lib/auth/session";
import { common } from "@/lib/i18n/common";
import { portal } from "@/lib/i18n/portal";
import { getFormat, getT } from "@/lib/i18n/server";
import { servicePage } from "@/lib/i18n/service-page";
import { getPublicService } from "@/lib/portal/catalogue";
import { readInfoSheet } from "@/lib/services/sheet";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ ente: string; slug: string }> }): Promise<Metadata> {
  const { ente: slug, slug: serviceSlug } = await params;
  const { db, ente } = await requireEnte(slug);
  const service = await getPublicService(db, ente, serviceSlug);
  return { title: (await getT(servicePage)).conditionsTitle({ service: service?.name ?? "" }) };
}

/** The terms and conditions of a service that has no document of its own: the sheet's "Condizioni di servizio" text. */
export default async function ServiceConditions({ params }: { params: Promise<{ ente: string; slug: string }> }) {
  const { ente: enteSlug, slug } = await params;
  const { db, ente } = await requireEnte(enteSlug);
  const service = await getPublicService(db, ente, slug);
  if (!service) notFound();
  const sheet = readInfoSheet(service.infoSheet);
  if (!sheet.conditions.trim()) notFound();
  const [t, tp, c, f] = await Promise.all([getT(servicePage), getT(portal), getT(common), getFormat(ente.timezone)]);
  const back = `/${ente.slug}/servizi/${service.slug}`;
  return (
    <>
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, { href: `/${ente.slug}/servizi`, label: tp.servicesTitle }, { href: back, label: service.name }, { label: t.conditionsFile }]} />
      <article className="max-w-3xl">
        <h1 className="mb-4 text-3xl font-bold">{t.conditionsTitle({ service: service.name })}</h1>
        <p className="mb-6 text-lg">{ente.name}</p>
        <SheetText text={sheet.conditions} />
        <p className="mt-6 text-sm text-muted">{t.conditionsUpdated({ date: f.date(service.updatedAt) })}</p>
        <p className="mt-6"><Link href={back}>{t.backToService}</Link></p>
      </article>
    </>
  );
}
