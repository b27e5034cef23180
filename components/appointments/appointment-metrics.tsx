import type { OfficeAppointmentMetrics, PublicAppointmentMetrics } from "@/lib/appointments/metrics";
import { appointmentsStaffTexts, type AppointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { getFormat, getT } from "@/lib/i18n/server";
import type { Formatter } from "@/lib/i18n";
import { KpiGrid } from "@/components/ui/kpi-grid";

const cell = "border-b border-line px-3 py-2";

function wait(days: number | null, t: AppointmentsStaffTexts["metrics"], f: Formatter): string {
  if (days === null) return t.nextFreeNone;
  const hours = Math.round(days * 24);
  if (hours < 1) return t.withinHour;
  return days < 2 ? t.inHours({ n: f.number(hours) }) : t.inDays({ n: f.number(days) });
}

/** "Metriche di utilizzo": per office, bookings, cancellations, no-shows of the period and the wait for the first free place. */
export async function OfficeAppointmentMetricsView({ rows, periodDays }: { rows: OfficeAppointmentMetrics[]; periodDays: number }) {
  const [T, f] = await Promise.all([getT(appointmentsStaffTexts), getFormat()]);
  const t = T.metrics;
  return (
    <section aria-labelledby="m-appuntamenti" className="space-y-2">
      <h2 id="m-appuntamenti" className="text-xl font-bold">{t.title}</h2>
      <p className="text-muted">{t.intro({ days: periodDays })}</p>
      {rows.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <div className="overflow-x-auto" role="region" aria-labelledby="m-appuntamenti-caption" tabIndex={0}>
          <table className="w-full border-collapse text-left">
            <caption id="m-appuntamenti-caption" className="sr-only">{t.title}</caption>
            <thead className="bg-surface">
              <tr>
                <th scope="col" className={cell}>{t.office}</th>
                <th scope="col" className={cell}>{t.bookings}</th>
                <th scope="col" className={cell}>{t.cancellations}</th>
                <th scope="col" className={cell}>{t.noShows}</th>
                <th scope="col" className={cell}>{t.nextFree}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.officeId}>
                  <th scope="row" className={`${cell} font-normal`}>{r.name}</th>
                  <td className={cell}>{f.number(r.bookings)}</td>
                  <td className={cell}>{f.number(r.cancellations)}</td>
                  <td className={cell}>{f.number(r.noShows)}</td>
                  <td className={cell}>{r.nextFreeAt ? <>{f.dateTime(r.nextFreeAt)} <span className="text-muted">({wait(r.daysToNextFree, t, f)})</span></> : t.nextFreeNone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The public monitoring page: the ente's appointment totals and the median wait, as figure cards. */
export async function PublicAppointmentMetricsView({ m }: { m: PublicAppointmentMetrics }) {
  const [T, f] = await Promise.all([getT(appointmentsStaffTexts), getFormat()]);
  const t = T.metrics;
  const kpis = [
    { label: t.bookings, value: f.number(m.bookings) },
    { label: t.cancellations, value: f.number(m.cancellations) },
    { label: t.noShows, value: f.number(m.noShows) },
    { label: t.medianNextFree, value: m.medianDaysToNextFree === null ? t.nextFreeNone : t.days({ n: f.number(m.medianDaysToNextFree) }) },
  ];
  return (
    <section aria-labelledby="m-appuntamenti" className="space-y-2">
      <h2 id="m-appuntamenti" className="text-xl font-bold">{t.publicTitle}</h2>
      <p className="text-muted">{t.intro({ days: m.periodDays })}</p>
      <KpiGrid items={kpis} columns="sm:grid-cols-2 lg:grid-cols-4" />
    </section>
  );
}
