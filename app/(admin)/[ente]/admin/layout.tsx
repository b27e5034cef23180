import Link from "next/link";
import { UnsavedChangesGuard } from "@/components/admin/unsaved-changes";
import { EnteTheme } from "@/components/site/ente-theme";
import { SiteFooter } from "@/components/site/site-footer";
import { SiteHeader } from "@/components/site/site-header";
import { requireStaff } from "@/lib/auth/session";
import { adminTexts } from "@/lib/i18n/admin";
import { getT } from "@/lib/i18n/server";

const NAV = [
  { href: "", key: "overview" },
  { href: "/operatori", key: "operators" },
  { href: "/servizi", key: "services" },
  { href: "/partner", key: "partners" },
  { href: "/impostazioni", key: "settings" },
  { href: "/notifiche", key: "notifications" },
  { href: "/protocollo", key: "protocol" },
  { href: "/registro", key: "audit" },
] as const;

/** The municipality administration: only the ente's admins get past requireStaff (others: login or 403 page). */
export default async function AdminLayout({ children, params }: { children: React.ReactNode; params: Promise<{ ente: string }> }) {
  const { ente, user, roles } = await requireStaff((await params).ente, "admin");
  const t = await getT(adminTexts);
  return (
    <UnsavedChangesGuard>
    <div className="flex min-h-screen flex-col">
      <EnteTheme primaryColor={ente.primaryColor} />
      <SiteHeader ente={ente} user={{ name: user.name, kind: "staff", roles }} />
      <nav aria-label={t.nav.label} className="border-b border-line bg-surface">
        <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-2 text-sm font-semibold">
          {NAV.map((item) => (
            <li key={item.href}>
              <Link className="block px-3 py-2" href={`/${ente.slug}/admin${item.href}`}>
                {t.nav[item.key]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="contenuto" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
      <SiteFooter ente={ente} />
    </div>
    </UnsavedChangesGuard>
  );
}
