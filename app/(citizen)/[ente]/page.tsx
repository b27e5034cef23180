import Link from "next/link";
import { requireEnte } from "@/lib/auth/session";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import { listCatalogue } from "@/lib/portal/catalogue";

export const dynamic = "force-dynamic";

/** The municipality's home: a welcome and the services citizens can start today. */
export default async function EnteHome({ params }: { params: Promise<{ ente: string }> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const t = await getT(portal);
  const list = (await listCatalogue(db, ente)).entries.filter((s) => s.open);
  return (
    <>
      <section className="mb-8 rounded-lg bg-primary-light p-6">
        <h1 className="mb-2 text-3xl font-bold">{t.home.welcome({ ente: ente.name })}</h1>
        <p className="mb-4 max-w-2xl">{t.home.intro}</p>
        <div className="flex flex-wrap gap-3">
          <Link href={`/${ente.slug}/servizi`} className="btn-primary">{t.home.allServices}</Link>
          <Link href={`/${ente.slug}/area-personale`} className="btn-secondary">{t.myPratiche}</Link>
        </div>
      </section>
      <h2 className="mb-4 text-2xl font-bold">{t.home.onlineServices}</h2>
      {list.length === 0 ? (
        <p>
          {t.home.noneOpen}{" "}
          <Link href={`/${ente.slug}/servizi`}>{t.home.seeAll}</Link>
        </p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {list.map((s) => (
            <li key={s.slug} className="card flex flex-col">
              <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">{s.category}</p>
              <h3 className="mb-2 text-lg font-semibold">
                <Link href={`/${ente.slug}/servizi/${s.slug}`}>{s.name}</Link>
              </h3>
              <p className="line-clamp-3 text-sm">{s.description}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
