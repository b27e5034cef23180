import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { ActivityList } from "@/components/portal/activity-list";
import { DeleteDraftForm } from "@/components/portal/delete-draft-form";
import { Pager } from "@/components/portal/pager";
import { PersonalAreaHeader } from "@/components/portal/personal-area-header";
import { StatusBadge } from "@/components/portal/status-badge";
import { ThreadList } from "@/components/portal/thread-list";
import { requireCitizen } from "@/lib/auth/session";
import { personalArea } from "@/lib/i18n/personal-area";
import { portal } from "@/lib/i18n/portal";
import { paymentsCitizen } from "@/lib/i18n/payments-citizen";
import { getFormat, getLang, getT } from "@/lib/i18n/server";
import { formatDueDay } from "@/lib/payments/due-day";
import { formatEuroCents } from "@/lib/payments/euro";
import { listMyPayments } from "@/lib/payments/workflow";
import { listMyDrafts, listMyPratiche } from "@/lib/portal/my-pratiche";
import { countMyUnreadThreads, listMyActivity, listMyIntegrationRequests, listMyThreads } from "@/lib/portal/personal-area";
import { praticaNumber } from "@/lib/pratiche/number";
import { deleteDraftAction } from "./pratiche/[id]/actions";

export async function generateMetadata(): Promise<Metadata> {
  const [t, pa] = await Promise.all([getT(portal), getT(personalArea)]);
  return { title: `${pa.tabs.desk} - ${t.personalArea}` };
}
export const dynamic = "force-dynamic";

const querySchema = z.object({ pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1), esito: z.string().max(40).optional().catch(undefined) });

/**
 * "Scrivania", the personal area's first tab: what waits for the citizen (documents the municipality asked for,
 * payments to make, drafts to complete), news to read, their pratiche with status, the latest messages and activity, shortcuts.
 */
