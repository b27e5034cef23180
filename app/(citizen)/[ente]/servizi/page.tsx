import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { ServiceCard } from "@/components/portal/service-card";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireEnte } from "@/lib/auth/session";
import { common } from "@/lib/i18n/common";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import { servicePage } from "@/lib/i18n/service-page";
import { listCatalogue } from "@/lib/portal/catalogue";
import { isTopic } from "@/lib/services/topics";
import { slugify } from "@/lib/slug";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(portal)).servicesTitle };
}
export const dynamic = "force-dynamic";

const querySchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  categoria: z.string().max(200).optional().catch(undefined),
  argomento: z.string().max(100).optional().catch(undefined),
});

/** The catalogue: services grouped by category, with a search box and category filters (plain links and GET). */
export default async function Catalogue({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const [t, c, ts] = await Promise.all([getT(portal), getT(common), getT(servicePage)]);
  const query = querySchema.parse(await searchParams);
  const q = query.q?.trim() || undefined;
  const topic = query.argomento && isTopic(query.argomento) ? query.argomento : undefined;
  const { entries, categories } = await listCatalogue(db, ente, { q, category: query.categoria, topic });
  const category = query.categoria && categories.includes(query.categoria) ? query.categoria : undefined;
  const base = `/${ente.slug}/servizi`;
  const groups = categories.map((cat) => ({ cat, items: entries.filter((e) => e.category === cat) })).filter((g) => g.items.length > 0);
  const filtered = Boolean(q || category || topic);
  const href = (cat?: string) => {
    const sp = new URLSearchParams();
    if (q) sp.set("q", q);
    if (cat) sp.set("categoria", cat);
    if (topic) sp.set("argomento", topic);
    const s = sp.toString();
    return s ? `${base}?${s}` : base;
  };
  return (
    <>
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, { label: t.servicesTitle }]} />
      <h1 className="mb-2 text-3xl font-bold">{t.servicesTitle}</h1>
      <p className="mb-6 max-w-3xl text-lg">{t.servicesIntro}</p>

      <form role="search" action={base} method="get" className="mb-6 flex max-w-2xl flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor="cerca-servizio" className="field-label">{t.searchLabel}</label>
          <input id="cerca-servizio" name="q" type="search" defaultValue={q ?? ""} placeholder={t.searchPlaceholder} className="field-input" />
        </div>
        {category && <input type="hidden" name="categoria" value={category} />}
        {topic && <input type="hidden" name="argomento" value={topic} />}
        <button type="submit" className="btn-primary">{t.searchButton}</button>
      </form>

      <nav aria-label={t.categoriesNav} className="mb-6">
        <ul className="flex flex-wrap gap-2">
          <li>
            <Link href={href()} aria-current={!category ? "page" : undefined} className={`inline-block rounded-full border-2 border-primary px-3 py-1 text-sm font-semibold no-underline ${!category ? "bg-primary text-white" : "bg-white text-primary hover:bg-primary-light"}`}>
              {t.allCategories}
            </Link>
          </li>
          {categories.map((cat) => (
            <li key={cat}>
              <Link href={href(cat)} aria-current={category === cat ? "page" : undefined} className={`inline-block rounded-full border-2 border-primary px-3 py-1 text-sm font-semibold no-underline ${category === cat ? "bg-primary text-white" : "bg-white text-primary hover:bg-primary-light"}`}>
                {cat}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {topic && (
        <p className="mb-4 flex flex-wrap items-center gap-3">
          <span className="font-semibold">{ts.topicFilter({ topic })}</span>
          <Link href={base} className="text-sm">{t.clearSearch}</Link>
        </p>
      )}
      <p className="mb-4 font-semibold" role="status">
        {t.resultsCount({ n: entries.length })} {q ? t.resultsFor({ q }) : ""}
      </p>
      {entries.length === 0 ? (
        <div className="card">
          <p className="mb-3">{t.noResults}</p>
          {filtered && <Link href={base} className="btn-secondary">{t.clearSearch}</Link>}
        </div>
      ) : (
        groups.map((g) => (
          <section key={g.cat} aria-labelledby={`cat-${slugify(g.cat)}`} className="mb-8">
            <h2 id={`cat-${slugify(g.cat)}`} className="mb-3 text-2xl font-bold">{g.cat}</h2>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {g.items.map((e) => (
                <ServiceCard key={e.slug} entry={e} href={`${base}/${e.slug}`} />
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}
