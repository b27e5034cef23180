import type { Metadata } from "next";
import { getDb } from "@/db";
import { demoModeOnly } from "@/lib/config/demo";
import { getConfig } from "@/lib/config/env";
import { getT } from "@/lib/i18n/server";
import { spidTexts } from "@/lib/i18n/spid";
import { prepareDemoIdp } from "@/lib/spid/demo-idp";
import { demoIdpKeys, getSpidSetup } from "@/lib/spid/setup";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(spidTexts)).demoIdp.title, robots: { index: false } };
}

/** Demo mode only: the test SAML identity provider (lib/spid/demo-idp.ts). */
export default async function DemoIdpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const config = getConfig();
  demoModeOnly(config);
  const setup = await getSpidSetup(config);
  const { demoIdp: t } = await getT(spidTexts);
  const page = setup ? await prepareDemoIdp(await getDb(), await searchParams, { appUrl: config.appUrl, setup, idp: await demoIdpKeys(config) }) : ({ ok: false } as const);
  return (
    <main id="contenuto" className="mx-auto max-w-2xl px-4 py-8">
      <p className="mb-2 inline-block rounded bg-warning-light px-2 py-1 text-sm font-semibold text-warning">Demo</p>
      <h1 className="mb-2 text-3xl font-bold">{t.title}</h1>
      <p className="mb-4">{t.intro}</p>
      {!page.ok ? (
        <p role="alert" className="rounded-md border-l-4 border-danger-dark bg-danger-light p-4 font-semibold">
          {t.invalid}
        </p>
      ) : (
        <>
          <p className="mb-6 rounded-md bg-surface p-3">{t.request({ sp: page.enteName, level: page.level })}</p>
          <ul className="space-y-2">
            {page.people.map((p) => (
              <li key={p.codiceFiscale}>
                <form method="post" action={page.acsPath} className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-line p-3">
                  <input type="hidden" name="SAMLResponse" value={p.samlResponse} />
                  <span>
                    <span className="block font-semibold">{p.name}</span>
                    <span className="block font-mono text-sm text-muted">{p.codiceFiscale}</span>
                  </span>
                  <button type="submit" className="btn-primary">{t.loginAs({ name: p.name })}</button>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
