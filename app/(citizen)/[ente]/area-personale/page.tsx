import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { DeleteDraftForm } from "@/components/portal/delete-draft-form";
import { StatusBadge } from "@/components/portal/status-badge";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireCitizen } from "@/lib/auth/session";
import { common } from "@/lib/i18n/common";
import { portal } from "@/lib/i18n/portal";
import { getFormat, getT } from "@/lib/i18n/server";
import { listMyDrafts, listMyPratiche } from "@/lib/portal/my-pratiche";
import { deleteDraftAction } from "./pratiche/[id]/actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(portal)).personalArea };
}
export const dynamic = "force-dynamic";

const querySchema = z.object({ pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1), esito: z.string().max(40).optional().catch(undefined) });

/** "Area personale": the citizen's pratiche with their status, news to read, and drafts to complete. */
export default async function PersonalArea({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ente: slug } = await params;
  const { ente, user, ctx } = await requireCitizen(slug, `/${slug}/area-personale`);
  const [t, c, f] = await Promise.all([getT(portal), getT(common), getFormat(ente.timezone)]);
  const query = querySchema.parse(await searchParams);
  const [list, drafts] = await Promise.all([listMyPratiche(ctx, { page: query.pagina }), listMyDrafts(ctx)]);
  const base = `/${ente.slug}/area-personale`;
  const news = list.rows.filter((r) => r.unread).slice(0, 5);
  return (
    <>
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, { label: t.personalArea }]} />
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t.personalArea}</h1>
          <p className="text-lg">{user.name}</p>
        </div>
        <Link href={`${base}/profilo`} className="btn-secondary">{t.profile}</Link>
      </div>
      {query.esito === "bozza-eliminata" && <p role="status" className="mb-4 rounded-md border-l-4 border-success bg-success-light p-3 font-semibold">{t.draftDeleted}</p>}
      {query.esito === "errore" && <p role="alert" className="mb-4 rounded-md border-l-4 border-danger-dark bg-danger-light p-3 font-semibold">{t.errors.generic}</p>}

      {news.length > 0 && (
        <section aria-labelledby="novita" className="mb-8 rounded-md border-l-4 border-primary bg-primary-light p-4">
          <h2 id="novita" className="mb-2 text-xl font-bold">{t.updates}</h2>
          <ul className="space-y-1">
            {news.map((r) => (
              <li key={r.id}>
                <Link href={`${base}/pratiche/${r.id}`} className="font-semibold underline">{r.serviceName}</Link> — <StatusBadge status={r.status} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="pratiche" className="mb-10">
        <h2 id="pratiche" className="mb-1 text-2xl font-bold">{t.myPratiche}</h2>
        <p className="mb-4 max-w-3xl">{t.myPraticheIntro}</p>
        {list.total === 0 ? (
          <div className="card">
            <p className="mb-3">{t.noPratiche}</p>
            <Link href={`/${ente.slug}/servizi`} className="btn-primary">{t.goToServices}</Link>
          </div>
        ) : (
          <>
            <ul className="space-y-3">
              {list.rows.map((r) => (
                <li key={r.id} className="card flex flex-wrap items-center gap-x-6 gap-y-2 p-4">
                  <div className="min-w-0 flex-1 basis-64">
                    <h3 className="font-semibold">
                      <Link href={`${base}/pratiche/${r.id}`} className="underline-offset-2 hover:underline">{r.serviceName}</Link>
                      {r.unread && <span className="ml-2 rounded bg-primary px-2 py-0.5 text-xs font-bold text-white" title={t.unreadLong}>{t.unread}</span>}
                    </h3>
                    <p className="text-sm text-muted">
                      {t.colNumber} <span className="font-mono" data-testid="pratica-number">{r.numero}</span> · {t.colSubmitted} {f.date(r.submittedAt)}
                    </p>
                  </div>
                  <div className="text-sm">
                    <span className="sr-only">{t.colStatus}: </span>
                    <StatusBadge status={r.status} />
                    <span className="block text-muted">{t.colUpdated}: {f.dateTime(r.updatedAt)}</span>
                  </div>
                </li>
              ))}
            </ul>
            {list.pages > 1 && (
              <nav aria-label={t.pagination} className="mt-4 flex items-center gap-4">
                {list.page > 1 && <Link href={`${base}?pagina=${list.page - 1}`} className="btn-secondary">{t.prevPage}</Link>}
                <span>{t.page({ n: list.page, of: list.pages })}</span>
                {list.page < list.pages && <Link href={`${base}?pagina=${list.page + 1}`} className="btn-secondary">{t.nextPage}</Link>}
              </nav>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="bozze">
        <h2 id="bozze" className="mb-1 text-2xl font-bold">{t.drafts}</h2>
        <p className="mb-4 max-w-3xl">{t.draftsIntro}</p>
        {drafts.length === 0 ? (
          <p>{t.noDrafts}</p>
        ) : (
          <ul className="space-y-3">
            {drafts.map((d) => (
              <li key={d.id} className="card flex flex-wrap items-center gap-4 p-4">
                <div className="min-w-0 flex-1 basis-64">
                  <h3 className="font-semibold">{d.serviceName}</h3>
                  <p className="text-sm text-muted">{t.draftSavedOn({ d: f.dateTime(d.updatedAt) })}</p>
                </div>
                <Link href={`${base}/pratiche/${d.id}/modifica`} className="btn-primary" aria-label={t.resumeDraftOf({ s: d.serviceName })}>{t.resumeDraft}</Link>
                <DeleteDraftForm action={deleteDraftAction} ente={ente.slug} id={d.id} serviceName={d.serviceName} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
