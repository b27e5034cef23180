import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Feedback } from "@/components/portal/feedback";
import { FeeList } from "@/components/payments/fee-list";
import { ServiceCard } from "@/components/portal/service-card";
import { SheetText } from "@/components/portal/sheet-text";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { officesForService } from "@/lib/appointments/offices";
import { requireEnte } from "@/lib/auth/session";
import { appointmentsCitizen } from "@/lib/i18n/appointments-citizen";
import { common } from "@/lib/i18n/common";
import { feesTexts } from "@/lib/i18n/fees";
import { portal } from "@/lib/i18n/portal";
import { getFormat, getT } from "@/lib/i18n/server";
import { servicePage } from "@/lib/i18n/service-page";
import { closedCode, getPublicService, listRelatedServices } from "@/lib/portal/catalogue";
import { listActiveFees } from "@/lib/payments/service-fees";
import { readInfoSheet } from "@/lib/services/sheet";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ ente: string; slug: string }> }): Promise<Metadata> {
  const { ente: slug, slug: serviceSlug } = await params;
  const { db, ente } = await requireEnte(slug);
  const service = await getPublicService(db, ente, serviceSlug);
  if (!service) return { title: (await getT(portal)).colService };
  return { title: service.name, description: readInfoSheet(service.infoSheet).description || undefined };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The service's page (scheda servizio) after Designers Italia's Modello Comuni: breadcrumb, title, status and
 * description; the page index; the sections in the template's order, each with the `data-element` the AgID
 * validator reads (C.SI.1.3); topics and the last update. The end of the article is left to the rating component.
 */
export default async function ServiceSheet({ params }: { params: Promise<{ ente: string; slug: string }> }) {
  const { ente: enteSlug, slug } = await params;
  const { db, ente } = await requireEnte(enteSlug);
  const service = await getPublicService(db, ente, slug);
  if (!service) notFound();
  const sheet = readInfoSheet(service.infoSheet);
  const [t, tp, c, f, related, F, fees, A, offices] = await Promise.all([
    getT(servicePage),
    getT(portal),
    getT(common),
    getFormat(ente.timezone),
    listRelatedServices(db, ente, sheet.relatedServices),
    getT(feesTexts),
    listActiveFees(db, ente, service.id),
    getT(appointmentsCitizen),
    officesForService({ db, ente }, service.id),
  ]);
  const closed = closedCode(service);
  const base = `/${ente.slug}/servizi`;
  const startHref = `${base}/${service.slug}/compila`;
  // Booking starts here (PNRR 1.4.1, C.SE.2.2) when an office serves the service; a service that is booked rather
  // than filled in has booking as its only action.
  const bookHref = offices.length > 0 ? `/${ente.slug}/prenota?servizio=${encodeURIComponent(service.slug)}` : null;
  const bookingOnly = service.bookingOnly && bookHref !== null;
  const conditionsHref = sheet.conditionsFileUrl || (sheet.conditions.trim() ? `${base}/${service.slug}/condizioni` : "");
  const office = sheet.office;
  const hasContacts = Boolean(office.name.trim() || sheet.contacts.trim());
  const when = (w: string) => (ISO_DATE.test(w) ? f.date(new Date(`${w}T12:00:00Z`)) : w);

  const S = tp.sheet;
  // The sections in the template's order; one without content is left out of the page and of its index. A service
  // that cannot be started has no "Accedi al servizio": the header says why instead.
  const sections = [
    { id: "a-chi-e-rivolto", title: S.whoCanApply, show: Boolean(sheet.whoCanApply.trim()) },
    { id: "come-fare", title: S.howToApply, show: Boolean(sheet.howToApply.trim()) },
    { id: "cosa-serve", title: S.whatYouNeed, show: Boolean(sheet.whatYouNeed.trim()) },
    { id: "cosa-si-ottiene", title: S.whatYouGet, show: Boolean(sheet.whatYouGet.trim()) },
    { id: "tempi-e-scadenze", title: S.timesAndDeadlines, show: true },
    // Designers Italia names this section "Quanto costa": the sheet's text, then the fees the citizen will pay.
    { id: "costi", title: F.citizen.title, show: Boolean(sheet.costs.trim()) || fees.length > 0 },
    { id: "accedi-al-servizio", title: t.accessSection, show: !closed },
    { id: "condizioni-di-servizio", title: S.conditions, show: Boolean(conditionsHref) },
    { id: "contatti", title: S.contacts, show: hasContacts },
  ].filter((s) => s.show);
  const shown = new Set(sections.map((s) => s.id));
  const h2 = (id: string) => sections.find((s) => s.id === id)?.title ?? "";

  return (
    <>
      <Breadcrumbs
        items={[
          { href: `/${ente.slug}`, label: c.home },
          { href: base, label: tp.servicesTitle },
          { href: `${base}?categoria=${encodeURIComponent(service.category)}`, label: service.category },
          { label: service.name },
        ]}
      />
      <header className="mb-8 border-b border-line pb-6">
        <h1 className="mb-3 text-3xl font-bold sm:text-4xl" data-element="service-title">{service.name}</h1>
        <p className="mb-4">
          <span
            data-element="service-status"
            className={`inline-block rounded border px-2 py-0.5 text-sm font-semibold ${closed ? "border-warning bg-warning-light text-warning" : "border-success bg-success-light text-success"}`}
          >
            {closed ? t.status.inactive : t.status.active}
          </span>
        </p>
        {sheet.description.trim() && <p className="mb-5 max-w-3xl text-lg" data-element="service-description">{sheet.description}</p>}
        {closed ? (
          <div className="max-w-3xl rounded-md border-l-4 border-warning bg-warning-light p-4" role="note">
            <p className="font-bold text-warning">{tp.closed[closed]}</p>
            <p>{tp.closedExplain}</p>
            {closed === "not_yet_open" && service.scheduledFrom && <p>{tp.opensOn({ d: f.date(service.scheduledFrom) })}</p>}
          </div>
        ) : (
          <Link href={bookingOnly && bookHref ? bookHref : startHref} className="btn-primary px-6 py-3 text-lg">
            {bookingOnly ? t.bookAppointment : tp.startService}
          </Link>
        )}
      </header>

      <div className="grid gap-8 lg:grid-cols-[15rem_1fr] lg:gap-12">
        <aside>
          <nav aria-labelledby="indice-pagina" className="rounded-lg border border-line p-4 lg:sticky lg:top-4">
            <h2 id="indice-pagina" className="mb-2 text-sm font-bold uppercase tracking-wide text-muted">{tp.onThisPage}</h2>
            <ul data-element="page-index" className="space-y-1">
              {sections.map((s) => (
                <li key={s.id}>
                  <a href={`#${s.id}`} className="block py-1 underline-offset-2 hover:underline">{s.title}</a>
                </li>
              ))}
            </ul>
          </nav>
        </aside>

        <article className="min-w-0">
          {shown.has("a-chi-e-rivolto") && (
            <Section id="a-chi-e-rivolto" title={h2("a-chi-e-rivolto")}>
              <SheetText text={sheet.whoCanApply} dataElement="service-addressed" />
            </Section>
          )}
          {shown.has("come-fare") && (
            <Section id="come-fare" title={h2("come-fare")}>
              <SheetText text={sheet.howToApply} dataElement="service-how-to" />
            </Section>
          )}
          {shown.has("cosa-serve") && (
            <Section id="cosa-serve" title={h2("cosa-serve")} shaded>
              <SheetText text={sheet.whatYouNeed} dataElement="service-needed" />
            </Section>
          )}
          {shown.has("cosa-si-ottiene") && (
            <Section id="cosa-si-ottiene" title={h2("cosa-si-ottiene")}>
              <SheetText text={sheet.whatYouGet} dataElement="service-achieved" />
            </Section>
          )}
          <Section id="tempi-e-scadenze" title={h2("tempi-e-scadenze")}>
            <SheetText text={[sheet.timesAndDeadlines.trim(), tp.responseWithin({ n: service.maxResponseDays })].filter(Boolean).join("\n\n")} dataElement="service-calendar-text" />
            {sheet.calendar.length > 0 && (
              <ol data-element="service-calendar-list" className="mt-4 space-y-3 border-l-4 border-primary pl-4">
                {sheet.calendar.map((item, i) => (
                  <li key={i}>
                    <p className="font-bold text-primary-dark">{when(item.when)}</p>
                    <p className="font-serif">{item.what}</p>
                  </li>
                ))}
              </ol>
            )}
          </Section>
          {shown.has("costi") && (
            <Section id="costi" title={h2("costi")}>
              {sheet.costs.trim() && <SheetText text={sheet.costs} />}
              {fees.length > 0 && <FeeList fees={fees} />}
            </Section>
          )}
          {shown.has("accedi-al-servizio") && (
            <Section id="accedi-al-servizio" title={h2("accedi-al-servizio")} shaded>
              {bookingOnly && bookHref ? (
                <>
                  <SheetText text={sheet.accessText.trim() || A.bookingOnlyIntro} />
                  <p className="mt-4">
                    <Link href={bookHref} data-element="service-booking-access" className="btn-primary w-full px-6 py-3 sm:w-auto">
                      {t.bookAppointment}
                    </Link>
                  </p>
                </>
              ) : (
                <>
                  <SheetText text={sheet.accessText.trim() || t.accessDefault} />
                  <p className="mt-4">
                    <Link href={startHref} data-element="service-online-access" className="btn-primary w-full px-6 py-3 sm:w-auto">
                      {tp.startService}
                    </Link>
                  </p>
                </>
              )}
              {service.status === "scheduled" && service.scheduledTo && <p className="mt-2 text-sm">{tp.closesOn({ d: f.date(service.scheduledTo) })}</p>}
              {!bookingOnly && bookHref && (
                <>
                  <p className="mt-6 font-serif">{t.bookingIntro}</p>
                  <p className="mt-3">
                    <Link href={bookHref} data-element="service-booking-access" className="btn-secondary w-full sm:w-auto">
                      {t.bookAppointment}
                    </Link>
                  </p>
                </>
              )}
              {!bookHref && sheet.bookingUrl && (
                <>
                  <p className="mt-6 font-serif">{t.bookingIntro}</p>
                  <p className="mt-3">
                    <a href={sheet.bookingUrl} data-element="service-booking-access" className="btn-secondary w-full sm:w-auto">
                      {t.bookAppointment}
                    </a>
                  </p>
                </>
              )}
            </Section>
          )}
          {shown.has("condizioni-di-servizio") && (
            <Section id="condizioni-di-servizio" title={h2("condizioni-di-servizio")}>
              <p className="mb-3 font-serif">{t.conditionsIntro}</p>
              <p>
                <a href={conditionsHref} data-element="service-file" className="inline-flex items-center gap-2 font-semibold underline underline-offset-2">
                  <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="currentColor"><path d="M6 2h8l6 6v14H6zm7 1.5V9h5.5zM9 13h8v1.5H9zm0 3h8v1.5H9z" /></svg>
                  {t.conditionsFile}
                </a>
              </p>
            </Section>
          )}
          {shown.has("contatti") && (
            <Section id="contatti" title={h2("contatti")}>
              {office.name.trim() && (
                <div className="card mb-4 max-w-xl">
                  <p className="mb-2 text-sm font-semibold uppercase tracking-wide text-muted">{t.office}</p>
                  <p className="mb-2 text-lg font-bold" data-element="service-area">{office.name}</p>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                    {office.address.trim() && (<><dt className="font-semibold">{t.officeAddress}</dt><dd>{office.address}</dd></>)}
                    {office.phone.trim() && (<><dt className="font-semibold">{t.officePhone}</dt><dd><a href={`tel:${office.phone.replace(/[^+\d]/g, "")}`}>{office.phone}</a></dd></>)}
                    {office.email.trim() && (<><dt className="font-semibold">{t.officeEmail}</dt><dd className="break-all"><a href={`mailto:${office.email}`}>{office.email}</a></dd></>)}
                    {office.hours.trim() && (<><dt className="font-semibold">{t.officeHours}</dt><dd>{office.hours}</dd></>)}
                  </dl>
                </div>
              )}
              {sheet.contacts.trim() && <SheetText text={sheet.contacts} />}
            </Section>
          )}
          {sheet.topics.length > 0 && (
            <div className="mb-6">
              <h2 id="argomenti" className="mb-2 text-base font-semibold">{t.topics}</h2>
              <ul aria-labelledby="argomenti" className="flex flex-wrap gap-2">
                {sheet.topics.map((topic) => (
                  <li key={topic}>
                    <Link href={`${base}?argomento=${encodeURIComponent(topic)}`} data-element="service-topic" className="inline-block rounded-full border-2 border-primary px-3 py-1 text-sm font-semibold no-underline hover:bg-primary-light">
                      {topic}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <p className="text-sm text-muted" data-element="metadata">{t.lastUpdated({ date: f.date(service.updatedAt) })}</p>
          {/* The rating (feedback) component goes here, at the end of the article. */}
        </article>
      </div>

      {related.length > 0 && (
        <section aria-labelledby="servizi-correlati" className="mt-12 border-t border-line pt-8">
          <h2 id="servizi-correlati" className="mb-4 text-2xl font-bold">{t.related}</h2>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {related.map((e) => (
              <ServiceCard key={e.slug} entry={e} href={`${base}/${e.slug}`} />
            ))}
          </ul>
        </section>
      )}
      <Feedback ente={ente} page={`service:${service.slug}`} back={`/${ente.slug}/servizi/${service.slug}`} />
    </>
  );
}

/** One section of the sheet: an anchor of the page index, its title, its content. */
function Section({ id, title, shaded, children }: { id: string; title: string; shaded?: boolean; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-titolo`} className={`mb-8 scroll-mt-4 ${shaded ? "rounded-lg bg-surface p-4 sm:p-6" : ""}`}>
      <h2 id={`${id}-titolo`} className="mb-3 text-2xl font-bold">{title}</h2>
      {children}
    </section>
  );
}
