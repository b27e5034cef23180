import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { AppointmentActions } from "@/components/appointments/agenda-actions";
import { PageHeader } from "@/components/ui/page-header";
import { agenda } from "@/lib/appointments/queries";
import { NotFoundError } from "@/lib/errors";
import { LOCALE } from "@/lib/i18n";
import { appointmentStatusLabel } from "@/lib/i18n/appointments";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { getLang, getT } from "@/lib/i18n/server";
import * as act from "./actions";
import { requireAgendaStaff } from "./session";
import { dayParam, mondayOf, shiftDay } from "./days";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(appointmentsStaffTexts)).agenda.pageTitle };
}
export const dynamic = "force-dynamic";

type Search = { vista?: string; giorno?: string; ufficio?: string; prenotato?: string };

const STATUS_CLASS: Record<string, string> = {
  requested: "border-warning bg-warning-light text-ink",
  confirmed: "border-success bg-success-light text-success",
  cancelled: "border-line bg-surface text-muted",
  refused: "border-line bg-surface text-muted",
  no_show: "border-danger bg-danger-light text-danger-dark",
  done: "border-line bg-surface text-ink",
};

/** The agenda of the offices the operator works at (an admin: every office), by day or by week. */
export default async function AgendaPage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Search> }) {
  const { ctx, ente } = await requireAgendaStaff((await params).ente);
  const q = await searchParams;
  const [T, lang] = await Promise.all([getT(appointmentsStaffTexts), getLang()]);
  const t = T.agenda;
  const week = q.vista === "settimana";
  const { day, today } = dayParam(q.giorno, ente.timezone);
  if (q.ufficio !== undefined && q.ufficio !== "" && !z.uuid().safeParse(q.ufficio).success) notFound();
  const officeId = q.ufficio || undefined;
  const from = week ? mondayOf(day) : day;
  const data = await agenda(ctx, { officeId, from, days: week ? 7 : 1 }).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const base = `/${ente.slug}/operatori/agenda`;
  const href = (over: Partial<Search>) => {
    const s = new URLSearchParams();
    const v = { vista: week ? "settimana" : undefined, giorno: day, ufficio: officeId, ...over };
    for (const [k, val] of Object.entries(v)) if (val) s.set(k, val);
    return `${base}?${s.toString()}`;
  };
  const step = week ? 7 : 1;
  const time = new Intl.DateTimeFormat(LOCALE[lang], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: ente.timezone });
  const dayTitle = new Intl.DateTimeFormat(LOCALE[lang], { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const showOffice = !officeId && data.offices.length > 1;
  const actions = { approve: act.approveAppointmentAction, refuse: act.refuseAppointmentAction, cancel: act.cancelAppointmentAction, noShow: act.noShowAction };
  const now = new Date();
  const printOffices = officeId ? data.offices.filter((o) => o.id === officeId) : data.offices;
  const nav = "btn-secondary px-3 py-1 text-sm";
  return (
    <div className="space-y-5">
      <PageHeader title={t.title} intro={t.intro} gap={false} />
      {q.prenotato && /^APP-\d{4}-\d{1,9}$/.test(q.prenotato) ? <p role="status" className="rounded-md border-2 border-success bg-success-light p-3 font-semibold text-success">{t.booked({ code: q.prenotato })}</p> : null}
      {data.offices.length === 0 ? (
        <p className="rounded-md border-2 border-warning bg-warning-light p-3 text-ink">{t.noOffices}</p>
      ) : (
        <>
          <div className="flex flex-wrap items-end gap-3">
            <nav aria-label={t.view} className="flex gap-1">
              <Link href={href({ vista: undefined })} aria-current={week ? undefined : "page"} className={week ? nav : "btn-primary px-3 py-1 text-sm"}>{t.day}</Link>
              <Link href={href({ vista: "settimana" })} aria-current={week ? "page" : undefined} className={week ? "btn-primary px-3 py-1 text-sm" : nav}>{t.week}</Link>
            </nav>
            <div className="flex gap-1">
              <Link href={href({ giorno: shiftDay(day, -step) })} className={nav} aria-label={week ? t.prevWeek : t.prevDay}>←</Link>
              <Link href={href({ giorno: today })} className={nav}>{t.today}</Link>
              <Link href={href({ giorno: shiftDay(day, step) })} className={nav} aria-label={week ? t.nextWeek : t.nextDay}>→</Link>
            </div>
            <form method="get" action={base} className="flex flex-wrap items-end gap-2">
              {week ? <input type="hidden" name="vista" value="settimana" /> : null}
              <input type="hidden" name="giorno" value={day} />
              <div>
                <label htmlFor="agenda-ufficio" className="field-label text-sm">{t.office}</label>
                <select id="agenda-ufficio" name="ufficio" defaultValue={officeId ?? ""} className="field-input py-1">
                  <option value="">{t.allOffices}</option>
                  {data.offices.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
                </select>
              </div>
              <button type="submit" className={nav}>{t.filter}</button>
            </form>
          </div>
          <p className="flex flex-wrap gap-x-4 gap-y-1">
            <Link href={`${base}/prenota${officeId ? `?ufficio=${officeId}&giorno=${day}` : `?giorno=${day}`}`} className="font-semibold">{t.bookOnBehalf}</Link>
            {printOffices.map((o) => (
              <Link key={o.id} href={`${base}/stampa?ufficio=${o.id}&giorno=${day}`}>
                {t.print}{printOffices.length > 1 ? ` — ${o.name}` : ""}
              </Link>
            ))}
          </p>
          {data.days.map((d) => (
            <section key={d.day} aria-labelledby={`giorno-${d.day}`} className="space-y-2">
              <h2 id={`giorno-${d.day}`} className="text-xl font-bold first-letter:uppercase">
                {dayTitle.format(new Date(`${d.day}T12:00:00Z`))}
                {d.day === today ? <span className="ml-2 text-base font-normal text-muted">({t.today})</span> : null}
              </h2>
              {d.items.length === 0 ? (
                <p className="text-muted">{t.empty}</p>
              ) : (
                <ol className="space-y-2">
                  {d.items.map((a) => (
                    <li key={a.id} className="card grid gap-3 p-3 sm:grid-cols-[5rem_1fr_16rem]" data-testid="agenda-item">
                      <p className="text-lg font-bold">
                        <span className="sr-only">{t.time} </span>
                        {time.format(a.startsAt)}
                      </p>
                      <div className="min-w-0 space-y-1">
                        <p className="flex flex-wrap items-center gap-2">
                          <span className="font-semibold">{a.name}</span>
                          <span className={`rounded border px-2 text-sm font-semibold ${STATUS_CLASS[a.status] ?? ""}`}>{appointmentStatusLabel(a.status, lang)}</span>
                          <span className="font-mono text-xs text-muted">{a.code}</span>
                        </p>
                        <p><span className="text-muted">{t.reason}:</span> {a.reason}</p>
                        <p className="text-sm">
                          <span className="text-muted">{t.service}:</span> {a.serviceName}
                          {showOffice ? <> · <span className="text-muted">{t.office}:</span> {a.officeName}</> : null}
                        </p>
                        {a.phone || a.email ? <p className="text-sm"><span className="text-muted">{t.contact}:</span> {[a.phone, a.email].filter(Boolean).join(" · ")}</p> : null}
                        {a.praticaId ? (
                          <p className="text-sm">
                            <span className="text-muted">{t.pratica}:</span> <Link href={`/${ente.slug}/operatori/pratiche/${a.praticaId}`}>{a.praticaNumero ?? a.praticaId}</Link>
                          </p>
                        ) : null}
                        {a.message ? <p className="text-sm text-muted">«{a.message}»</p> : null}
                      </div>
                      <AppointmentActions actions={actions} ente={ente.slug} id={a.id} status={a.status} started={a.startsAt <= now} />
                    </li>
                  ))}
                </ol>
              )}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
