import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { DocumentList } from "@/components/portal/document-list";
import { MessageThread } from "@/components/portal/message-thread";
import { StatusBadge } from "@/components/portal/status-badge";
import { PaymentList } from "@/components/payments/payment-list";
import { PaymentNotices } from "@/components/payments/payment-notices";
import { paymentsCitizen } from "@/lib/i18n/payments-citizen";
import { listPraticaPayments } from "@/lib/payments/workflow";
import Link from "next/link";
import { AppointmentList } from "@/components/booking/appointment-list";
import { officesForService } from "@/lib/appointments/offices";
import { appointmentsOfPratica } from "@/lib/appointments/queries";
import { appointmentsCitizen } from "@/lib/i18n/appointments-citizen";
import { Timeline } from "@/components/portal/timeline";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireCitizen } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { common } from "@/lib/i18n/common";
import { portal } from "@/lib/i18n/portal";
import { getFormat, getLang, getT } from "@/lib/i18n/server";
import { getMyPraticaDetail, type MyPraticaDetail } from "@/lib/portal/pratica-detail";
import { CITIZEN_FILE_MAX_MB } from "@/lib/portal/store-file";
import { praticaNumber } from "@/lib/pratiche/number";
import { STATUS } from "@/lib/workflow/states";
import { withdrawAction } from "./actions";
import { isUuid } from "@/lib/uuid";
import { FORM_POST_ERRORS } from "@/lib/portal/form-post-errors";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(portal)).praticaTitle };
}
export const dynamic = "force-dynamic";

const querySchema = z.object({ esito: z.string().max(40).optional().catch(undefined), errore: z.enum(FORM_POST_ERRORS).optional().catch(undefined) });

