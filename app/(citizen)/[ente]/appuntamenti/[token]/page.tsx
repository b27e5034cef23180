import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { AppointmentDetails } from "@/components/booking/appointment-details";
import { ConfirmButton } from "@/components/booking/confirm-button";
import { SlotPicker } from "@/components/booking/slot-picker";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { GUEST } from "@/lib/appointments/book";
import { availability } from "@/lib/appointments/slots";
import { appointmentsCitizen } from "@/lib/i18n/appointments-citizen";
import { common } from "@/lib/i18n/common";
import { errorTextFromUrl } from "@/lib/i18n/errors";
import { getLang, getT } from "@/lib/i18n/server";
import { addDaysToKey, mondayOf, weekToShow } from "@/lib/portal/booking-wizard";
import { isChangeable } from "@/lib/portal/my-appointments";
import { dateKey } from "@/lib/time/wall-clock";
import { cancelByLinkAction, moveByLinkAction } from "./actions";
import { loadBookingByLink } from "./load";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(appointmentsCitizen)).manageTitle, robots: { index: false } };
}

const querySchema = z.object({
  azione: z.enum(["annulla", "sposta"]).optional().catch(undefined),
  esito: z.enum(["annullato", "spostato"]).optional().catch(undefined),
  settimana: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  errore: z.string().max(80).optional().catch(undefined),
});

/** How far ahead the week navigation goes: the office's own horizon leaves the later slots out anyway. */
const MOVE_WEEKS_AHEAD = 26;

/**
 * An appointment opened from the link in its emails, without logging in: its details, "Annulla appuntamento"
 * (after a confirmation step) and "Sposta" (a free time of the same office). The signed link is the authority.
 */
export default async function ManageAppointment({ params, searchParams }: { params: Promise<{ ente: string; token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ente: slug, token } = await params;
  const { db, ente, a } = await loadBookingByLink(slug, token);
  const [t, c, lang] = await Promise.all([getT(appointmentsCitizen), getT(common), getLang()]);
  const q = querySchema.parse(await searchParams);
  const tz = ente.timezone;
  const here = `/${ente.slug}/appuntamenti/${token}`;
  const changeable = isChangeable(a);
  const notice = q.esito === "annullato" ? t.cancelledNotice : q.esito === "spostato" ? t.movedNotice : null;
  const error = q.errore ? (q.errore === "request.invalid_input" ? t.slotRequired : errorTextFromUrl(q.errore, lang)) : null;

  let move: React.ReactNode = null;
  if (changeable && q.azione === "sposta") {
    const today = dateKey(new Date(), tz);
    const week = weekToShow(q.settimana && q.settimana > today ? q.settimana : dateKey(a.startsAt, tz), today, addDaysToKey(today, MOVE_WEEKS_AHEAD * 7));
    const days = await availability({ db, ente, actor: GUEST }, a.officeId, { from: week, days: 7 });
    const prev = addDaysToKey(week, -7);
    const next = addDaysToKey(week, 7);
    move = (
      <section id="sposta" aria-labelledby="sposta-titolo" className="mb-8 scroll-mt-4">
        <h2 id="sposta-titolo" className="mb-2 text-2xl font-bold">{t.moveTitle}</h2>
        <p className="mb-4">{t.moveIntro({ office: a.officeName })}</p>
        <form action={moveByLinkAction} className="space-y-6" noValidate>
          <input type="hidden" name="ente" value={ente.slug} />
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="settimana" value={week} />
          <SlotPicker
            days={days}
            timeZone={tz}
            lang={lang}
            name="ora"
            error={error ?? undefined}
            prevHref={week > mondayOf(today) ? `${here}?azione=sposta&settimana=${prev}#sposta` : null}
            nextHref={next <= addDaysToKey(today, MOVE_WEEKS_AHEAD * 7) ? `${here}?azione=sposta&settimana=${next}#sposta` : null}
          />
          <div className="flex flex-col-reverse gap-3 border-t border-line pt-4 sm:flex-row sm:justify-between">
            <Link href={here} className="btn-secondary">{t.keep}</Link>
            <ConfirmButton label={t.moveConfirm} pending={t.confirming} />
          </div>
        </form>
      </section>
    );
  }

  return (
    <>
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, { label: t.manageTitle }]} />
      <div className="max-w-3xl">
        <h1 className="mb-4 text-3xl font-bold sm:text-4xl">{t.manageTitle}</h1>
        {notice && <p role="status" className="mb-5 rounded-md border-l-4 border-success bg-success-light p-4 font-semibold">{notice}</p>}
        {error && q.azione !== "sposta" && <p role="alert" className="mb-5 rounded-md border-l-4 border-danger-dark bg-danger-light p-4 font-semibold text-danger-dark">{error}</p>}
        <section aria-labelledby="dettagli" className="card mb-6">
          <h2 id="dettagli" className="sr-only">{t.manageTitle}</h2>
          <AppointmentDetails a={a} timeZone={tz} lang={lang} />
        </section>
        {move}
        {changeable && q.azione === "annulla" && (
          <section id="annulla" aria-labelledby="annulla-titolo" className="mb-8 rounded-lg border-2 border-danger-dark p-4">
            <h2 id="annulla-titolo" className="mb-2 text-2xl font-bold">{t.cancelTitle}</h2>
            <p className="mb-4">{t.cancelText}</p>
            <form action={cancelByLinkAction} className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-between">
              <input type="hidden" name="ente" value={ente.slug} />
              <input type="hidden" name="token" value={token} />
              <Link href={here} className="btn-secondary">{t.keep}</Link>
              <ConfirmButton label={t.cancelYes} pending={t.confirming} danger />
            </form>
          </section>
        )}
        {changeable && !q.azione && (
          <p className="flex flex-col gap-3 sm:flex-row">
            <Link href={`${here}?azione=sposta#sposta`} className="btn-primary">{t.move}</Link>
            <Link href={`${here}?azione=annulla#annulla`} className="btn-danger">{t.cancel}</Link>
          </p>
        )}
        {!changeable && <p className="mb-4">{t.notChangeable}</p>}
        {!changeable && (
          <p>
            <Link href={`/${ente.slug}/prenota?servizio=${encodeURIComponent(a.serviceSlug)}`} className="btn-secondary">{t.bookAgain}</Link>
          </p>
        )}
      </div>
    </>
  );
}
