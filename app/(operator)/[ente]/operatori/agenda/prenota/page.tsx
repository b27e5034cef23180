import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { BookOnBehalfForm } from "@/components/appointments/book-on-behalf-form";
import { PageHeader } from "@/components/ui/page-header";
import { bookableServices, listOffices } from "@/lib/appointments/offices";
import { availability } from "@/lib/appointments/slots";
import { LOCALE } from "@/lib/i18n";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { getLang, getT } from "@/lib/i18n/server";
import { toLocalDateTime } from "@/lib/time/wall-clock";
import { bookOnBehalfAction } from "../actions";
import { requireAgendaStaff } from "../session";
import { dayParam } from "../days";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(appointmentsStaffTexts)).book.pageTitle };
}
export const dynamic = "force-dynamic";

/**
 * "Prenota per conto del cittadino": first office, service and day (a plain GET form), then the day's free slots
 * (staff see them also inside the notice period) and the citizen's details, booked with the operator as the actor.
 */
export default async function BookOnBehalfPage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<{ ufficio?: string; servizio?: string; giorno?: string }> }) {
  const { ctx, ente } = await requireAgendaStaff((await params).ente);
  const q = await searchParams;
  const [T, lang] = await Promise.all([getT(appointmentsStaffTexts), getLang()]);
  const t = T.book;
  const [offices, bookable] = await Promise.all([listOffices(ctx), bookableServices(ctx)]);
  const active = offices.filter((o) => o.active);
  const { day } = dayParam(q.giorno, ente.timezone);
  const chosenId = z.uuid().safeParse(q.ufficio);
  const office = active.find((o) => chosenId.success && o.id === chosenId.data) ?? active[0];
  const services = office ? bookable.map((b) => b.service).filter((s) => office.serviceIds.includes(s.id)) : [];
  const service = services.find((s) => s.id === q.servizio);
  const slots = office && service ? (await availability(ctx, office.id, { from: day, days: 1 }))[0] : undefined;
  const time = new Intl.DateTimeFormat(LOCALE[lang], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: ente.timezone });
  const dayTitle = new Intl.DateTimeFormat(LOCALE[lang], { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
  const free = (slots?.slots ?? []).filter((s) => s.free > 0).map((s) => ({ value: toLocalDateTime(s.startsAt, ente.timezone), label: time.format(s.startsAt), free: s.free }));
  return (
    <div className="space-y-5">
      <p><Link href={`/${ente.slug}/operatori/agenda?giorno=${day}`}>← {t.back}</Link></p>
      <PageHeader title={t.title} intro={t.intro} gap={false} />
      {active.length === 0 ? (
        <p className="rounded-md border-2 border-warning bg-warning-light p-3 text-ink">{T.agenda.noOffices}</p>
      ) : (
        <section aria-labelledby="passo-1" className="card space-y-3">
          <h2 id="passo-1" className="text-xl font-bold">{t.step1}</h2>
          <form method="get" className="grid items-end gap-3 sm:grid-cols-4">
            <div>
              <label htmlFor="book-office" className="field-label">{t.office}</label>
              <select id="book-office" name="ufficio" defaultValue={office?.id} className="field-input">
                {active.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
              </select>
            </div>
            <div>
              <label htmlFor="book-service" className="field-label">{t.service}</label>
              <select id="book-service" name="servizio" defaultValue={service?.id ?? ""} className="field-input">
                <option value="">—</option>
                {services.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </select>
            </div>
            <div>
              <label htmlFor="book-day" className="field-label">{t.day}</label>
              <input id="book-day" name="giorno" type="date" defaultValue={day} className="field-input" />
            </div>
            <button type="submit" className="btn-secondary">{t.showSlots}</button>
          </form>
          {office && services.length === 0 ? <p className="text-muted">{t.noService}</p> : null}
        </section>
      )}
      {office && service && slots ? (
        <section aria-labelledby="passo-2" className="card space-y-3">
          <h2 id="passo-2" className="text-xl font-bold">{t.step2}</h2>
          <p className="text-muted">{office.name} · {service.name} · {dayTitle}</p>
          {slots.closed ? (
            <p className="font-semibold">{t.closed}{slots.reason ? `: ${slots.reason}` : ""}</p>
          ) : free.length === 0 ? (
            <p className="font-semibold">{t.noSlots}</p>
          ) : (
            <BookOnBehalfForm action={bookOnBehalfAction} ente={ente.slug} officeId={office.id} serviceId={service.id} slots={free} reason={service.name} bookingKey={crypto.randomUUID()} />
          )}
        </section>
      ) : null}
    </div>
  );
}