/** One pratica of the citizen: status, iter, documents, messages, answering a request, withdrawal. */
export default async function PraticaDetail({ params, searchParams }: { params: Promise<{ ente: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ente: slug, id } = await params;
  const base = `/${slug}/area-personale/pratiche/${id}`;
  const { ente, ctx } = await requireCitizen(slug, base);
  if (!isUuid(id)) notFound();
  let d: MyPraticaDetail;
  try {
    // The summary of the answers (yes/no of a declaration) in the visitor's language.
    d = await getMyPraticaDetail(ctx, id, { lang: await getLang() });
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  if (d.pratica.status === STATUS.draft) redirect(`${base}/modifica`);
  const tz = ente.timezone;
  const [t, c, f, P, payments, A, lang, offices, linked] = await Promise.all([
    getT(portal),
    getT(common),
    getFormat(tz),
    getT(paymentsCitizen),
    listPraticaPayments(ctx, id),
    getT(appointmentsCitizen),
    getLang(),
    officesForService(ctx, d.service.id),
    appointmentsOfPratica(ctx, id),
  ]);
  const raw = await searchParams;
  const q = querySchema.parse(raw);
  const { pratica, service } = d;
  const error = q.errore ? t.errors[q.errore] : null;
  const notice =
    q.esito === "inviata" ? t.sentBanner : q.esito === "messaggio" ? t.messageSent : q.esito === "integrazioni" ? t.integrationSent : q.esito === "ritirata" ? t.withdrawn : null;
  const fileHelp = t.attachHelp({ types: "PDF, JPEG, PNG", mb: CITIZEN_FILE_MAX_MB });
  const accept = "application/pdf,image/jpeg,image/png";
  return (
    <>
      <Breadcrumbs
        items={[{ href: `/${ente.slug}`, label: c.home }, { href: `/${ente.slug}/area-personale`, label: t.personalArea }, { label: service.name }]}
      />
      {notice && <p role="status" className="mb-5 rounded-md border-l-4 border-success bg-success-light p-4 font-semibold">{notice}</p>}
      {error && <p role="alert" className="mb-5 rounded-md border-l-4 border-danger-dark bg-danger-light p-4 font-semibold text-danger-dark">{error}</p>}
      <PaymentNotices esito={raw.esito} errore={raw["pagamento-errore"]} />

      <header className="mb-6">
        <p className="mb-1 text-sm font-semibold uppercase tracking-wide text-muted">{service.category}</p>
        <h1 className="mb-3 text-3xl font-bold">{service.name}</h1>
        <dl className="grid gap-x-8 gap-y-2 sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-sm font-semibold text-muted">{t.status}</dt>
            <dd><StatusBadge status={pratica.status} /></dd>
          </div>
          <div>
            <dt className="text-sm font-semibold text-muted">{t.praticaNumber}</dt>
            <dd className="font-mono font-semibold" data-testid="pratica-number">{praticaNumber(pratica)}</dd>
          </div>
          <div>
            <dt className="text-sm font-semibold text-muted">{t.submittedOn}</dt>
            <dd>{f.dateTime(pratica.submittedAt)}</dd>
          </div>
          <div>
            <dt className="text-sm font-semibold text-muted">{t.protocol}</dt>
            <dd>{d.protocol === "pending" ? t.protocolPending : d.protocol ? `${d.protocol.number} (${f.dateTime(d.protocol.registeredAt)})` : "—"}</dd>
          </div>
        </dl>
      </header>

      {d.integrationRequest && (
        <section id="integrazioni" aria-labelledby="integrazioni-titolo" className="mb-8 rounded-lg border-2 border-warning bg-warning-light p-5">
          <h2 id="integrazioni-titolo" className="mb-2 text-2xl font-bold">{t.integrationTitle}</h2>
          {d.integrationRequest.message && (
            <div className="mb-3">
              <p className="text-sm font-semibold">{t.integrationRequestText} ({f.dateTime(d.integrationRequest.at)})</p>
              <blockquote className="mt-1 whitespace-pre-line rounded border-l-4 border-warning bg-white p-3">{d.integrationRequest.message}</blockquote>
            </div>
          )}
          <p className="mb-4">{t.integrationIntro}</p>
          <form action={`${base}/integrazioni`} method="post" encType="multipart/form-data" className="space-y-4">
            <div>
              <label htmlFor="integrazioni-file" className="field-label">{t.integrationFiles}</label>
              <input id="integrazioni-file" name="files" type="file" multiple accept={accept} aria-describedby="integrazioni-file-help" className="block w-full rounded-md border border-muted bg-white p-2 text-sm" />
              <p id="integrazioni-file-help" className="mt-1 text-sm">{fileHelp}</p>
            </div>
            <div>
              <label htmlFor="integrazioni-messaggio" className="field-label">{t.integrationMessage}</label>
              <textarea id="integrazioni-messaggio" name="message" rows={3} maxLength={5000} className="field-input" />
            </div>
            <button type="submit" className="btn-primary">{t.integrationSend}</button>
          </form>
        </section>
      )}

      {payments.length > 0 && (
        <section id="pagamenti" aria-labelledby="pagamenti-titolo" className="mb-8 scroll-mt-4">
          <h2 id="pagamenti-titolo" className="mb-2 text-2xl font-bold">{P.sectionTitle}</h2>
          <p className="mb-3">{P.sectionIntro}</p>
          {pratica.status >= STATUS.payment_pending && pratica.status <= STATUS.payment_failed && pratica.submittedAt === null && <p className="mb-3">{P.upfrontNote}</p>}
          <PaymentList payments={payments} ente={ente.slug} timeZone={tz} back="pratica" />
        </section>
      )}

      {(offices.length > 0 || linked.length > 0) && (
        <section id="appuntamenti" aria-labelledby="appuntamenti-titolo" className="mb-8 scroll-mt-4">
          <h2 id="appuntamenti-titolo" className="mb-2 text-2xl font-bold">{A.sectionTitle}</h2>
          {linked.length > 0 && <div className="mb-3"><AppointmentList items={linked} ente={ente.slug} timeZone={tz} lang={lang} /></div>}
          {offices.length > 0 && (
            <>
              <p className="mb-3">{A.sectionIntro}</p>
              <Link href={`/${ente.slug}/prenota?servizio=${encodeURIComponent(service.slug)}&pratica=${pratica.id}`} className="btn-secondary">{A.bookForPratica}</Link>
            </>
          )}
        </section>
      )}

      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0">
          <section aria-labelledby="documenti" className="mb-8">
            <h2 id="documenti" className="mb-3 text-2xl font-bold">{t.documents}</h2>
            <DocumentList files={d.attachments} enteSlug={ente.slug} timeZone={tz} />
          </section>

          {pratica.outcome && pratica.motivation && (
            <section aria-labelledby="esito" className="mb-8">
              <h2 id="esito" className="mb-2 text-2xl font-bold">{t.outcome}</h2>
              <p className="mb-1"><StatusBadge status={pratica.status} /></p>
              <p className="whitespace-pre-line"><span className="font-semibold">{t.motivation}:</span> {pratica.motivation}</p>
            </section>
          )}

          <section id="messaggi" aria-labelledby="messaggi-titolo" className="mb-8 scroll-mt-4">
            <h2 id="messaggi-titolo" className="mb-3 text-2xl font-bold">{t.messages}</h2>
            <MessageThread items={d.messages} enteSlug={ente.slug} timeZone={tz} />
            <form action={`${base}/messaggi`} method="post" encType="multipart/form-data" className="card space-y-4">
              <h3 className="text-lg font-bold">{t.writeMessage}</h3>
              <div>
                <label htmlFor="messaggio" className="field-label">{t.messageLabel}</label>
                <textarea id="messaggio" name="body" rows={4} maxLength={5000} required className="field-input" />
              </div>
              <div>
                <label htmlFor="messaggio-file" className="field-label">{t.attachFiles}</label>
                <input id="messaggio-file" name="files" type="file" multiple accept={accept} aria-describedby="messaggio-file-help" className="block w-full text-sm" />
                <p id="messaggio-file-help" className="mt-1 text-sm text-muted">{fileHelp}</p>
              </div>
              <button type="submit" className="btn-primary">{t.send}</button>
            </form>
          </section>

          <details className="mb-8 rounded-lg border border-line p-4">
            <summary className="cursor-pointer text-lg font-bold">{t.yourData}</summary>
            {d.summary.map((s) => (
              <div key={s.title} className="mt-4">
                <h3 className="mb-2 font-bold">{s.title}</h3>
                <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[minmax(10rem,14rem)_1fr]">
                  {s.rows.map((r, i) => (
                    <div key={i} className="contents">
                      <dt className="font-semibold text-muted">{r.label}</dt>
                      <dd className="break-words">{r.value}</dd>
                    </div>
                  ))}
                </dl>
              </div>
            ))}
          </details>
        </div>

        <aside>
          <section aria-labelledby="iter" className="mb-8">
            <h2 id="iter" className="mb-3 text-2xl font-bold">{t.timeline}</h2>
            <Timeline iter={d.iter} timeZone={tz} />
          </section>
          {d.canWithdraw && (
            <section id="ritiro" aria-labelledby="ritiro-titolo" className="rounded-lg border border-danger-dark p-4">
              <h2 id="ritiro-titolo" className="mb-2 text-xl font-bold">{t.withdrawTitle}</h2>
              <p className="mb-3 text-sm">{t.withdrawIntro}</p>
              <form action={withdrawAction} className="space-y-3">
                <input type="hidden" name="ente" value={ente.slug} />
                <input type="hidden" name="id" value={pratica.id} />
                <div>
                  <label htmlFor="ritiro-motivo" className="field-label">{t.withdrawReason}</label>
                  <textarea id="ritiro-motivo" name="reason" rows={2} maxLength={2000} className="field-input" />
                </div>
                <div className="flex items-start gap-3">
                  <input id="ritiro-conferma" name="confirm" type="checkbox" className="mt-1 h-5 w-5 shrink-0 accent-danger-dark" />
                  <label htmlFor="ritiro-conferma">{t.withdrawConfirm}</label>
                </div>
                <button type="submit" className="btn-danger">{t.withdrawButton}</button>
              </form>
            </section>
          )}
        </aside>
      </div>
    </>
  );
}
