import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
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
        <div>
          <label htmlFor="f-name" className="field-label">{t.name}</label>
          <input id="f-name" name="name" required className="field-input" />
        </div>
        <div>
          <label htmlFor="f-slug" className="field-label">{t.slug}</label>
          <p id="slug-help" className="mb-1 text-sm text-muted">{t.slugHelp}</p>
          <input id="f-slug" name="slug" className="field-input font-mono" aria-describedby="slug-help" pattern={SLUG_INPUT_PATTERN} />
        </div>
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
