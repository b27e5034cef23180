import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PrintButton } from "@/components/appointments/print-button";
import { agenda } from "@/lib/appointments/queries";
import { NotFoundError } from "@/lib/errors";
import { LOCALE } from "@/lib/i18n";
import { appointmentStatusLabel } from "@/lib/i18n/appointments";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { getFormat, getLang, getT } from "@/lib/i18n/server";
import { requireAgendaStaff } from "../session";
import { dayParam } from "../days";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(appointmentsStaffTexts)).print.pageTitle };
}
export const dynamic = "force-dynamic";

/* On paper only the list: the site's header, menu, footer and this page's buttons are left out. */
const PRINT_CSS = `@media print {
  body header, body nav, body footer, .no-print { display: none !important; }
  main { max-width: none !important; padding: 0 !important; }
  .print-list { font-size: 11pt; }
  .print-list th, .print-list td { border: 1px solid #000 !important; padding: 4pt 6pt !important; }
  .print-list tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 15mm; }
}`;

/** The day's list of one office, to print at the counter: time, name, phone, reason, status. */
export default async function AgendaPrintPage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<{ ufficio?: string; giorno?: string }> }) {
  const { ctx, ente } = await requireAgendaStaff((await params).ente);
  const q = await searchParams;
  const [T, lang, f] = await Promise.all([getT(appointmentsStaffTexts), getLang(), getFormat(ente.timezone)]);
  const t = T.print;
  const { day } = dayParam(q.giorno, ente.timezone);
  const office = z.uuid().safeParse(q.ufficio);
  const base = `/${ente.slug}/operatori/agenda`;
  if (!office.success) {
    // No office chosen: pick one of the operator's offices and the day.
    const { offices } = await agenda(ctx, { from: day, days: 1 });
    return (
      <div className="space-y-4">
        <h1 className="text-3xl font-bold">{t.pageTitle}</h1>
        <p>{t.chooseOffice}</p>
        <form method="get" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="stampa-ufficio" className="field-label">{T.agenda.office}</label>
            <select id="stampa-ufficio" name="ufficio" className="field-input">{offices.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}</select>
          </div>
          <div>
            <label htmlFor="stampa-giorno" className="field-label">{T.agenda.day}</label>
            <input id="stampa-giorno" name="giorno" type="date" defaultValue={day} className="field-input" />
          </div>
          <button type="submit" className="btn-primary">{t.show}</button>
        </form>
      </div>
    );
  }
  const data = await agenda(ctx, { officeId: office.data, from: day, days: 1 }).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const current = data.offices.find((o) => o.id === office.data);
  if (!current) notFound();
  const items = data.days.flatMap((d) => d.items).filter((a) => a.officeId === office.data);
  const time = new Intl.DateTimeFormat(LOCALE[lang], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: ente.timezone });
  const dayTitle = new Intl.DateTimeFormat(LOCALE[lang], { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
  const cell = "border-b border-line px-2 py-2 align-top";
  return (
    <div className="space-y-4">
      <style>{PRINT_CSS}</style>
      <div className="no-print flex flex-wrap items-center gap-3">
        <Link href={`${base}?giorno=${day}&ufficio=${current.id}`}>← {t.back}</Link>
        <PrintButton label={t.printNow} />
      </div>
      <div>
        <h1 className="text-2xl font-bold">{t.title({ office: current.name, day: dayTitle })}</h1>
        <p className="text-muted">{current.address}</p>
        <p className="text-sm text-muted">{t.generated({ at: f.dateTime(new Date()) })}</p>
      </div>
      {items.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <div className="overflow-x-auto" role="region" aria-labelledby="stampa-caption" tabIndex={0}>
          <table className="print-list w-full border-collapse text-left">
            <caption id="stampa-caption" className="sr-only">{t.title({ office: current.name, day: dayTitle })}</caption>
            <thead>
              <tr>
                <th scope="col" className={cell}>{T.agenda.time}</th>
                <th scope="col" className={cell}>{T.agenda.name}</th>
                <th scope="col" className={cell}>{t.phone}</th>
                <th scope="col" className={cell}>{T.agenda.reason}</th>
                <th scope="col" className={cell}>{T.agenda.status}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td className={`${cell} whitespace-nowrap font-semibold`}>{time.format(a.startsAt)}</td>
                  <td className={cell}>{a.name}<div className="font-mono text-xs text-muted">{a.code}</div></td>
                  <td className={`${cell} whitespace-nowrap`}>{a.phone ?? "—"}</td>
                  <td className={cell}>{a.reason}<div className="text-xs text-muted">{a.serviceName}</div></td>
                  <td className={cell}>{appointmentStatusLabel(a.status, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
