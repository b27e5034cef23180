import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireEnte } from "@/lib/auth/session";
import { common } from "@/lib/i18n/common";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";

type Portal = typeof portal.it;

/** The footer's legal pages, by their address: title and paragraphs in the visitor's language. */
const PAGES = {
  privacy: (t: Portal, ente: string) => ({ title: t.info.privacy.title, body: [t.info.privacy.controller({ ente }), t.info.privacy.emails, t.info.privacy.rights] }),
  "note-legali": (t: Portal, ente: string) => ({ title: t.info.legal.title, body: [t.info.legal.contents({ ente }), t.info.legal.software] }),
  accessibilita: (t: Portal, ente: string) => ({ title: t.info.accessibility.title, body: [t.info.accessibility.commitment({ ente }), t.info.accessibility.checks, t.info.accessibility.report] }),
} as const;

function isPage(page: string): page is keyof typeof PAGES {
  return Object.hasOwn(PAGES, page);
}

export async function generateMetadata({ params }: { params: Promise<{ ente: string; page: string }> }): Promise<Metadata> {
  const { ente: slug, page } = await params;
  const { ente } = await requireEnte(slug);
  return isPage(page) ? { title: PAGES[page](await getT(portal), ente.name).title } : {};
}

export default async function InfoPage({ params }: { params: Promise<{ ente: string; page: string }> }) {
  const { ente: slug, page } = await params;
  const { ente } = await requireEnte(slug);
  if (!isPage(page)) notFound();
  const [t, c] = await Promise.all([getT(portal), getT(common)]);
  const content = PAGES[page](t, ente.name);
  return (
    <article className="max-w-3xl">
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, { label: content.title }]} />
      <h1 className="mb-4 text-3xl font-bold">{content.title}</h1>
      {content.body.map((p) => (
        <p key={p} className="mb-3">{p}</p>
      ))}
    </article>
  );
}
