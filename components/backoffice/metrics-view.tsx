import type { Formatter } from "@/lib/i18n";
import { backoffice, type BackofficeTexts } from "@/lib/i18n/backoffice";
import { getFormat, getT } from "@/lib/i18n/server";
import type { Metrics } from "@/lib/metrics/compute";
import { statusLabel } from "@/lib/workflow/states";
import { BarChart, MonthChart } from "./charts";
import { KpiGrid } from "@/components/ui/kpi-grid";

function duration(hours: number | null, t: BackofficeTexts["metrics"], f: Formatter): string {
  if (hours === null) return t.none;
  return hours >= 48 ? t.days({ n: f.number(Math.round((hours / 24) * 10) / 10) }) : t.hours({ n: f.number(hours) });
}

/** Charts and the same figures as tables, in the visitor's language: used by "Metriche di utilizzo" and the public monitoring page. */
export async function MetricsView({ m }: { m: Metrics }) {
  const [texts, f] = await Promise.all([getT(backoffice), getFormat()]);
  const t = texts.metrics;
  const kpis = [
    { label: t.total, value: f.number(m.total) },
    { label: t.medianTake, value: duration(m.medianHoursToTakeInCharge, t, f) },
    { label: t.medianConclude, value: duration(m.medianHoursToConclude, t, f) },
    { label: t.overdue, value: f.number(m.overdueOpen) },
    { label: t.late, value: `${f.number(m.concludedLate)} / ${f.number(m.concluded)}` },
  ];
  const cell = "border-b border-line px-3 py-2";
  return (
    <div className="space-y-8">
      <KpiGrid items={kpis} />
      <div className="grid gap-8 lg:grid-cols-2">
        <section aria-labelledby="m-status" className="card">
          <h2 id="m-status" className="mb-3 text-xl font-bold">{t.byStatus}</h2>
          <BarChart title={t.byStatus} items={m.byStatus.map((s) => ({ label: statusLabel(s.status, f.lang), value: s.count }))} formatter={f.number} />
        </section>
        <section aria-labelledby="m-service" className="card">
          <h2 id="m-service" className="mb-3 text-xl font-bold">{t.byService}</h2>
          <BarChart title={t.byService} items={m.byService.map((s) => ({ label: s.name, value: s.count }))} formatter={f.number} />
        </section>
      </div>
      <section aria-labelledby="m-month" className="card">
        <h2 id="m-month" className="mb-3 text-xl font-bold">{t.byMonth}</h2>
        <MonthChart
          title={t.byMonth}
          months={m.byMonth.map((r) => r.month)}
          series={[
            { name: t.submitted, color: "#0066cc", values: m.byMonth.map((r) => r.submitted) },
            { name: t.concluded, color: "#00804d", values: m.byMonth.map((r) => r.concluded) },
          ]}
        />
      </section>

      <section aria-labelledby="m-table" className="space-y-6">
        <h2 id="m-table" className="text-xl font-bold">{t.table}</h2>
        <div className="overflow-x-auto" role="region" aria-label={t.byService} tabIndex={0}>
          <table className="w-full border-collapse text-left">
            <caption className="mb-1 text-left font-semibold">{t.byService}</caption>
            <thead className="bg-surface"><tr>
              <th scope="col" className={cell}>{t.service}</th><th scope="col" className={cell}>{t.count}</th><th scope="col" className={cell}>{t.open}</th>
              <th scope="col" className={cell}>{t.overdue}</th><th scope="col" className={cell}>{t.concluded}</th><th scope="col" className={cell}>{t.late}</th><th scope="col" className={cell}>{t.maxDays}</th>
            </tr></thead>
            <tbody>
              {m.byService.map((s) => (
                <tr key={s.serviceId}>
                  <th scope="row" className={`${cell} font-normal`}>{s.name}</th><td className={cell}>{f.number(s.count)}</td><td className={cell}>{f.number(s.open)}</td>
                  <td className={cell}>{f.number(s.overdue)}</td><td className={cell}>{f.number(s.concluded)}</td><td className={cell}>{f.number(s.concludedLate)}</td><td className={cell}>{s.maxResponseDays}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="grid gap-6 md:grid-cols-2">
          <table className="w-full border-collapse text-left">
            <caption className="mb-1 text-left font-semibold">{t.byStatus}</caption>
            <thead className="bg-surface"><tr><th scope="col" className={cell}>{t.status}</th><th scope="col" className={cell}>{t.count}</th></tr></thead>
            <tbody>{m.byStatus.map((s) => <tr key={s.status}><th scope="row" className={`${cell} font-normal`}>{statusLabel(s.status, f.lang)}</th><td className={cell}>{f.number(s.count)}</td></tr>)}</tbody>
          </table>
          <table className="w-full border-collapse text-left">
            <caption className="mb-1 text-left font-semibold">{t.byMonth}</caption>
            <thead className="bg-surface"><tr><th scope="col" className={cell}>{t.month}</th><th scope="col" className={cell}>{t.submitted}</th><th scope="col" className={cell}>{t.concluded}</th></tr></thead>
            <tbody>{m.byMonth.map((r) => <tr key={r.month}><th scope="row" className={`${cell} font-normal`}>{r.month}</th><td className={cell}>{f.number(r.submitted)}</td><td className={cell}>{f.number(r.concluded)}</td></tr>)}</tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
