import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { ServiceCheckboxes } from "@/components/admin/service-checkboxes";
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
    <div className="space-y-8">
      <div>
        <h1 className="mb-2 text-3xl font-bold">{t.title}</h1>
        <p className="text-muted">{t.intro}</p>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] border-collapse text-left text-sm">
          <caption className="sr-only">{t.title}</caption>
          <thead>
            <tr className="border-b-2 border-ink">
              <th scope="col" className="p-2">{t.name}</th>
              <th scope="col" className="p-2">{t.role}</th>
              <th scope="col" className="p-2">{t.services}</th>
              <th scope="col" className="p-2">{t.lastLogin}</th>
              <th scope="col" className="p-2">{t.status}</th>
            </tr>
          </thead>
          <tbody>
            {operators.map((o) => (
              <tr key={o.id} className="border-b border-line align-top">
                <td className="p-2">
                  <Link href={`/${ente.slug}/admin/operatori/${o.id}`} className="font-semibold">{o.name}</Link>
                  <div className="text-muted">{o.email}</div>
                </td>
                <td className="p-2">{o.roles.map((r) => (r === "admin" ? t.roleAdmin : t.roleOperator)).join(", ")}</td>
                <td className="p-2">{o.serviceIds.map((id) => serviceName.get(id)).filter(Boolean).join(", ") || "—"}</td>
                <td className="p-2">{o.lastLoginAt ? f.dateTime(o.lastLoginAt) : t.never}</td>
                <td className="p-2">
                  {o.disabled ? (
                    <span className="font-semibold text-danger-dark">{t.disabled}</span>
                  ) : o.hasPassword ? (
                    t.active
                  ) : (
                    <span className="font-semibold text-warning">{t.invited}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="nuovo-operatore" className="card max-w-3xl">
        <h2 id="nuovo-operatore" className="mb-1 text-xl font-bold">{t.newTitle}</h2>
        <p className="mb-4 text-muted">{t.newIntro}</p>
        <ActionForm action={createOperatorAction.bind(null, ente.slug)} submitLabel={t.create} pendingLabel={t.creating} resetOnSuccess>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <label htmlFor="f-name" className="field-label">{t.name}</label>
              <input id="f-name" name="name" required autoComplete="off" className="field-input" />
            </div>
            <div>
              <label htmlFor="f-email" className="field-label">{t.email}</label>
              <input id="f-email" name="email" type="email" required autoComplete="off" className="field-input" />
            </div>
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
      </section>
    </div>
  );
}
