import type { Metadata } from "next";
import { z } from "zod";
import { FeedbackTrend } from "@/components/admin/feedback-trend";
import { BarChart } from "@/components/backoffice/charts";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";
import { getFeedbackReport, type RatingSummary } from "@/lib/feedback/report";
import { feedbackTexts } from "@/lib/i18n/feedback";
import { getFormat, getT } from "@/lib/i18n/server";
import { KpiGrid } from "@/components/ui/kpi-grid";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(feedbackTexts)).admin.nav };
}

const query = z.object({ servizio: z.uuid().optional().catch(undefined) });
const cell = "border-b border-line px-3 py-2";

/** "Valutazioni": what citizens answered with the rating component, per service and page, with the weekly trend. */
export default async function FeedbackAdminPage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const q = query.parse(await searchParams);
  const [texts, f] = await Promise.all([getT(feedbackTexts), getFormat(ente.timezone)]);
  const t = texts.admin;
  // Another ente's service id finds nothing: every query of the report is limited to this ente.
  const serviceId = q.servizio;
  const r = await getFeedbackReport(ctx, { serviceId });
  const avg = (s: RatingSummary) => (s.average === null ? "—" : t.averageOf({ avg: f.number(s.average) }));
  const share = (s: RatingSummary) => (s.count === 0 ? "—" : `${f.number(Math.round(((s.distribution[3] + s.distribution[4]) / s.count) * 100))}%`);
  const kpis = [
    { label: t.total, value: f.number(r.total.count) },
    { label: t.average, value: avg(r.total) },
    { label: t.positiveShare, value: share(r.total) },
    { label: `${t.last30}: ${t.total.toLowerCase()}`, value: f.number(r.last30.count) },
    { label: `${t.last30}: ${t.average.toLowerCase()}`, value: avg(r.last30) },
  ];
  const weekLabel = (week: string) => `${week.slice(8, 10)}/${week.slice(5, 7)}`;
  return (
    <div className="space-y-8">
      <PageHeader title={t.title} intro={t.intro} narrowIntro />
      <form method="get" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="servizio" className="field-label">{t.filterLabel}</label>
          <select id="servizio" name="servizio" defaultValue={serviceId ?? ""} className="field-input">
            <option value="">{t.allServices}</option>
            {r.services.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </div>
        <button type="submit" className="btn-secondary">{t.filter}</button>
      </form>
      {r.total.count === 0 ? (
        <p className="card">{t.none}</p>
      ) : (
        <>
          <KpiGrid items={kpis} />

          <section aria-labelledby="v-trend" className="card space-y-4">
            <h2 id="v-trend" className="text-xl font-bold">{t.trend}</h2>
            <FeedbackTrend
              title={t.trendChart}
              empty={t.noRatings}
              weeks={r.trend.map((w) => ({ label: weekLabel(w.week), average: w.average, averageText: w.average === null ? "" : f.number(w.average), count: w.count }))}
            />
            <div className="overflow-x-auto" role="region" aria-labelledby="v-trend-caption" tabIndex={0}>
              <table className="w-full border-collapse text-left">
                <caption id="v-trend-caption" className="mb-1 text-left font-semibold">{t.trendChart}</caption>
                <thead className="bg-surface"><tr><th scope="col" className={cell}>{t.week}</th><th scope="col" className={cell}>{t.count}</th><th scope="col" className={cell}>{t.average}</th></tr></thead>
                <tbody>
                  {r.trend.map((w) => (
                    <tr key={w.week}><th scope="row" className={`${cell} font-normal`}>{f.date(w.week)}</th><td className={cell}>{f.number(w.count)}</td><td className={cell}>{w.average === null ? "—" : f.number(w.average)}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <div className="grid gap-8 lg:grid-cols-2">
            <section aria-labelledby="v-dist" className="card">
              <h2 id="v-dist" className="mb-3 text-xl font-bold">{t.distribution}</h2>
              <BarChart title={t.distribution} items={[5, 4, 3, 2, 1].map((n) => ({ label: t.stars({ n }), value: r.total.distribution[n - 1] ?? 0 }))} formatter={f.number} />
            </section>
            <section aria-labelledby="v-answers" className="card space-y-4">
              <h2 id="v-answers" className="text-xl font-bold">{t.answers}</h2>
              {([["positiveAnswers", r.positive.map((a) => ({ label: texts.positive[a.answer], count: a.count }))], ["negativeAnswers", r.negative.map((a) => ({ label: texts.negative[a.answer], count: a.count }))]] as const).map(([key, rows]) => (
                <table key={key} className="w-full border-collapse text-left">
                  <caption className="mb-1 text-left font-semibold">{t[key]}</caption>
                  <thead className="bg-surface"><tr><th scope="col" className={cell}>{t.answer}</th><th scope="col" className={cell}>{t.count}</th></tr></thead>
                  <tbody>{rows.map((a) => <tr key={a.label}><th scope="row" className={`${cell} font-normal`}>{a.label}</th><td className={cell}>{f.number(a.count)}</td></tr>)}</tbody>
                </table>
              ))}
            </section>
          </div>

          <section aria-labelledby="v-pages" className="space-y-2">
            <h2 id="v-pages" className="text-xl font-bold">{t.byPage}</h2>
            <div className="overflow-x-auto" role="region" aria-labelledby="v-pages" tabIndex={0}>
              <table className="w-full border-collapse text-left">
                <thead className="bg-surface">
                  <tr>
                    <th scope="col" className={cell}>{t.service}</th><th scope="col" className={cell}>{t.page}</th><th scope="col" className={cell}>{t.count}</th><th scope="col" className={cell}>{t.average}</th>
                    {[1, 2, 3, 4, 5].map((n) => <th key={n} scope="col" className={cell}>{t.stars({ n })}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {r.byPage.map((p) => (
                    <tr key={`${p.page}|${p.serviceId ?? ""}`}>
                      <th scope="row" className={`${cell} font-normal`}>{p.serviceName ?? t.removedService}</th>
                      <td className={cell}>{p.kind ? t.pageKind[p.kind] : p.page}</td>
                      <td className={cell}>{f.number(p.count)}</td>
                      <td className={cell}>{p.average === null ? "—" : f.number(p.average)}</td>
                      {p.distribution.map((n, i) => <td key={i} className={cell}>{f.number(n)}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="v-comments" className="space-y-2">
            <h2 id="v-comments" className="text-xl font-bold">{t.comments}</h2>
            {r.comments.length === 0 ? (
              <p>{t.noComments}</p>
            ) : (
              <div className="overflow-x-auto" role="region" aria-labelledby="v-comments" tabIndex={0}>
                <table className="w-full border-collapse text-left">
                  <thead className="bg-surface"><tr><th scope="col" className={cell}>{t.when}</th><th scope="col" className={cell}>{t.service}</th><th scope="col" className={cell}>{t.rating}</th><th scope="col" className={cell}>{t.comment}</th></tr></thead>
                  <tbody>
                    {r.comments.map((c) => (
                      <tr key={c.id}>
                        <td className={`${cell} whitespace-nowrap`}>{f.dateTime(c.at)}</td>
                        <td className={cell}>{c.serviceName ?? t.removedService}</td>
                        <td className={cell}>{c.rating}</td>
                        <td className={`${cell} whitespace-pre-line break-words`}>{c.comment}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
