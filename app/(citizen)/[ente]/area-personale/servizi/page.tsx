import type { Metadata } from "next";
import Link from "next/link";
import { PersonalAreaHeader } from "@/components/portal/personal-area-header";
import { requireCitizen } from "@/lib/auth/session";
import { personalArea } from "@/lib/i18n/personal-area";
import { portal } from "@/lib/i18n/portal";
import { getFormat, getT } from "@/lib/i18n/server";
import { listMyDrafts } from "@/lib/portal/my-pratiche";
import { countMyUnreadThreads, listMyServices } from "@/lib/portal/personal-area";

export async function generateMetadata(): Promise<Metadata> {
  const [t, pa] = await Promise.all([getT(portal), getT(personalArea)]);
  return { title: `${pa.tabs.services} - ${t.personalArea}` };
}
export const dynamic = "force-dynamic";

/** "Servizi": the services the citizen has used here, with their drafts to resume, and the way to the catalogue. */
export default async function UsedServices({ params }: { params: Promise<{ ente: string }> }) {
  const { ente: slug } = await params;
  const { ente, user, ctx } = await requireCitizen(slug, `/${slug}/area-personale/servizi`);
  const [t, pa, f] = await Promise.all([getT(portal), getT(personalArea), getFormat(ente.timezone)]);
  const [used, drafts, unread] = await Promise.all([listMyServices(ctx), listMyDrafts(ctx), countMyUnreadThreads(ctx)]);
  const base = `/${ente.slug}/area-personale`;
  return (
    <>
      <PersonalAreaHeader ente={ente.slug} name={user.name} current="services" unreadThreads={unread} />
      <section aria-labelledby="servizi-usati" className="max-w-4xl">
        <h2 id="servizi-usati" className="mb-1 text-2xl font-bold">{pa.servicesTitle}</h2>
        <p className="mb-4">{pa.servicesIntro}</p>
        {used.length === 0 ? (
          <p className="mb-4">{pa.noServicesUsed}</p>
        ) : (
          <ul className="mb-6 space-y-3">
            {used.map((s) => {
              const draft = drafts.find((d) => d.serviceSlug === s.slug);
              return (
                <li key={s.serviceId} className="card p-4">
                  <h3 className="font-semibold">
                    <Link href={`/${ente.slug}/servizi/${s.slug}`} className="underline-offset-2 hover:underline" aria-label={pa.serviceSheet({ s: s.name })}>{s.name}</Link>
                  </h3>
                  <p className="text-sm text-muted">
                    {[s.submitted > 0 ? pa.praticheCount({ n: s.submitted }) : null, s.drafts > 0 ? pa.draftsCount({ n: s.drafts }) : null, pa.lastUsed({ d: f.date(s.lastAt) })].filter(Boolean).join(" · ")}
                  </p>
                  <div className="mt-3 flex flex-wrap gap-3">
                    {draft && (
                      <Link href={`${base}/pratiche/${draft.id}/modifica`} className="btn-primary" aria-label={t.resumeDraftOf({ s: s.name })}>{t.resumeDraft}</Link>
                    )}
                    {s.available && (
                      <Link href={`/${ente.slug}/servizi/${s.slug}/compila`} className="btn-secondary" aria-label={pa.newRequest({ s: s.name })}>{t.startService}</Link>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        <Link href={`/${ente.slug}/servizi`} className="btn-primary">{pa.browseCatalogue}</Link>
      </section>
    </>
  );
}
