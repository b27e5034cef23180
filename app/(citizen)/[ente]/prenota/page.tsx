import type { Metadata } from "next";
import Link from "next/link";
import { BookingSteps } from "@/components/booking/booking-steps";
import { ConfirmButton } from "@/components/booking/confirm-button";
import { appointmentWhen, SlotPicker } from "@/components/booking/slot-picker";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import type { Office, Service, User } from "@/db/schema";
import { GUEST } from "@/lib/appointments/book";
import { bookableServices, officesForService } from "@/lib/appointments/offices";
import { availability, nextFreeSlot } from "@/lib/appointments/slots";
import { getCurrentUser, requireEnte } from "@/lib/auth/session";
import type { Ctx } from "@/lib/context";
import type { Lang } from "@/lib/i18n";
import { appointmentsCitizen } from "@/lib/i18n/appointments-citizen";
import { common } from "@/lib/i18n/common";
import { portalForm } from "@/lib/i18n/portal-form";
import { getFormat, getLang, getT } from "@/lib/i18n/server";
import { listMyPraticheOfService, type BookablePratica } from "@/lib/portal/booking-pratiche";
import {
  addDaysToKey,
  BOOKING_STEPS,
  bookingErrorText,
  bookingHref,
  hiddenFields,
  mondayOf,
  weekToShow,
  previousStep,
  readBookingParams,
  resolveStep,
  type BookingField,
  type BookingParams,
  type BookingProblem,
  type BookingStep,
} from "@/lib/portal/booking-wizard";
import { closedCode, getPublicService } from "@/lib/portal/catalogue";
import { unsealContact } from "@/lib/portal/booking-contact";
import { dateKey } from "@/lib/time/wall-clock";
import { bookAction, sealAction } from "./actions";

export const dynamic = "force-dynamic";

/** Each step has its own title ("Data e orario – Prenotazione appuntamento"), read from the address as the page reads it. */
export async function generateMetadata({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<Metadata> {
  const [t, raw, current] = await Promise.all([getT(appointmentsCitizen), searchParams, getCurrentUser()]);
  const guest = current?.kind !== "citizen";
  const asked = readBookingParams(raw);
  const sealed = unsealContact(asked.contatto);
  const contact = guest ? sealed : null;
  const { step } = resolveStep({ ...asked, motivo: sealed?.motivo || undefined, nome: contact?.nome || undefined, email: contact?.email || undefined, telefono: contact?.telefono || undefined }, { guest });
  return { title: step === "servizio" ? t.title : `${t.steps[step]} – ${t.title}` };
}

/** The wizard's steps after Designers Italia's booking pages; choosing the service comes before them when not given. */
const WIZARD_STEPS = BOOKING_STEPS.filter((s) => s !== "servizio");

/**
 * Booking an appointment (PNRR 1.4.1, C.SE.2.2), signed in or not: service (unless it came from the service's page),
 * office (only those serving the service), day and free time, reason (filled with the service), the applicant's
 * details (from the login, or name, email and phone), summary. Each step is a GET form carrying the choices so far;
 * the summary's POST books (app/(citizen)/[ente]/prenota/actions.ts).
 */
export default async function Prenota({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ente: slug } = await params;
  const { db, ente } = await requireEnte(slug);
  const current = await getCurrentUser();
  const citizen = current?.kind === "citizen" ? current.user : null;
  const ctx: Ctx = { db, ente, actor: citizen ? { kind: "citizen", userId: citizen.id } : GUEST };
  const [t, c, lang, raw] = await Promise.all([getT(appointmentsCitizen), getT(common), getLang(), searchParams]);
  const asked = readBookingParams(raw);

  // Choices that name nothing bookable are dropped, so the step asking for them is shown again.
  // A service that cannot be used now (suspended, not yet open, expired) cannot be booked either.
  const found = asked.servizio ? await getPublicService(db, ente, asked.servizio) : null;
  const service = found && !closedCode(found) ? found : null;
  const offices = service ? await officesForService(ctx, service.id) : [];
  const office = offices.find((o) => o.id === asked.ufficio) ?? null;
  const pratiche = citizen && service ? await listMyPraticheOfService(ctx, service.id) : [];
  // The reason and a guest's contact travel sealed; a seal that is not ours or too old is as if nothing were given.
  const sealed = unsealContact(asked.contatto);
  const contact = citizen ? null : sealed;
  const p: BookingParams = {
    ...asked,
    contatto: sealed ? asked.contatto : undefined,
    motivo: sealed?.motivo || undefined,
    nome: contact?.nome || undefined,
    email: contact?.email || undefined,
    telefono: contact?.telefono || undefined,
    servizio: service?.slug,
    ufficio: office?.id,
    ora: office ? asked.ora : undefined,
    pratica: pratiche.some((x) => x.id === asked.pratica) ? asked.pratica : undefined,
  };
  const { step, problems } = resolveStep(p, { guest: !citizen });
  const href = (over: Parameters<typeof bookingHref>[2]) => bookingHref(ente.slug, p, over);
  const error = p.errore ? bookingErrorText(p.errore, p.n, lang) : null;

  return (
    <>
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, ...(service ? [{ href: `/${ente.slug}/servizi/${service.slug}`, label: service.name }] : []), { label: t.title }]} />
      <h1 className="mb-2 text-3xl font-bold sm:text-4xl">{t.title}</h1>
      {service && <p className="mb-6 text-lg" data-testid="booking-service">{service.name}</p>}
      {step !== "servizio" && <BookingSteps steps={WIZARD_STEPS} current={step} />}
      {error && step !== "orario" && (
        <p role="alert" className="mb-5 max-w-3xl rounded-md border-l-4 border-danger-dark bg-danger-light p-4 font-semibold text-danger-dark">{error}</p>
      )}
      <div className="max-w-3xl">
        {step === "servizio" && <ServiceStep ctx={ctx} href={href} guest={!citizen} />}
        {step === "ufficio" && service && <OfficeStep ente={ente.slug} p={p} service={service} offices={offices} problem={problems.ufficio} />}
        {step === "orario" && office && (
          <SlotStep ctx={ctx} p={p} office={office} lang={lang} href={href} error={error ?? (problems.ora ? t[problems.ora] : undefined)} ente={ente.slug} />
        )}
        {step === "dettagli" && service && <DetailsStep ente={ente.slug} p={p} service={service} pratiche={pratiche} problem={problems.motivo} timeZone={ente.timezone} />}
        {step === "richiedente" && <ApplicantStep ente={ente.slug} p={p} citizen={citizen} problems={problems} />}
        {step === "riepilogo" && service && office && p.ora && (
          <SummaryStep ente={ente.slug} p={p} service={service} office={office} citizen={citizen} pratiche={pratiche} lang={lang} timeZone={ente.timezone} href={href} />
        )}
      </div>
    </>
  );
}

