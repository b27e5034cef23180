import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { TextField } from "@/components/admin/field";
import { AdminListPage } from "@/components/admin/list-page";
import { ServiceCheckboxes } from "@/components/admin/service-checkboxes";
import { RowTitle } from "@/components/ui/data-table";
import { listPartners } from "@/lib/admin/partners";
import { listServiceOptions } from "@/lib/admin/service-options";
import { requireStaff } from "@/lib/auth/session";
import { adminTexts } from "@/lib/i18n/admin";
import { getFormat, getT } from "@/lib/i18n/server";
import { createPartnerAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).nav.partners };
}

export default async function PartnersPage({ params }: { params: Promise<{ ente: string }> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const [T, f] = await Promise.all([getT(adminTexts), getFormat(ente.timezone)]);
  const t = T.partners;
  const [rows, serviceOptions] = await Promise.all([listPartners(ctx), listServiceOptions(ctx)]);
  return (
    <AdminListPage
      title={t.title}
      intro={t.intro}
      create={{ id: "nuovo-partner", title: t.newTitle, width: "max-w-3xl" }}
      rows={rows}
      rowKey={(p) => p.id}
      columns={[
        { header: t.name, cell: (p) => <RowTitle href={`/${ente.slug}/admin/partner/${p.id}`} title={p.name} detail={p.slug} mono /> },
        { header: t.services, cell: (p) => p.services.length },
        { header: t.webhookUrl, cell: (p) => p.webhookUrl ?? "—", className: "break-all font-mono text-xs" },
        { header: t.lastUsed, cell: (p) => f.dateTime(p.lastUsedAt) },
        { header: t.status, cell: (p) => (p.disabledAt ? <span className="font-semibold text-danger-dark">{t.disabled}</span> : t.active) },
      ]}
    >
      <ActionForm action={createPartnerAction.bind(null, ente.slug)} submitLabel={t.create} resetOnSuccess>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="name" label={t.name} required />
          <div>
            <label htmlFor="f-slug" className="field-label">{t.slug}</label>
            <input id="f-slug" name="slug" required className="field-input font-mono" aria-describedby="slug-help" />
            <p id="slug-help" className="mt-1 text-sm text-muted">{t.slugHelp}</p>
          </div>
        </div>
        <TextField name="webhookUrl" label={t.webhookUrl} type="url" inputClassName="font-mono" placeholder="https://" />
        <label className="flex items-center gap-2">
          <input id="f-isProtocolRegistry" type="checkbox" name="isProtocolRegistry" className="size-5" /> {t.protocolRegistry}
        </label>
        <ServiceCheckboxes legend={t.services} options={serviceOptions} checked={[]} emptyText={T.none} />
      </ActionForm>
    </AdminListPage>
  );
}