export default async function PersonalArea({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ente: slug } = await params;
  const { ente, user, ctx } = await requireCitizen(slug, `/${slug}/area-personale`);
  const [t, pa, f, P, lang] = await Promise.all([getT(portal), getT(personalArea), getFormat(ente.timezone), getT(paymentsCitizen), getLang()]);
  const query = querySchema.parse(await searchParams);
  const [list, drafts, requests, threads, activity, unread, myPayments] = await Promise.all([
    listMyPratiche(ctx, { page: query.pagina }),
    listMyDrafts(ctx),
    listMyIntegrationRequests(ctx),
    listMyThreads(ctx, { pageSize: 3 }),
    listMyActivity(ctx, { pageSize: 3 }),
    countMyUnreadThreads(ctx),
    listMyPayments(ctx),
  ]);
  // Payments still to make (a failed attempt included): the citizen pays from the pratica's page.
  const toPay = myPayments.filter((p) => p.payable);
  const base = `/${ente.slug}/area-personale`;
  const news = list.rows.filter((r) => r.unread).slice(0, 5);
  return (
    <>
      <PersonalAreaHeader ente={ente.slug} name={user.name} current="desk" unreadThreads={unread} />
      {query.esito === "bozza-eliminata" && <p role="status" className="mb-4 rounded-md border-l-4 border-success bg-success-light p-3 font-semibold">{t.draftDeleted}</p>}
      {query.esito === "errore" && <p role="alert" className="mb-4 rounded-md border-l-4 border-danger-dark bg-danger-light p-3 font-semibold">{t.errors.generic}</p>}

      <div className="grid gap-10 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0">
          <section aria-labelledby="da-fare" className="mb-10">
            <h2 id="da-fare" className="mb-1 text-2xl font-bold">{pa.toDo}</h2>
            <p className="mb-4 max-w-3xl">{pa.toDoIntro}</p>
            {requests.length === 0 && drafts.length === 0 && toPay.length === 0 && <p>{pa.nothingToDo}</p>}
            {toPay.length > 0 && (
              <ul className="mb-6 space-y-3" data-testid="to-pay">
                {toPay.map((p) => (
                  <li key={p.id} className="card border-l-4 border-l-warning p-4">
                    <Link href={`${base}/pratiche/${p.praticaId}#pagamenti`} className="font-semibold underline">
                      {P.toDoPay({ amount: formatEuroCents(p.amountCents, lang), n: praticaNumber({ id: p.praticaId, numero: p.praticaNumero }) })}
                    </Link>
                    <p className="text-sm text-muted">{P.toDoPayDue({ s: p.praticaSubject, d: formatDueDay(p.dueDate, lang, ente.timezone) })}</p>
                  </li>
                ))}
              </ul>
            )}
            {requests.length > 0 && (
              <ul className="mb-6 space-y-3">
                {requests.map((r) => (
                  <li key={r.praticaId} className="card border-l-4 border-l-warning p-4">
                    <Link href={`${base}/pratiche/${r.praticaId}`} className="font-semibold underline">
                      {pa.answerIntegration({ n: praticaNumber({ id: r.praticaId, numero: r.numero }) })}
                    </Link>
                    <p className="text-sm text-muted">{r.serviceName} · {pa.requestedOn({ d: f.date(r.since) })}</p>
                  </li>
                ))}
              </ul>
            )}
            <h3 id="bozze" className="mb-1 text-xl font-bold">{t.drafts}</h3>
            <p className="mb-3 max-w-3xl">{t.draftsIntro}</p>
            {drafts.length === 0 ? (
              <p>{t.noDrafts}</p>
            ) : (
              <ul className="space-y-3">
                {drafts.map((d) => (
                  <li key={d.id} className="card flex flex-wrap items-center gap-4 p-4">
                    <div className="min-w-0 flex-1 basis-48">
                      <p className="font-semibold">{d.serviceName}</p>
                      <p className="text-sm text-muted">{t.draftSavedOn({ d: f.dateTime(d.updatedAt) })}</p>
                    </div>
                    <Link href={`${base}/pratiche/${d.id}/modifica`} className="btn-primary" aria-label={t.resumeDraftOf({ s: d.serviceName })}>{t.resumeDraft}</Link>
                    <DeleteDraftForm action={deleteDraftAction} ente={ente.slug} id={d.id} serviceName={d.serviceName} />
                  </li>
                ))}
              </ul>
            )}
          </section>

          {news.length > 0 && (
            <section aria-labelledby="novita" className="mb-10 rounded-md border-l-4 border-primary bg-primary-light p-4">
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
                      <div className="min-w-0 flex-1 basis-56">
                        <h3 className="font-semibold">
                          <Link href={`${base}/pratiche/${r.id}`} className="underline-offset-2 hover:underline">{r.serviceName}</Link>
                          {r.unread && <span className="ml-2 rounded bg-primary px-2 py-0.5 text-xs font-bold text-white" title={t.unreadLong}>{t.unread}</span>}
                        </h3>
                        <p className="text-sm text-muted">
                          {t.colNumber} <span className="font-mono" data-testid="pratica-number">{praticaNumber(r)}</span> · {t.colSubmitted} {f.date(r.submittedAt)}
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
                <Pager base={base} page={list.page} pages={list.pages} />
              </>
            )}
          </section>
        </div>

        <div className="min-w-0">
          <section aria-labelledby="ultimi-messaggi" className="mb-10">
            <h2 id="ultimi-messaggi" className="mb-3 text-xl font-bold">{pa.latestMessages}</h2>
            {threads.rows.length === 0 ? <p>{pa.noThreads}</p> : <ThreadList rows={threads.rows} ente={ente.slug} timeZone={ente.timezone} />}
            <p className="mt-3"><Link href={`${base}/messaggi`} className="font-semibold underline">{pa.allMessages}</Link></p>
          </section>
          <section aria-labelledby="ultime-attivita" className="mb-10">
            <h2 id="ultime-attivita" className="mb-3 text-xl font-bold">{pa.latestActivity}</h2>
            {activity.rows.length === 0 ? <p>{pa.noActivity}</p> : <ActivityList rows={activity.rows} ente={ente.slug} timeZone={ente.timezone} />}
            <p className="mt-3"><Link href={`${base}/attivita`} className="font-semibold underline">{pa.allActivity}</Link></p>
          </section>
          <section aria-labelledby="scorciatoie">
            <h2 id="scorciatoie" className="mb-3 text-xl font-bold">{pa.shortcuts}</h2>
            <ul className="space-y-2">
              <li><Link href={`/${ente.slug}/servizi`} className="font-semibold underline">{pa.catalogue}</Link></li>
              <li><Link href={`${base}/profilo`} className="font-semibold underline">{t.profileLink}</Link></li>
            </ul>
          </section>
        </div>
      </div>
    </>
  );
}
