import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { CieButton, SpidButton } from "@/components/site/spid-button";
import { listDemoCitizens } from "@/lib/auth/demo-citizens";
import { authLevelSchema } from "@/lib/auth/levels";
import { requireEnte } from "@/lib/auth/session";
import { getConfig } from "@/lib/config/env";
import { authTexts } from "@/lib/i18n/auth";
import { common } from "@/lib/i18n/common";
import { errorTextFromUrl } from "@/lib/i18n/errors";
import { portal } from "@/lib/i18n/portal";
import { getLang, getT } from "@/lib/i18n/server";
import { spidTexts } from "@/lib/i18n/spid";
import { cieIdp, getSpidSetup, spidIdps } from "@/lib/spid/setup";
import { demoIdpLogin, emailLinkRequest, oidcLogin } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(common)).login };
}
export const dynamic = "force-dynamic";

type Search = { next?: string; inviato?: string; errore?: string; attesa?: string; livello?: string; accesso?: string };

export default async function CitizenLogin({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Search> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const { next, inviato, errore, attesa, livello, accesso } = await searchParams;
  // Only a number travels in the URL; the text is ours.
  const waitS = typeof attesa === "string" && /^[0-9]{1,4}$/.test(attesa) ? Number(attesa) : null;
  // The level a service asked for (lib/auth/session.ts requireLevel); SPID/CIE are asked for at least that.
  const wanted = livello === undefined ? null : authLevelSchema.catch(2).parse(livello);
  const samlLevel = Math.max(1, wanted ?? 2);
  const [t, c, a, s, lang] = await Promise.all([getT(portal), getT(common), getT(authTexts), getT(spidTexts), getLang()]);
  const config = getConfig();
  const setup = await getSpidSetup(config);
  const spid = setup ? spidIdps(setup) : [];
  const cie = setup ? cieIdp(setup) : null;
  const citizens = config.demoMode ? await listDemoCitizens(db) : [];
  // Email links prove no identity: offered only where the ente allows them and the service asks for none.
  const emailOffered = ente.emailLoginEnabled && (wanted === null || wanted === 0);
  return (
    <div className="mx-auto max-w-2xl">
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, { label: c.login }]} />
      <h1 className="mb-2 text-3xl font-bold">{t.login.title}</h1>
      <p className="mb-6">{t.login.intro}</p>
      {accesso && (
        <div role="alert" className="mb-6 rounded-md border-l-4 border-danger-dark bg-danger-light p-4">
          <p className="font-semibold">{s.refusedTitle}</p>
          <p>{errorTextFromUrl(accesso, lang)}</p>
        </div>
      )}
      {wanted !== null && wanted > 0 && (
        <p role="status" className="mb-6 rounded-md border-l-4 border-warning bg-warning-light p-4 font-semibold">
          {s.levelNeeded({ level: wanted })}
        </p>
      )}
      <section aria-labelledby="identita-digitale" className="card mb-6">
        <h2 id="identita-digitale" className="mb-4 text-xl font-semibold">{s.identityTitle}</h2>
        {setup ? (
          <div className="grid gap-6 sm:grid-cols-2">
            {spid.length > 0 && (
              <div>
                <SpidButton ente={ente.slug} idps={spid} level={samlLevel} next={next} t={s} />
                <p className="mt-2 text-sm text-muted">{s.spidAbout}</p>
              </div>
            )}
            {cie && (
              <div>
                <CieButton ente={ente.slug} idp={cie} level={samlLevel} next={next} label={s.cieButton} />
                <p className="mt-2 text-sm text-muted">
                  {s.cieAbout} <a href="https://www.cartaidentita.interno.gov.it" className="underline">{s.cieMore}</a>
                </p>
              </div>
            )}
          </div>
        ) : (
          !config.oidc && <p>{s.notConfigured}</p>
        )}
        {config.oidc && (
          <form action={oidcLogin} className="mt-4">
            <input type="hidden" name="ente" value={ente.slug} />
            <input type="hidden" name="next" value={next ?? ""} />
            <button type="submit" className="btn-primary">{t.login.withProvider({ name: config.oidc.name })}</button>
          </form>
        )}
      </section>
      {emailOffered && (
        <section id="email" aria-labelledby="email-link" className="card mb-6 scroll-mt-4">
          <h2 id="email-link" className="mb-1 text-xl font-semibold">{t.emailLoginTitle}</h2>
          <p className="mb-2 text-sm">{t.emailLoginIntro}</p>
          <p className="mb-4 text-sm font-semibold">{s.emailOnlyFor}</p>
          {inviato && <p role="status" className="mb-4 rounded-md border-l-4 border-success bg-success-light p-3 font-semibold">{t.emailLoginSent}</p>}
          <form action={emailLinkRequest} className="flex flex-wrap items-end gap-3" noValidate>
            <input type="hidden" name="ente" value={ente.slug} />
            <input type="hidden" name="next" value={next ?? ""} />
            <div className="min-w-0 flex-1 basis-60">
              <label htmlFor="email-accesso" className="field-label">{c.email}</label>
              <input
                id="email-accesso"
                name="email"
                type="email"
                autoComplete="email"
                required
                className="field-input"
                aria-invalid={errore ? true : undefined}
                aria-describedby={errore ? "email-accesso-errore" : undefined}
              />
            </div>
            <button type="submit" className="btn-secondary">{t.emailLoginButton}</button>
          </form>
          {errore && (
            <p id="email-accesso-errore" role="alert" className="field-error">
              {errore === "throttled" ? (waitS ? a.citizenLinkThrottled({ n: waitS }) : t.emailLoginThrottled) : t.emailLoginInvalid}
            </p>
          )}
        </section>
      )}
      {config.demoMode && (
        <section className="card mb-6 border-warning" aria-labelledby="demo-idp">
          <h2 id="demo-idp" className="mb-1 text-xl font-semibold">{t.login.demoTitle}</h2>
          <p className="mb-4 text-sm text-muted">{t.login.demoIntro}</p>
          <ul className="space-y-2">
            {citizens.map((person) => (
              <li key={person.codiceFiscale}>
                <form action={demoIdpLogin} className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-line p-3">
                  <input type="hidden" name="ente" value={ente.slug} />
                  <input type="hidden" name="next" value={next ?? ""} />
                  <input type="hidden" name="codiceFiscale" value={person.codiceFiscale ?? ""} />
                  <span>
                    <span className="block font-semibold">{person.name}</span>
                    <span className="block font-mono text-sm text-muted">{person.codiceFiscale}</span>
                  </span>
                  <button type="submit" className="btn-secondary">{t.login.demoAs({ name: person.name })}</button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
