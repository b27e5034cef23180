import Link from "next/link";
import { UnsavedChangesGuard } from "@/components/admin/unsaved-changes";
import { AreaNav, SiteFrame } from "@/components/site/site-frame";
import { requireStaff } from "@/lib/auth/session";
import { adminTexts } from "@/lib/i18n/admin";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { channelsAdminTexts } from "@/lib/i18n/channels-admin";
import { feedbackTexts } from "@/lib/i18n/feedback";
import { paymentsStaffTexts } from "@/lib/i18n/payments-staff";
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
  const [t, tf, tp, ta, tc] = await Promise.all([getT(adminTexts), getT(feedbackTexts), getT(paymentsStaffTexts), getT(appointmentsStaffTexts), getT(channelsAdminTexts)]);
  const nav = (
    <AreaNav label={t.nav.label}>
      {NAV.map((item) => (
        <Link key={item.href} className="block px-3 py-2" href={`/${ente.slug}/admin${item.href}`}>
          {t.nav[item.key]}
        </Link>
      ))}
      <Link className="block px-3 py-2" href={`/${ente.slug}/admin/canali`}>{tc.nav}</Link>
      <Link className="block px-3 py-2" href={`/${ente.slug}/admin/uffici`}>{ta.nav.offices}</Link>
      <Link className="block px-3 py-2" href={`/${ente.slug}/admin/pagamenti`}>{tp.nav}</Link>
      <Link className="block px-3 py-2" href={`/${ente.slug}/admin/valutazioni`}>{tf.admin.nav}</Link>
    </AreaNav>
  );
  return (
    <UnsavedChangesGuard>
      <SiteFrame ente={ente} user={{ name: user.name, kind: "staff", roles }} nav={nav}>
        {children}
      </SiteFrame>
    </UnsavedChangesGuard>
  );
}
