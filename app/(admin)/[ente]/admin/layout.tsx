import Link from "next/link";
import { UnsavedChangesGuard } from "@/components/admin/unsaved-changes";
import { EnteTheme } from "@/components/site/ente-theme";
import { SiteFooter } from "@/components/site/site-footer";
import { SiteHeader } from "@/components/site/site-header";
import { requireStaff } from "@/lib/auth/session";
import { pick } from "@/lib/i18n";
import { adminTexts } from "@/lib/i18n/admin";
import { getLang } from "@/lib/i18n/server";

const NAV = [
  { href: "", it: "Panoramica", en: "Overview" },
  { href: "/operatori", it: "Operatori", en: "Operators" },
  { href: "/servizi", it: "Servizi", en: "Services" },
  { href: "/partner", it: "Partner", en: "Partners" },
  { href: "/impostazioni", it: "Impostazioni", en: "Settings" },
  { href: "/notifiche", it: "Notifiche", en: "Notifications" },
  { href: "/protocollo", it: "Protocollo", en: "Protocol" },
  { href: "/registro", it: "Registro attività", en: "Audit log" },
] as const;

/** The municipality administration: only the ente's admins get past requireStaff (others: login or 403 page). */
export default async function AdminLayout({ children, params }: { children: React.ReactNode; params: Promise<{ ente: string }> }) {
  const { ente, user, roles } = await requireStaff((await params).ente, "admin");
  const lang = await getLang();
  return (
    <UnsavedChangesGuard texts={pick(adminTexts, lang).unsaved}>
    <div className="flex min-h-screen flex-col">
      <EnteTheme primaryColor={ente.primaryColor} />
      <SiteHeader ente={ente} lang={lang} user={{ name: user.name, kind: "staff", roles }} />
      <nav aria-label={lang === "it" ? "Amministrazione" : "Administration"} className="border-b border-line bg-surface">
        <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-2 text-sm font-semibold">
          {NAV.map((item) => (
            <li key={item.href}>
              <Link className="block px-3 py-2" href={`/${ente.slug}/admin${item.href}`}>
                {item[lang]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="contenuto" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
      <SiteFooter ente={ente} lang={lang} />
    </div>
    </UnsavedChangesGuard>
  );
}
