import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { RequestSteps } from "@/components/portal/request-steps";
import { SubmitForm } from "@/components/portal/submit-form";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireCitizen, requireLevel } from "@/lib/auth/session";
import { InvalidTransitionError, NotFoundError } from "@/lib/errors";
import { common } from "@/lib/i18n/common";
import { personalArea } from "@/lib/i18n/personal-area";
import { portal } from "@/lib/i18n/portal";
import { getLang, getT } from "@/lib/i18n/server";
import { getMyDraftForEdit, type DraftForEdit } from "@/lib/portal/draft-edit";
import { validateForm } from "@/lib/portal/validate-form";
import { pageFields, summarizeFormData } from "@/lib/services/form-schema";
import { DueSummary } from "@/components/payments/due-summary";
import { paymentsCitizen } from "@/lib/i18n/payments-citizen";
import { dueForDraft } from "@/lib/portal/draft-due";
import { requirePaymentAction, submitAction } from "../actions";
import { isUuid } from "@/lib/uuid";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(portal)).summaryPageTitle };
}
export const dynamic = "force-dynamic";

/** The request flow's last step, "Riepilogo": the summary before submission, validated on the server with the same rules as the browser. */
export default async function Summary({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente: slug, id } = await params;
  const base = `/${slug}/area-personale/pratiche/${id}`;
  const session = await requireCitizen(slug, `${base}/riepilogo`);
  const { ente, ctx } = session;
  if (!isUuid(id)) notFound();
  let data: DraftForEdit;
  try {
    data = await getMyDraftForEdit(ctx, id);
  } catch (err) {
    if (err instanceof InvalidTransitionError) redirect(base);
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const [lang, t, c, pa, P] = await Promise.all([getLang(), getT(portal), getT(common), getT(personalArea), getT(paymentsCitizen)]);
  requireLevel(session, data.service.minAuthLevel, `${base}/riepilogo`);
  const { draft, service, definition } = data;
  const consented = draft.privacyAcceptedAt !== null;
  const check = validateForm(definition, draft.formData, { lang });
  const errors = check.ok ? {} : check.errors;
  // A service with fees due for these answers ends with the payment, never with the plain submission (the
  // workflow would refuse it: guard.fees_due). While the form has errors the amount is not known yet.
  const due = check.ok ? await dueForDraft(ctx, draft) : null;
  return (
    <div className="max-w-4xl">
      <Breadcrumbs
        items={[{ href: `/${ente.slug}`, label: c.home }, { href: `/${ente.slug}/area-personale`, label: t.personalArea }, { href: `${base}/modifica`, label: service.name }, { label: t.summaryTitle }]}
      />
      <p className="mb-1 text-sm font-semibold uppercase tracking-wide text-muted">{service.category}</p>
      <h1 className="mb-6 text-3xl font-bold">{service.name}</h1>
      <RequestSteps pageTitles={definition.pages.map((p) => p.title)} current={definition.pages.length + 1} />
      <h2 className="mb-2 text-2xl font-bold">{t.summaryTitle}</h2>
      <p className="mb-6">{t.summaryIntro}</p>
      {!consented && (
        <div role="alert" className="mb-6 rounded-md border-2 border-danger-dark bg-danger-light p-4">
          <p className="font-semibold text-danger-dark">{pa.privacyConsentMissing}</p>
          <Link href={`/${ente.slug}/servizi/${service.slug}/compila?bozza=${id}`} className="font-semibold underline">{pa.privacyConsentGive}</Link>
        </div>
      )}
      {!check.ok && (
        <div role="alert" className="mb-6 rounded-md border-2 border-danger-dark bg-danger-light p-4 font-semibold text-danger-dark">
          {t.summaryHasErrors}
        </div>
      )}
      {definition.pages.map((page) => {
        const rows = summarizeFormData({ pages: [page] }, draft.formData, lang);
        const fields = pageFields(page);
        return (
          <section key={page.id} aria-labelledby={`sez-${page.id}`} className="card mb-5">
            <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
              <h3 id={`sez-${page.id}`} className="text-xl font-bold">{page.title}</h3>
              <Link href={`${base}/modifica?passo=${page.id}`} className="font-semibold underline" aria-label={t.editSection({ s: page.title })}>
                {t.edit}
              </Link>
            </div>
            <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[minmax(10rem,16rem)_1fr]">
              {rows.map((r, i) => {
                const name = fields[i]?.name ?? "";
                const error = errors[name];
                return (
                  <div key={name || i} className="contents">
                    <dt className="font-semibold text-muted">{r.label}</dt>
                    <dd className="break-words">
                      {r.value}
                      {error && <span className="block text-sm font-semibold text-danger-dark">{error}</span>}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </section>
        );
      })}
      {due && <DueSummary due={due} lang={lang} />}
      <div className="mt-6 flex flex-wrap items-start gap-4">
        {check.ok && consented && due ? (
          due.ok ? (
            <SubmitForm action={requirePaymentAction} ente={ente.slug} id={id} label={P.payAndSubmit} />
          ) : (
            <Link href={`${base}/modifica`} className="btn-primary">{t.backToForm}</Link>
          )
        ) : check.ok && consented ? (
          <SubmitForm action={submitAction} ente={ente.slug} id={id} />
        ) : (
          !check.ok && <Link href={`${base}/modifica`} className="btn-primary">{t.backToForm}</Link>
        )}
      </div>
    </div>
  );
}
