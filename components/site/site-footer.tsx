import Link from "next/link";
import { common } from "@/lib/i18n/common";
import { getT } from "@/lib/i18n/server";
import { Crest } from "./crest";

/** What the footer shows of the ente (an `enti` row fits). */
export type FooterEnte = { slug: string; name: string; logoUrl: string | null; address: string | null; phone: string | null; email: string | null; pec: string | null; accessibilityUrl: string | null };

/** Contacts, legal links and, bottom right, the staff login link the operator manual points to. */
export async function SiteFooter({ ente }: { ente: FooterEnte }) {
  const t = await getT(common);
  return (
    <footer className="mt-12 bg-primary-darker text-white">
      <div className="mx-auto grid max-w-6xl gap-8 px-4 py-8 sm:grid-cols-3">
        <div className="flex items-start gap-3">
          <Crest logoUrl={ente.logoUrl} name={ente.name} size={48} />
          <p className="text-lg font-bold">{ente.name}</p>
        </div>
        <div>
          <h2 className="mb-2 text-sm font-bold uppercase tracking-wide">{t.contacts}</h2>
          <ul className="space-y-1 text-sm">
            {ente.address && <li>{ente.address}</li>}
            {ente.phone && <li>{t.phone}: {ente.phone}</li>}
            {ente.email && <li>{t.email}: <a className="text-white underline" href={`mailto:${ente.email}`}>{ente.email}</a></li>}
            {ente.pec && <li>{t.pec}: <a className="text-white underline" href={`mailto:${ente.pec}`}>{ente.pec}</a></li>}
          </ul>
        </div>
        <div>
          <h2 className="mb-2 text-sm font-bold uppercase tracking-wide">{t.information}</h2>
          <ul className="space-y-1 text-sm">
            {/* The data-element names are the ones the AgID validator looks for in the footer (C.SI.3.2, C.SI.3.3, C.SI.3.4). */}
            <li><Link className="text-white underline" href={`/${ente.slug}/info/privacy`} data-element="privacy-policy-link">{t.privacy}</Link></li>
            <li><Link className="text-white underline" href={`/${ente.slug}/info/note-legali`} data-element="legal-notes">{t.legalNotes}</Link></li>
            <li>
              {/* The statement lives on AgID's form site once the ente has published it there; until then, the portal's page. */}
              {ente.accessibilityUrl ? (
                <a className="text-white underline" href={ente.accessibilityUrl} data-element="accessibility-link">{t.accessibility}</a>
              ) : (
                <Link className="text-white underline" href={`/${ente.slug}/info/accessibilita`} data-element="accessibility-link">{t.accessibility}</Link>
              )}
            </li>
            <li><Link className="text-white underline" href={`/${ente.slug}/monitoraggio`}>{t.monitoring}</Link></li>
          </ul>
        </div>
      </div>
      <div className="border-t border-white/30">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
          <span>{t.poweredBy}</span>
          <Link href={`/${ente.slug}/operatori/login`} className="font-semibold text-white underline">
            {t.operatorArea}
          </Link>
        </div>
      </div>
    </footer>
  );
}
