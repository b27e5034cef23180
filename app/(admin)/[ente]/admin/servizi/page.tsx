import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { TextField } from "@/components/admin/field";
import { AdminListPage } from "@/components/admin/list-page";
import { RowTitle } from "@/components/ui/data-table";
import { listServicesAdmin } from "@/lib/admin/services";
import { requireStaff } from "@/lib/auth/session";
import { adminTexts } from "@/lib/i18n/admin";
import { getT } from "@/lib/i18n/server";
import { SLUG_INPUT_PATTERN } from "@/lib/slug";
import { createServiceAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).nav.services };
}

export default async function ServicesPage({ params }: { params: Promise<{ ente: string }> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const T = await getT(adminTexts);
  const t = T.services;
  const rows = await listServicesAdmin(ctx);
  return (
    <AdminListPage
      title={t.title}
      intro={t.intro}
      create={{ id: "nuovo-servizio", title: t.newTitle, intro: t.newIntro, width: "max-w-2xl" }}
      rows={rows}
      rowKey={(s) => s.id}
      columns={[
        { header: t.name, cell: (s) => <RowTitle href={`/${ente.slug}/admin/servizi/${s.id}`} title={s.name} detail={s.slug} mono /> },
        { header: t.category, cell: (s) => s.category },
        { header: t.status, cell: (s) => t.statusLabels[s.status] },
        { header: t.formVersion, cell: (s) => s.formVersion, numeric: true },
        { header: t.pratiche, cell: (s) => s.pratiche, numeric: true },
      ]}
    >
      <ActionForm action={createServiceAction.bind(null, ente.slug)} submitLabel={t.create}>
        <TextField name="name" label={t.name} required />
        <TextField name="slug" label={t.slug} help={t.slugHelp} inputClassName="font-mono" pattern={SLUG_INPUT_PATTERN} />
        <div>
          <label htmlFor="f-category" className="field-label">{t.category}</label>
          <input id="f-category" name="category" className="field-input" defaultValue={t.defaultCategory} list="categorie" />
          <datalist id="categorie">
            {[...new Set(rows.map((r) => r.category))].map((c) => <option key={c} value={c} />)}
          </datalist>
        </div>
      </ActionForm>
    </AdminListPage>
  );
}