type Href = (over: Parameters<typeof bookingHref>[2]) => string;

/** A step's GET form: the choices so far as hidden fields, the next step, and Indietro / Avanti. */
async function StepForm({ ente, p, asks, next, children, post }: { ente: string; p: BookingParams; asks: readonly BookingField[]; next: BookingStep; children: React.ReactNode; post?: (fd: FormData) => Promise<void> }) {
  const t = await getT(appointmentsCitizen);
  // Back from the office step is the service's page, where the booking starts; from the others, the step before.
  const back = previousStep(previousStep(next) ?? "servizio");
  const backHref = !back || back === "servizio" ? `/${ente}/servizi/${p.servizio ?? ""}` : bookingHref(ente, p, { passo: back });
  return (
    <form {...(post ? { action: post } : { method: "get", action: `/${ente}/prenota` })} className="space-y-6" noValidate>
      {post && <input type="hidden" name="ente" value={ente} />}
      {hiddenFields(p, asks).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <input type="hidden" name="passo" value={next} />
      <p className="text-sm text-muted">{t.requiredNote}</p>
      {children}
      <div className="flex flex-col-reverse gap-3 border-t border-line pt-4 sm:flex-row sm:justify-between">
        <Link href={backHref} className="btn-secondary">{t.back}</Link>
        <button type="submit" className="btn-primary px-6">{t.next}</button>
      </div>
    </form>
  );
}

function Problem({ id, text }: { id: string; text: string | undefined }) {
  return text ? <p id={id} className="field-error">{text}</p> : null;
}

async function ServiceStep({ ctx, href, guest }: { ctx: Ctx; href: Href; guest: boolean }) {
  const t = await getT(appointmentsCitizen);
  const services = await bookableServices(ctx);
  return (
    <section aria-labelledby="scegli-servizio">
      <h2 id="scegli-servizio" className="mb-2 text-2xl font-bold">{t.serviceLegend}</h2>
      <p className="mb-4">
        {t.intro} {guest && t.guestIntro}
      </p>
      {services.length === 0 ? (
        <p>{t.noServices}</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {services.map(({ service, offices }) => (
            <li key={service.id} className="card">
              <Link href={href({ servizio: service.slug, passo: "ufficio", ufficio: undefined, ora: undefined, settimana: undefined, motivo: undefined, pratica: undefined })} className="text-lg font-bold">
                {service.name}
              </Link>
              <p className="text-sm text-muted">{t.officesCount({ n: offices })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

async function OfficeStep({ ente, p, service, offices, problem }: { ente: string; p: BookingParams; service: Service; offices: Office[]; problem?: BookingProblem }) {
  const t = await getT(appointmentsCitizen);
  if (offices.length === 0) {
    return (
      <>
        <p className="mb-4">{t.noOffices}</p>
        <Link href={`/${ente}/servizi/${service.slug}`} className="btn-secondary">{t.back}</Link>
      </>
    );
  }
  const chosen = p.ufficio ?? (offices.length === 1 ? offices[0]?.id : undefined);
  return (
    <StepForm ente={ente} p={p} asks={["ufficio", "ora", "settimana"]} next="orario">
      <fieldset aria-describedby={problem ? "ufficio-intro ufficio-errore" : "ufficio-intro"}>
        <legend className="mb-1 text-xl font-bold">
          {t.officeLegend({ service: service.name })} <span aria-hidden="true">*</span>
        </legend>
        <p id="ufficio-intro" className="mb-3">{t.officeIntro}</p>
        <Problem id="ufficio-errore" text={problem && t[problem]} />
        <ul className="space-y-3" data-testid="office-list">
          {offices.map((o) => (
            <li key={o.id} className="card flex items-start gap-3">
              <input type="radio" id={`ufficio-${o.id}`} name="ufficio" value={o.id} defaultChecked={o.id === chosen} required className="mt-1.5 h-5 w-5 shrink-0 accent-primary" />
              <label htmlFor={`ufficio-${o.id}`} className="min-w-0 cursor-pointer">
                <span className="block text-lg font-bold">{o.name}</span>
                {o.address && <span className="block">{o.address}</span>}
                {o.phone && <span className="block text-sm text-muted">{t.phone}: {o.phone}</span>}
                {o.notes && <span className="mt-1 block text-sm">{o.notes}</span>}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </StepForm>
  );
}

async function SlotStep({ ctx, p, office, lang, href, error, ente }: { ctx: Ctx; p: BookingParams; office: Office; lang: Lang; href: Href; error?: string; ente: string }) {
  const t = await getT(appointmentsCitizen);
  const tz = ctx.ente.timezone;
  const today = dateKey(new Date(), tz);
  let start = p.settimana ?? (p.ora ? dateKey(new Date(p.ora), tz) : undefined);
  if (!start) {
    const next = await nextFreeSlot(ctx, office.id);
    start = next ? dateKey(next.startsAt, tz) : today;
  }
  const lastBookable = addDaysToKey(today, office.horizonDays);
  const week = weekToShow(start, today, lastBookable);
  const days = await availability(ctx, office.id, { from: week, days: 7 });
  const prev = addDaysToKey(week, -7);
  const next = addDaysToKey(week, 7);
  return (
    <StepForm ente={ente} p={{ ...p, settimana: week }} asks={["ora"]} next="dettagli">
      <section aria-labelledby="ufficio-scelto" className="rounded-lg bg-surface p-4">
        <h2 id="ufficio-scelto" className="text-sm font-semibold uppercase tracking-wide text-muted">{t.officeBox}</h2>
        <p className="font-bold">{office.name}</p>
        {office.address && <p>{office.address}</p>}
      </section>
      <SlotPicker
        days={days}
        timeZone={tz}
        lang={lang}
        name="ora"
        selected={p.ora}
        error={error}
        prevHref={week > mondayOf(today) ? href({ settimana: prev, passo: "orario" }) : null}
        nextHref={next <= lastBookable ? href({ settimana: next, passo: "orario" }) : null}
      />
    </StepForm>
  );
}

async function DetailsStep({ ente, p, service, pratiche, problem, timeZone }: { ente: string; p: BookingParams; service: Service; pratiche: BookablePratica[]; problem?: BookingProblem; timeZone: string }) {
  const [t, pf, f] = await Promise.all([getT(appointmentsCitizen), getT(portalForm), getFormat(timeZone)]);
  return (
    // Posted: the reason is free text and travels sealed, never in the address (lib/portal/booking-contact.ts).
    <StepForm ente={ente} p={p} asks={["motivo", "pratica"]} next="richiedente" post={sealAction}>
      <div>
        <label htmlFor="motivo" className="field-label">
          {t.reason} <span className="text-sm font-normal text-muted">({pf.required})</span>
        </label>
        <textarea
          id="motivo"
          name="motivo"
          rows={3}
          maxLength={500}
          required
          defaultValue={p.motivo ?? service.name}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`motivo-help${problem ? " motivo-errore" : ""}`}
          className={`field-input ${problem ? "border-2 border-danger-dark" : ""}`}
        />
        <p id="motivo-help" className="mt-1 text-sm text-muted">{t.reasonHelp}</p>
        <Problem id="motivo-errore" text={problem && t[problem]} />
      </div>
      {pratiche.length > 0 && (
        <fieldset aria-describedby="pratica-help">
          <legend className="field-label">{t.linkPratica}</legend>
          <p id="pratica-help" className="mb-2 text-sm text-muted">{t.linkPraticaHelp}</p>
          <ul className="space-y-2">
            {[{ id: "", numero: "", submittedAt: null }, ...pratiche].map((x) => (
              <li key={x.id || "none"} className="flex items-center gap-3">
                <input type="radio" id={`pratica-${x.id || "nessuna"}`} name="pratica" value={x.id} defaultChecked={(p.pratica ?? "") === x.id} className="h-5 w-5 shrink-0 accent-primary" />
                <label htmlFor={`pratica-${x.id || "nessuna"}`}>{x.id ? t.praticaOption({ n: x.numero, d: f.date(x.submittedAt) }) : t.noPratica}</label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </StepForm>
  );
}

async function ApplicantStep({ ente, p, citizen, problems }: { ente: string; p: BookingParams; citizen: User | null; problems: Partial<Record<BookingField, string>> }) {
  const [t, pf] = await Promise.all([getT(appointmentsCitizen), getT(portalForm)]);
  if (citizen) {
    return (
      <StepForm ente={ente} p={p} asks={["nome", "email", "telefono"]} next="riepilogo">
        <section aria-labelledby="richiedente" className="card">
          <h2 id="richiedente" className="mb-2 text-xl font-bold">{t.applicant}</h2>
          <p className="mb-2">{t.signedInAs}</p>
          <ApplicantFacts name={citizen.name} email={citizen.email} phone={citizen.phone} fiscalCode={citizen.codiceFiscale} />
        </section>
      </StepForm>
    );
  }
  const next = bookingHref(ente, p, { passo: "richiedente" });
  const field = (name: "nome" | "email" | "telefono", label: string, type: string, autoComplete: string, required: boolean, help?: string) => {
    const problem = problems[name] as keyof typeof t | undefined;
    const text = problem ? (t[problem] as string) : undefined;
    const describedBy = [help ? `${name}-help` : null, text ? `${name}-errore` : null].filter(Boolean).join(" ") || undefined;
    return (
      <div>
        <label htmlFor={name} className="field-label">
          {label} {required && <span className="text-sm font-normal text-muted">({pf.required})</span>}
        </label>
        <input
          id={name}
          name={name}
          type={type}
          autoComplete={autoComplete}
          defaultValue={p[name] ?? ""}
          required={required}
          maxLength={name === "email" ? 254 : name === "nome" ? 200 : 40}
          aria-invalid={text ? true : undefined}
          aria-describedby={describedBy}
          className={`field-input ${text ? "border-2 border-danger-dark" : ""}`}
        />
        {help && <p id={`${name}-help`} className="mt-1 text-sm text-muted">{help}</p>}
        <Problem id={`${name}-errore`} text={text} />
      </div>
    );
  };
  // Posted, not sent in the address: the action seals the contact and goes on to the summary (lib/portal/booking-contact.ts).
  return (
    <form action={sealAction} className="space-y-6" noValidate>
      <input type="hidden" name="ente" value={ente} />
      <input type="hidden" name="passo" value="riepilogo" />
      {hiddenFields(p, []).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <p className="text-sm text-muted">{t.requiredNote}</p>
      <p className="rounded-md bg-primary-light p-3">
        {t.loginHint} <Link href={`/${ente}/accedi?next=${encodeURIComponent(next)}`} className="font-semibold underline">{t.login}</Link>
      </p>
      {Object.keys(problems).length > 0 && <p role="alert" className="font-semibold text-danger-dark">{t.checkFields}</p>}
      {field("nome", t.name, "text", "name", true)}
      {field("email", t.email, "email", "email", true, t.emailHelp)}
      {field("telefono", t.phone, "tel", "tel", false, t.phoneHelp)}
      <div className="flex flex-col-reverse gap-3 border-t border-line pt-4 sm:flex-row sm:justify-between">
        <Link href={bookingHref(ente, p, { passo: "dettagli" })} className="btn-secondary">{t.back}</Link>
        <button type="submit" className="btn-primary px-6">{t.next}</button>
      </div>
    </form>
  );
}

async function ApplicantFacts({ name, email, phone, fiscalCode }: { name: string; email?: string | null; phone?: string | null; fiscalCode?: string | null }) {
  const t = await getT(appointmentsCitizen);
  const rows: [string, string | null | undefined][] = [
    [t.name, name],
    [t.email, email],
    [t.phone, phone],
    [t.fiscalCode, fiscalCode],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[minmax(9rem,12rem)_1fr]">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-semibold text-muted">{k}</dt>
            <dd className="break-words">{v}</dd>
          </div>
        ))}
    </dl>
  );
}

async function SummaryStep({ ente, p, service, office, citizen, pratiche, lang, timeZone: tz, href }: { ente: string; p: BookingParams; service: Service; office: Office; citizen: User | null; pratiche: BookablePratica[]; lang: Lang; timeZone: string; href: Href }) {
  const t = await getT(appointmentsCitizen);
  const startsAt = new Date(p.ora ?? "");
  const endsAt = new Date(startsAt.getTime() + office.slotMinutes * 60_000);
  const pratica = pratiche.find((x) => x.id === p.pratica);
  // One key per rendering of the summary: the same confirmation sent twice (double click, resend) is one booking.
  const bookingKey = crypto.randomUUID();
  const part = (title: string, step: BookingStep, body: React.ReactNode, testId?: string) => (
    <section aria-labelledby={`riepilogo-${step}`} className="card" data-testid={testId}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`riepilogo-${step}`} className="text-xl font-bold">{title}</h2>
        <Link href={href({ passo: step })} className="font-semibold underline" aria-label={`${t.edit}: ${title}`}>{t.edit}</Link>
      </div>
      {body}
    </section>
  );
  return (
    <div className="space-y-4">
      <p>{t.summaryIntro}</p>
      {part(t.office, "ufficio", <><p className="font-bold">{office.name}</p>{office.address && <p>{office.address}</p>}</>)}
      {part(t.when, "orario", <p className="first-letter:uppercase" data-testid="summary-when">{appointmentWhen({ startsAt, endsAt }, tz, lang, (d) => dateKey(d, tz))}</p>)}
      {part(
        t.steps.dettagli,
        "dettagli",
        <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[minmax(9rem,12rem)_1fr]">
          <dt className="font-semibold text-muted">{t.service}</dt>
          <dd>{service.name}</dd>
          <dt className="font-semibold text-muted">{t.reason}</dt>
          <dd className="break-words">{p.motivo}</dd>
          {pratica && (
            <>
              <dt className="font-semibold text-muted">{t.pratica}</dt>
              <dd>{pratica.numero}</dd>
            </>
          )}
        </dl>,
      )}
      {part(t.applicant, "richiedente", citizen ? <ApplicantFacts name={citizen.name} email={citizen.email} phone={citizen.phone} fiscalCode={citizen.codiceFiscale} /> : <ApplicantFacts name={p.nome ?? ""} email={p.email} phone={p.telefono} />)}
      {office.needsApproval && <p className="rounded-md bg-warning-light p-3">{t.needsApproval}</p>}
      <form action={bookAction} className="flex flex-col-reverse gap-3 border-t border-line pt-4 sm:flex-row sm:justify-between">
        <input type="hidden" name="ente" value={ente} />
        <input type="hidden" name="serviceId" value={service.id} />
        <input type="hidden" name="bookingKey" value={bookingKey} />
        {hiddenFields(p, citizen ? ["nome", "email", "telefono", "settimana"] : ["settimana"]).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <Link href={href({ passo: "richiedente" })} className="btn-secondary">{t.back}</Link>
        <ConfirmButton label={t.confirm} pending={t.confirming} />
      </form>
    </div>
  );
}
