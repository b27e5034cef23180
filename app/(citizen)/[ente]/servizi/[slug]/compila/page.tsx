import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireCitizen, requireLevel } from "@/lib/auth/session";
import { common } from "@/lib/i18n/common";
import { portal } from "@/lib/i18n/portal";
import { getFormat, getT } from "@/lib/i18n/server";
import { closedCode, getPublicService } from "@/lib/portal/catalogue";
import { listMyDraftsOf } from "@/lib/portal/start-draft";
import { startDraftAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(portal)).startTitle };
}
export const dynamic = "force-dynamic";

/** First step of every service (as in Designers Italia's model): the privacy notice, then the form opens. */
export default async function StartService({ params, searchParams }: { params: Promise<{ ente: string; slug: string }>; searchParams: Promise<{ errore?: string }> }) {
  const { ente: enteSlug, slug } = await params;
  const session = await requireCitizen(enteSlug, `/${enteSlug}/servizi/${slug}/compila`);
  const { db, ente, ctx } = session;
  const service = await getPublicService(db, ente, slug);
  if (!service) notFound();
  requireLevel(session, service.minAuthLevel, `/${ente.slug}/servizi/${service.slug}/compila`);
  const [t, c, f] = await Promise.all([getT(portal), getT(common), getFormat(ente.timezone)]);
  const closed = closedCode(service);
  const drafts = closed ? [] : await listMyDraftsOf(ctx, service.id);
  const error = (await searchParams).errore === "privacy";
  return (
    <div className="max-w-3xl">
      <Breadcrumbs
        items={[
          { href: `/${ente.slug}`, label: c.home },
          { href: `/${ente.slug}/servizi`, label: t.servicesTitle },
          { href: `/${ente.slug}/servizi/${service.slug}`, label: service.name },
          { label: t.startTitle },
        ]}
      />
      <p className="mb-1 text-sm font-semibold uppercase tracking-wide text-muted">{service.name}</p>
      <h1 className="mb-4 text-3xl font-bold">{t.startTitle}</h1>
      {closed ? (
        <div className="rounded-md border-l-4 border-warning bg-warning-light p-4" role="note">
          <p className="font-bold text-warning">{t.closed[closed]}</p>
          <p>{t.closedExplain}</p>
        </div>
      ) : (
        <>
          {drafts.length > 0 && (
            <section aria-labelledby="bozze" className="mb-6 rounded-md border-l-4 border-primary bg-primary-light p-4">
              <h2 id="bozze" className="mb-2 text-lg font-bold">{t.existingDrafts}</h2>
              <ul className="space-y-1">
                {drafts.map((d) => (
                  <li key={d.id}>
                    <Link href={`/${ente.slug}/area-personale/pratiche/${d.id}/modifica`} className="font-semibold underline">
                      {t.resumeDraft}
                    </Link>{" "}
                    <span className="text-sm">({t.draftSavedOn({ d: f.dateTime(d.updatedAt) })})</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <p className="mb-3 text-lg">{t.startIntro}</p>
          <div className="card mb-6">
            <p className="mb-3">{t.startPrivacy({ ente: ente.name })}</p>
            <Link href={`/${ente.slug}/info/privacy`} className="font-semibold underline">{t.readPrivacy}</Link>
          </div>
          <h2 className="mb-2 text-xl font-bold">{t.stepsOverview}</h2>
          <ol className="mb-6 list-decimal space-y-1 pl-6">
            {service.formDefinition.pages.map((p) => (
              <li key={p.id}>{p.title}</li>
            ))}
            <li>{t.summaryStep}</li>
          </ol>
          <form action={startDraftAction} className="space-y-4" noValidate>
            <input type="hidden" name="ente" value={ente.slug} />
            <input type="hidden" name="service" value={service.slug} />
            <div>
              <div className="flex items-start gap-3">
                <input id="privacy" name="privacy" type="checkbox" required className="mt-1 h-5 w-5 shrink-0 accent-primary" aria-invalid={error || undefined} aria-describedby={error ? "privacy-error" : undefined} />
                <label htmlFor="privacy" className="font-semibold">{t.acceptPrivacy}</label>
              </div>
              {error && <p id="privacy-error" className="field-error" role="alert">{t.acceptPrivacyError}</p>}
            </div>
            <button type="submit" className="btn-primary">{t.startButton}</button>
          </form>
        </>
      )}
    </div>
  );
}
