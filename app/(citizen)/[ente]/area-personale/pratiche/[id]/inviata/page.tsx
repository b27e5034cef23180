import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Feedback } from "@/components/portal/feedback";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireCitizen } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { common } from "@/lib/i18n/common";
import { personalArea } from "@/lib/i18n/personal-area";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import { getPratica } from "@/lib/pratiche/get";
import { praticaNumber } from "@/lib/pratiche/number";
import { isUuid } from "@/lib/uuid";
import { STATUS } from "@/lib/workflow/states";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(personalArea)).sentTitle };
}
export const dynamic = "force-dynamic";

/** After "Invia": the confirmation ("Richiesta inviata") with the pratica's number and where to follow it. */
export default async function RequestSent({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente: slug, id } = await params;
  const base = `/${slug}/area-personale/pratiche/${id}`;
  const { ente, ctx } = await requireCitizen(slug, `${base}/inviata`);
  if (!isUuid(id)) notFound();
  let found: Awaited<ReturnType<typeof getPratica>>;
  try {
    found = await getPratica(ctx, id);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const { pratica, service } = found;
  if (pratica.status === STATUS.draft) redirect(`${base}/riepilogo`);
  const [t, c, pa] = await Promise.all([getT(portal), getT(common), getT(personalArea)]);
  return (
    <>
    <div className="max-w-3xl">
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, { href: `/${ente.slug}/area-personale`, label: t.personalArea }, { label: pa.sentTitle }]} />
      <section aria-labelledby="richiesta-inviata" className="mb-8">
        <h1 id="richiesta-inviata" className="mb-4 flex items-center gap-3 text-3xl font-bold">
          <span aria-hidden="true" className="inline-flex h-10 w-10 items-center justify-center rounded-full bg-success text-white">✓</span>
          {pa.sentTitle}
        </h1>
        <p className="mb-3 text-lg">{pa.sentThanks({ s: service.name })}</p>
        <p className="mb-3 text-lg">
          {pa.sentNumber}: <strong className="font-mono" data-testid="numero-pratica">{praticaNumber(pratica)}</strong>
        </p>
        <p className="mb-5">{pa.sentReceipt}</p>
        <p>
          <Link href={`${base}?esito=inviata`} className="font-semibold underline">{pa.sentOpen}</Link> {pa.sentInArea}
        </p>
      </section>
    </div>
    {/* The end of the request flow: the rating component, as the Modello Comuni and the AgID validator want it. */}
    <Feedback ente={ente} page={`flow-end:${service.slug}`} back={`${base}/inviata`} />
    </>
  );
}
