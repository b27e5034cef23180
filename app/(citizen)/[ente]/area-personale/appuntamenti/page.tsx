import type { Metadata } from "next";
import Link from "next/link";
import { AppointmentList } from "@/components/booking/appointment-list";
import { PersonalAreaHeader } from "@/components/portal/personal-area-header";
import { listMyAppointments } from "@/lib/appointments/queries";
import { requireCitizen } from "@/lib/auth/session";
import { appointmentsCitizen } from "@/lib/i18n/appointments-citizen";
import { portal } from "@/lib/i18n/portal";
import { getLang, getT } from "@/lib/i18n/server";
import { splitAppointments } from "@/lib/portal/my-appointments";
import { countMyUnreadThreads } from "@/lib/portal/personal-area";

export async function generateMetadata(): Promise<Metadata> {
  const [t, A] = await Promise.all([getT(portal), getT(appointmentsCitizen)]);
  return { title: `${A.pageTitle} - ${t.personalArea}` };
}
export const dynamic = "force-dynamic";

/** "Appuntamenti": the citizen's bookings, upcoming first (soonest first), then the past ones, each with its manage link. */
export default async function Appointments({ params }: { params: Promise<{ ente: string }> }) {
  const { ente: slug } = await params;
  const { ente, user, ctx } = await requireCitizen(slug, `/${slug}/area-personale/appuntamenti`);
  const [A, lang, items, unread] = await Promise.all([getT(appointmentsCitizen), getLang(), listMyAppointments(ctx), countMyUnreadThreads(ctx)]);
  const { upcoming, past } = splitAppointments(items);
  return (
    <>
      <PersonalAreaHeader ente={ente.slug} name={user.name} current="appointments" unreadThreads={unread} />
      <div className="max-w-4xl">
        <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 className="mb-1 text-2xl font-bold">{A.pageTitle}</h2>
            <p>{A.pageIntro}</p>
          </div>
          <Link href={`/${ente.slug}/prenota`} className="btn-primary">{A.book}</Link>
        </div>
        <section aria-labelledby="prossimi" className="mb-8">
          <h3 id="prossimi" className="mb-3 text-xl font-bold">{A.upcoming}</h3>
          {upcoming.length === 0 ? <p>{A.noUpcoming}</p> : <AppointmentList items={upcoming} ente={ente.slug} timeZone={ente.timezone} lang={lang} headingLevel={4} linkPratica />}
        </section>
        <section aria-labelledby="passati">
          <h3 id="passati" className="mb-3 text-xl font-bold">{A.past}</h3>
          {past.length === 0 ? <p>{A.noPast}</p> : <AppointmentList items={past} ente={ente.slug} timeZone={ente.timezone} lang={lang} headingLevel={4} linkPratica />}
        </section>
      </div>
    </>
  );
}
