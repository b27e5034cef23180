import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/admin/audit-table";
import { PageHeader } from "@/components/ui/page-header";
import { listAudit } from "@/lib/admin/audit";
import { getAdminOverview } from "@/lib/admin/overview";
import { requireStaff } from "@/lib/auth/session";
import { adminTexts } from "@/lib/i18n/admin";
import { getT } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).pageTitle.overview };
}

export default async function AdminOverviewPage({ params }: { params: Promise<{ ente: string }> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const t = (await getT(adminTexts)).overview;
  const [o, recent] = await Promise.all([getAdminOverview(ctx), listAudit(ctx, { limit: 10 })]);
  const base = `/${ente.slug}/admin`;
  const tiles = [
    { label: t.operators, value: o.operators, href: `${base}/operatori` },
    { label: t.services, value: o.services, href: `${base}/servizi` },
    { label: t.partners, value: o.partners, href: `${base}/partner` },
    { label: t.dead, value: o.deadNotifications, href: `${base}/notifiche`, warn: o.deadNotifications > 0 },
    { label: t.pendingProtocol, value: o.pendingProtocol, href: `${base}/protocollo`, warn: o.pendingProtocol > 0 },
  ];
  return (
    <div className="space-y-8">
      <PageHeader title={t.title} intro={t.intro} />
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        {tiles.map((tile) => (
          <li key={tile.href}>
            <Link href={tile.href} className={`card block no-underline ${tile.warn ? "border-warning" : ""}`}>
              <span className={`block text-3xl font-bold ${tile.warn ? "text-warning" : "text-ink"}`}>{tile.value}</span>
              <span className="block font-semibold text-primary">{tile.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <section aria-labelledby="recenti">
        <h2 id="recenti" className="mb-3 text-xl font-bold">{t.recent}</h2>
        <AuditTable rows={recent.rows} timeZone={ente.timezone} />
      </section>
    </div>
  );
}
