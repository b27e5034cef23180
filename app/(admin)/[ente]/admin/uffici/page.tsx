import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, RowTitle } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { listOffices } from "@/lib/appointments/offices";
import { requireStaff } from "@/lib/auth/session";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { getT } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(appointmentsStaffTexts)).offices.pageTitle };
}

/** "Uffici": the ente's offices, each with its opening days, slot length, services and operators. */
export default async function OfficesPage({ params }: { params: Promise<{ ente: string }> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const t = await getT(appointmentsStaffTexts);
  const o = t.offices;
  const rows = await listOffices(ctx);
  const base = `/${ente.slug}/admin/uffici`;
  return (
    <div className="space-y-6">
      <PageHeader title={o.title} intro={o.intro} />
      <p className="rounded-md border-2 border-primary bg-surface p-3 text-ink">
        {o.holidaysNote} <Link href={`/${ente.slug}/admin/impostazioni`} className="font-semibold underline">{o.settingsLink}</Link>
      </p>
      <p className="flex flex-wrap items-center gap-4">
        <Link href={`${base}/nuovo`} className="btn-primary">{o.newLink}</Link>
        <Link href={`/${ente.slug}/operatori/agenda`}>{t.nav.agenda}</Link>
      </p>
      {rows.length === 0 ? (
        <p className="text-muted">{o.empty}</p>
      ) : (
        <DataTable
          caption={o.title}
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            { header: o.name, cell: (r) => <RowTitle href={`${base}/${r.id}`} title={r.name} detail={r.address} /> },
            {
              header: o.openDays,
              cell: (r) => [...new Set(r.openingHours.map((h) => h.weekday))].sort().map((d) => t.weekdays[d as 1].slice(0, 3)).join(" ") || o.closed,
            },
            { header: o.slotColumn, cell: (r) => o.slot({ n: r.slotMinutes }) },
            { header: o.servicesCount, cell: (r) => r.serviceIds.length },
            { header: o.operatorsCount, cell: (r) => r.operatorIds.length },
            { header: o.status, cell: (r) => (r.active ? o.activeLabel : <span className="font-semibold text-danger-dark">{o.inactiveLabel}</span>) },
          ]}
        />
      )}
    </div>
  );
}
