import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Feedback } from "@/components/portal/feedback";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireEnte } from "@/lib/auth/session";
import { common } from "@/lib/i18n/common";
import { portal } from "@/lib/i18n/portal";
import { getFormat, getT } from "@/lib/i18n/server";
import { closedCode, getPublicService } from "@/lib/portal/catalogue";
import type { InfoSheet } from "@/lib/services/schemas";

export const dynamic = "force-dynamic";

const SECTIONS: (keyof InfoSheet)[] = ["description", "whoCanApply", "howToApply", "whatYouNeed", "whatYouGet", "costs", "timesAndDeadlines", "conditions", "contacts"];

export async function generateMetadata({ params }: { params: Promise<{ ente: string; slug: string }> }): Promise<Metadata> {
  const { ente: slug, slug: serviceSlug } = await params;
  const { db, ente } = await requireEnte(slug);
  const service = await getPublicService(db, ente, serviceSlug);
  return { title: service?.name ?? (await getT(portal)).colService };
}

/** The service's information sheet (scheda informativa) and the button that starts it. */
export default async function ServiceSheet({ params }: { params: Promise<{ ente: string; slug: string }> }) {
  const { ente: enteSlug, slug } = await params;
  const { db, ente } = await requireEnte(enteSlug);
  const service = await getPublicService(db, ente, slug);
  if (!service) notFound();
  const [t, c, f] = await Promise.all([getT(portal), getT(common), getFormat(ente.timezone)]);
  const closed = closedCode(service);
  const sections = SECTIONS.filter((k) => service.infoSheet[k]?.trim());
  const startHref = `/${ente.slug}/servizi/${service.slug}/compila`;
  return (
    <>
      <Breadcrumbs
        items={[{ href: `/${ente.slug}`, label: c.home }, { href: `/${ente.slug}/servizi`, label: t.servicesTitle }, { label: service.name }]}
      />
      <div className="grid gap-8 lg:grid-cols-[1fr_16rem]">
        <article>
          <p className="mb-1 text-sm font-semibold uppercase tracking-wide text-muted">{service.category}</p>
          <h1 className="mb-3 text-3xl font-bold sm:text-4xl">{service.name}</h1>
          {service.infoSheet.description && <p className="mb-5 max-w-3xl text-lg">{service.infoSheet.description}</p>}
          {closed ? (
            <div className="mb-6 rounded-md border-l-4 border-warning bg-warning-light p-4" role="note">
              <p className="font-bold text-warning">{t.closed[closed]}</p>
              <p>{t.closedExplain}</p>
              {closed === "not_yet_open" && service.scheduledFrom && <p>{t.opensOn({ d: f.date(service.scheduledFrom) })}</p>}
            </div>
          ) : (
            <div className="mb-6 flex flex-wrap items-center gap-4">
              <Link href={startHref} className="btn-primary px-6 py-3 text-lg">
                {t.startService}
              </Link>
              {service.status === "scheduled" && service.scheduledTo && <span className="text-sm">{t.closesOn({ d: f.date(service.scheduledTo) })}</span>}
            </div>
          )}
          {sections
            .filter((k) => k !== "description")
            .map((k) => (
              <section key={k} id={k} aria-labelledby={`${k}-title`} className="mb-6 scroll-mt-4">
                <h2 id={`${k}-title`} className="mb-2 text-2xl font-bold">{t.sheet[k]}</h2>
                {service.infoSheet[k].split(/\n{2,}/).map((para, i) => (
                  <p key={i} className="mb-2 max-w-3xl whitespace-pre-line">{para}</p>
                ))}
              </section>
            ))}
          <p className="mb-6 text-sm text-muted">{t.responseWithin({ n: service.maxResponseDays })}</p>
          {!closed && (
            <Link href={startHref} className="btn-primary">
              {t.startService}
            </Link>
          )}
        </article>
        <aside className="hidden lg:block">
          <nav aria-label={t.onThisPage} className="rounded-lg border border-line p-4 lg:sticky lg:top-4">
            <h2 className="mb-2 text-sm font-bold uppercase tracking-wide text-muted">{t.onThisPage}</h2>
            <ul className="space-y-1">
              {sections
                .filter((k) => k !== "description")
                .map((k) => (
                  <li key={k}>
                    <a href={`#${k}`} className="underline-offset-2 hover:underline">{t.sheet[k]}</a>
                  </li>
                ))}
            </ul>
          </nav>
        </aside>
      </div>
      <Feedback ente={ente} page={`service:${service.slug}`} back={`/${ente.slug}/servizi/${service.slug}`} />
    </>
  );
}
