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
import { RequestSteps } from "@/components/portal/request-steps";
import { startDraftAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(portal)).startTitle };
}
export const dynamic = "force-dynamic";

/** First step of every service (as in Designers Italia's model): the privacy notice, then the form opens. */
export default async function StartService({ params, searchParams }: { params: Promise<{ ente: string; slug: string }>; searchParams: Promise<{ errore?: string; bozza?: string }> }) {
  const { ente: enteSlug, slug } = await params;
  const session = await requireCitizen(enteSlug, `/${enteSlug}/servizi/${slug}/compila`);
  const { db, ente, ctx } = session;
  const service = await getPublicService(db, ente, slug);
  if (!service) notFound();
  requireLevel(session, service.minAuthLevel, `/${ente.slug}/servizi/${service.slug}/compila`);
  const [t, c, f] = await Promise.all([getT(portal), getT(common), getFormat(ente.timezone)]);
  const closed = closedCode(service);
  const drafts = closed ? [] : await listMyDraftsOf(ctx, service.id);
  const query = await searchParams;
  const error = query.errore === "privacy";
  // A draft that lacks the acknowledgement (made before it was recorded) comes back here to get it, once.
  const draftWithout = drafts.find((d) => d.id === query.bozza && !d.privacyAcceptedAt);
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
      <p className="mb-1 text-sm font-semibold uppercase tracking-wide text-muted">{service.category}</p>
      <h1 className="mb-6 text-3xl font-bold">{service.name}</h1>
      {closed ? (
        <div className="rounded-md border-l-4 border-warning bg-warning-light p-4" role="note">
          <p className="font-bold text-warning">{t.closed[closed]}</p>
          <p>{t.closedExplain}</p>
        </div>
      ) : (
        <>
          <RequestSteps pageTitles={service.formDefinition.pages.map((p) => p.title)} current={0} />
          <h2 className="mb-3 text-2xl font-bold">{t.startTitle}</h2>
          {drafts.length > 0 && !draftWithout && (
            <section aria-labelledby="bozze" className="mb-6 rounded-md border-l-4 border-primary bg-primary-light p-4">
              <h3 id="bozze" className="mb-2 text-lg font-bold">{t.existingDrafts}</h3>
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
          <form action={startDraftAction} className="space-y-4" noValidate>
            <input type="hidden" name="ente" value={ente.slug} />
            <input type="hidden" name="service" value={service.slug} />
            {draftWithout && <input type="hidden" name="bozza" value={draftWithout.id} />}
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
