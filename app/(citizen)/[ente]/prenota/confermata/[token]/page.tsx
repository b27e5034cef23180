import type { Metadata } from "next";
import Link from "next/link";
import { AppointmentDetails } from "@/components/booking/appointment-details";
import { appointmentWhen } from "@/components/booking/slot-picker";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { getCurrentUser } from "@/lib/auth/session";
import { appointmentsCitizen } from "@/lib/i18n/appointments-citizen";
import { common } from "@/lib/i18n/common";
import { getLang, getT } from "@/lib/i18n/server";
import { dateKey } from "@/lib/time/wall-clock";
import { loadBookingByLink } from "@/app/(citizen)/[ente]/appuntamenti/[token]/load";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(appointmentsCitizen)).title, robots: { index: false } };
}

/** After "Conferma prenotazione": the booking's code, office and time, where the email goes, and the link to manage it. */
export default async function BookingConfirmed({ params }: { params: Promise<{ ente: string; token: string }> }) {
  const { ente: slug, token } = await params;
  const { ente, a } = await loadBookingByLink(slug, token);
  const [t, c, lang, current] = await Promise.all([getT(appointmentsCitizen), getT(common), getLang(), getCurrentUser()]);
  const tz = ente.timezone;
  const when = appointmentWhen(a, tz, lang, (d) => dateKey(d, tz));
  const requested = a.status === "requested";
  return (
    <>
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, { href: `/${ente.slug}/servizi/${a.serviceSlug}`, label: a.serviceName }, { label: t.title }]} />
      <div className="max-w-3xl">
        <h1 className="mb-4 flex items-center gap-3 text-3xl font-bold sm:text-4xl">
          <svg aria-hidden="true" width="36" height="36" viewBox="0 0 24 24" className="shrink-0 fill-success"><path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm-1.2 14.2-4-4 1.4-1.4 2.6 2.6 5.6-5.6 1.4 1.4-7 7Z" /></svg>
          {requested ? t.requestedTitle : t.confirmedTitle}
        </h1>
        <p className="mb-2 text-lg" data-testid="confirmation-when">{requested ? t.requestedFor({ when }) : t.fixedFor({ when })}</p>
        <p className="mb-6">{a.email ? t.emailNote({ email: a.email }) : t.emailNoteNoAddress}</p>
        <section aria-labelledby="dettagli" className="card mb-6">
          <h2 id="dettagli" className="mb-3 text-xl font-bold">{t.manageTitle}</h2>
          <AppointmentDetails a={a} timeZone={tz} lang={lang} />
        </section>
        <p className="flex flex-col gap-3 sm:flex-row">
          <Link href={`/${ente.slug}/appuntamenti/${token}`} className="btn-primary">{t.manage}</Link>
          {current?.kind === "citizen" && <Link href={`/${ente.slug}/area-personale/appuntamenti`} className="btn-secondary">{t.myAppointments}</Link>}
        </p>
      </div>
    </>
  );
}
