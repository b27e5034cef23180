import { NavLink } from "@/components/backoffice/nav-link";
import { SiteFooter } from "@/components/site/site-footer";
import { EnteTheme } from "@/components/site/ente-theme";
import { SiteHeader } from "@/components/site/site-header";
import { getCurrentUser, getStaffRoles, requireEnte } from "@/lib/auth/session";
import { authTexts } from "@/lib/i18n/auth";
import { backoffice } from "@/lib/i18n/backoffice";
import { getT } from "@/lib/i18n/server";

/** The back-office frame: the site header (logout top right), and for signed-in operators the three main pages. */
export default async function OperatorLayout({ children, params }: { children: React.ReactNode; params: Promise<{ ente: string }> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const [current, texts, auth] = await Promise.all([getCurrentUser(), getT(backoffice), getT(authTexts)]);
  const roles = current?.kind === "staff" ? await getStaffRoles(db, current.user.id, ente.id) : [];
  const t = texts.nav;
  const base = `/${ente.slug}/operatori`;
  return (
    <div className="flex min-h-screen flex-col">
      <EnteTheme primaryColor={ente.primaryColor} />
      <SiteHeader ente={ente} user={current ? { name: current.user.name, kind: current.kind, roles } : null} />
      {roles.includes("operator") && (
        <nav aria-label={t.label} className="border-b border-line bg-surface">
          <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-2 text-sm font-semibold">
            <li><NavLink href={base} exact>{t.dashboard}</NavLink></li>
            <li><NavLink href={`${base}/protocollo`}>{t.protocol}</NavLink></li>
            <li><NavLink href={`${base}/metriche`}>{t.metrics}</NavLink></li>
            <li><NavLink href={`${base}/sicurezza`}>{auth.security.title}</NavLink></li>
          </ul>
        </nav>
      )}
      <main id="contenuto" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
      <SiteFooter ente={ente} />
    </div>
  );
}
