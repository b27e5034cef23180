import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { TextField } from "@/components/admin/field";
import { AdminListPage } from "@/components/admin/list-page";
import { ServiceCheckboxes } from "@/components/admin/service-checkboxes";
import { RowTitle } from "@/components/ui/data-table";
import { listOperators } from "@/lib/admin/operators";
import { listServiceOptions } from "@/lib/admin/service-options";
import { requireStaff } from "@/lib/auth/session";
import { LANGS } from "@/lib/i18n";
import { adminTexts } from "@/lib/i18n/admin";
import { getFormat, getT } from "@/lib/i18n/server";
import { createOperatorAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).nav.operators };
}

export default async function OperatorsPage({ params }: { params: Promise<{ ente: string }> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const [T, f] = await Promise.all([getT(adminTexts), getFormat(ente.timezone)]);
  const t = T.operators;
  const [operators, serviceOptions] = await Promise.all([listOperators(ctx), listServiceOptions(ctx)]);
  const serviceName = new Map(serviceOptions.map((s) => [s.id, s.name]));
  return (
    <AdminListPage
      title={t.title}
      intro={t.intro}
      create={{ id: "nuovo-operatore", title: t.newTitle, intro: t.newIntro, width: "max-w-3xl" }}
      minWidth="40rem"
      rows={operators}
      rowKey={(o) => o.id}
      columns={[
        { header: t.name, cell: (o) => <RowTitle href={`/${ente.slug}/admin/operatori/${o.id}`} title={o.name} detail={o.email} /> },
        { header: t.role, cell: (o) => o.roles.map((r) => (r === "admin" ? t.roleAdmin : t.roleOperator)).join(", ") },
        { header: t.services, cell: (o) => o.serviceIds.map((id) => serviceName.get(id)).filter(Boolean).join(", ") || "—" },
        { header: t.lastLogin, cell: (o) => (o.lastLoginAt ? f.dateTime(o.lastLoginAt) : t.never) },
        {
          header: t.status,
          cell: (o) =>
            o.disabled ? (
              <span className="font-semibold text-danger-dark">{t.disabled}</span>
            ) : o.hasPassword ? (
              t.active
            ) : (
              <span className="font-semibold text-warning">{t.invited}</span>
            ),
        },
      ]}
    >
      <ActionForm action={createOperatorAction.bind(null, ente.slug)} submitLabel={t.create} pendingLabel={t.creating} resetOnSuccess>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="name" label={t.name} required autoComplete="off" />
          <TextField name="email" label={t.email} type="email" required autoComplete="off" />
          <div>
            <label htmlFor="f-role" className="field-label">{t.role}</label>
            <select id="f-role" name="role" className="field-input" defaultValue="operator">
              <option value="operator">{t.roleOperator}</option>
              <option value="admin">{t.roleAdmin}</option>
            </select>
          </div>
          <div>
            <label htmlFor="f-lang" className="field-label">{t.language}</label>
            <select id="f-lang" name="lang" className="field-input" defaultValue={f.lang}>
              {LANGS.map((l) => <option key={l} value={l}>{T.languageName[l]}</option>)}
            </select>
          </div>
        </div>
        <ServiceCheckboxes legend={t.services} options={serviceOptions} checked={[]} emptyText={T.none} />
      </ActionForm>
    </AdminListPage>
  );
}
