import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/admin/action-form";
import { ConfirmActionCard } from "@/components/admin/confirm-action-card";
import { AuditTable } from "@/components/admin/audit-table";
import { ServiceCheckboxes } from "@/components/admin/service-checkboxes";
import { listAudit } from "@/lib/admin/audit";
import { getOperator, servicesOnlyHandledBy } from "@/lib/admin/operators";
import { listServiceOptions } from "@/lib/admin/service-options";
import { requireStaff } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { adminTexts } from "@/lib/i18n/admin";
import { getFormat, getT } from "@/lib/i18n/server";
import { resetOperatorPasswordAction, setOperatorDisabledAction, updateOperatorServicesAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).pageTitle.operator };
}

export default async function OperatorPage({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const p = await params;
  const { ctx, ente, user: me } = await requireStaff(p.ente, "admin");
  const id = z.uuid().safeParse(p.id);
  if (!id.success) notFound();
  const [T, f] = await Promise.all([getT(adminTexts), getFormat(ente.timezone)]);
  const t = T.operators;
  const operator = await getOperator(ctx, id.data).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const [serviceOptions, history, onlyHere] = await Promise.all([
    listServiceOptions(ctx),
    listAudit(ctx, { targetId: operator.id, limit: 50 }),
    operator.disabled ? [] : servicesOnlyHandledBy(ctx, operator.id),
  ]);
  const isOperator = operator.roles.includes("operator");
  return (
    <div className="space-y-6">
      <p><Link href={`/${ente.slug}/admin/operatori`}>← {t.back}</Link></p>
      <div>
        <h1 className="text-3xl font-bold">{operator.name}</h1>
        <p className="text-muted">
          {operator.email} · {operator.roles.map((r) => (r === "admin" ? t.roleAdmin : t.roleOperator)).join(", ")} · {t.lastLogin}:{" "}
          {operator.lastLoginAt ? f.dateTime(operator.lastLoginAt) : t.never} · {t.status}:{" "}
          <strong>{operator.disabled ? t.disabled : operator.hasPassword ? t.active : t.invited}</strong>
        </p>
      </div>
      {isOperator && (
        <section aria-labelledby="servizi" className="card">
          <h2 id="servizi" className="mb-3 text-xl font-bold">{t.services}</h2>
          <ActionForm action={updateOperatorServicesAction.bind(null, ente.slug, operator.id)} submitLabel={t.servicesSave}>
            <ServiceCheckboxes legend={t.services} options={serviceOptions} checked={operator.serviceIds} emptyText={T.none} />
          </ActionForm>
        </section>
      )}
      <div className="grid gap-6 md:grid-cols-2">
        <ConfirmActionCard id="reset" title={t.reset} intro={t.resetIntro} action={resetOperatorPasswordAction.bind(null, ente.slug, operator.id)} submitLabel={t.reset} confirmText={t.resetConfirm} />
        {operator.id !== me.id && (
          <section aria-labelledby="stato" className="card">
            <h2 id="stato" className="mb-3 text-xl font-bold">{t.status}</h2>
            {operator.disabled ? (
              <ActionForm action={setOperatorDisabledAction.bind(null, ente.slug, operator.id, false)} submitLabel={t.enable} submitClassName="btn-primary" />
            ) : (
              <ActionForm action={setOperatorDisabledAction.bind(null, ente.slug, operator.id, true)} submitLabel={t.disable} submitClassName="btn-danger" confirmText={onlyHere.length ? t.disableOrphanConfirm({ services: onlyHere.map((o) => `«${o.name}»`).join(", ") }) : t.disableConfirm} />
            )}
          </section>
        )}
      </div>
      <section aria-labelledby="storia">
        <h2 id="storia" className="mb-3 text-xl font-bold">{t.history}</h2>
        <AuditTable rows={history.rows} timeZone={ente.timezone} />
      </section>
    </div>
  );
}
