import { NavLink } from "@/components/backoffice/nav-link";
import { AreaNav, SiteFrame } from "@/components/site/site-frame";
import { getCurrentUser, getStaffRoles, requireEnte } from "@/lib/auth/session";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { authTexts } from "@/lib/i18n/auth";
import { backoffice } from "@/lib/i18n/backoffice";
import { getT } from "@/lib/i18n/server";

/** The back-office frame: the site header (logout top right), and for signed-in operators the three main pages. */
export default async function OperatorLayout({ children, params }: { children: React.ReactNode; params: Promise<{ ente: string }> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const [current, texts, auth, ta] = await Promise.all([getCurrentUser(), getT(backoffice), getT(authTexts), getT(appointmentsStaffTexts)]);
  const roles = current?.kind === "staff" ? await getStaffRoles(db, current.user.id, ente.id) : [];
  const t = texts.nav;
  const base = `/${ente.slug}/operatori`;
  const nav = roles.includes("operator") ? (
    <AreaNav label={t.label}>
      <NavLink href={base} exact>{t.dashboard}</NavLink>
      <NavLink href={`${base}/agenda`}>{ta.nav.agenda}</NavLink>
      <NavLink href={`${base}/protocollo`}>{t.protocol}</NavLink>
      <NavLink href={`${base}/metriche`}>{t.metrics}</NavLink>
      <NavLink href={`${base}/sicurezza`}>{auth.security.title}</NavLink>
    </AreaNav>
  ) : null;
  return (
    <SiteFrame ente={ente} user={current ? { name: current.user.name, kind: current.kind, roles } : null} nav={nav}>
      {children}
    </SiteFrame>
  );
}
