import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireEnte } from "@/lib/auth/session";
import { getConfig } from "@/lib/config/env";
import { paymentsCitizen } from "@/lib/i18n/payments-citizen";
import { getLang, getT } from "@/lib/i18n/server";
import { parseDemoRef } from "@/lib/payments/demo-ref";
import { formatDueDay } from "@/lib/payments/due-day";
import { formatEuroCents } from "@/lib/payments/euro";
import { formatNoticeCode } from "@/lib/payments/iuv";
import { getDemoCheckout } from "@/lib/payments/demo-checkout";
import { NotFoundError } from "@/lib/errors";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(paymentsCitizen)).demo.title, robots: { index: false } };
}
export const dynamic = "force-dynamic";

/**
 * The demo provider's checkout (demo mode only): what a pagoPA checkout would show of the position, a banner saying
 * that nothing is real, and the three outcomes to simulate. The form posts to ./esito, which answers with the
 * return page the provider was given.
 */
export default async function DemoCheckout({ params }: { params: Promise<{ ente: string; ref: string }> }) {
  if (!getConfig().demoMode) notFound();
  const { ente: slug, ref: rawRef } = await params;
  const ref = parseDemoRef(rawRef);
  if (!ref) notFound();
  const { db, ente } = await requireEnte(slug);
  // Not the demo provider's ente (another provider configured): no such page.
  const position = await getDemoCheckout(db, ente, ref).catch((err: unknown) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });
  if (!position) notFound();
  const [T, lang] = await Promise.all([getT(paymentsCitizen), getLang()]);
  const t = T.demo;
  const rows: { label: string; value: string; mono?: boolean }[] = [
    { label: t.creditor, value: `${position.creditorName} (${position.creditorFiscalCode})` },
    { label: T.causale, value: position.causale },
    { label: T.noticeCode, value: formatNoticeCode(position.noticeCode), mono: true },
    { label: T.dueDate, value: formatDueDay(position.dueDate, lang, ente.timezone) },
    { label: t.payer, value: position.debtorName },
  ];
  return (
    <div className="mx-auto max-w-2xl">
      <div role="note" className="mb-6 rounded-md border-l-4 border-warning bg-warning-light p-4" data-testid="demo-banner">
        <p className="font-bold">{t.bannerTitle}</p>
        <p>{t.banner}</p>
      </div>
      <h1 className="mb-6 text-3xl font-bold">{t.title}</h1>
      <section aria-labelledby="posizione" className="card mb-6">
        <h2 id="posizione" className="mb-3 text-xl font-bold">{t.position}</h2>
        <p className="mb-4">
          <span className="block text-sm font-semibold text-muted">{T.amount}</span>
          <span className="text-3xl font-bold" data-testid="demo-amount">{formatEuroCents(position.amountCents, lang)}</span>
        </p>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[minmax(8rem,12rem)_1fr]">
          {rows.map((r) => (
            <div key={r.label} className="contents">
              <dt className="font-semibold text-muted">{r.label}</dt>
              <dd className={`break-words ${r.mono ? "font-mono" : ""}`}>{r.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {position.effectiveState === "paid" ? (
        <p role="status" className="rounded-md border-l-4 border-success bg-success-light p-4 font-semibold">{t.paid}</p>
      ) : position.effectiveState === "expired" ? (
        <p role="status" className="rounded-md border-l-4 border-danger-dark bg-danger-light p-4 font-semibold text-danger-dark">{t.expired}</p>
      ) : (
        <form method="post" action={`/${ente.slug}/pagamenti/demo/${encodeURIComponent(ref)}/esito`}>
            <fieldset>
              <legend className="mb-3 font-semibold">{t.choose}</legend>
              <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
                <button type="submit" name="esito" value="pay" className="btn-primary px-6 py-3 text-lg">{t.pay}</button>
                <button type="submit" name="esito" value="fail" className="btn-secondary">{t.fail}</button>
                <button type="submit" name="esito" value="cancel" className="btn-secondary">{t.cancel}</button>
              </div>
            </fieldset>
          </form>
      )}
    </div>
  );
}
