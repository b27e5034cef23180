import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/admin/action-form";
import { ConfirmActionCard } from "@/components/admin/confirm-action-card";
import { TextField } from "@/components/admin/field";
import { DataTable } from "@/components/ui/data-table";
import { getPartnerAdmin, listPartnerDeliveries, WEBHOOK_EVENTS } from "@/lib/admin/partners";
import { listServiceOptions } from "@/lib/admin/service-options";
import { requireStaff } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { adminTexts } from "@/lib/i18n/admin";
import { labelOf, notificationsText } from "@/lib/i18n/notifications";
import { getFormat, getT } from "@/lib/i18n/server";
import { rotatePartnerSecretAction, updatePartnerAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).pageTitle.partner };
}

export default async function PartnerPage({ params }: { params: Promise<{ ente: string; id: string }> }) {
  const p = await params;
  const { ctx, ente } = await requireStaff(p.ente, "admin");
  const id = z.uuid().safeParse(p.id);
  if (!id.success) notFound();
  const [T, tn, f] = await Promise.all([getT(adminTexts), getT(notificationsText), getFormat(ente.timezone)]);
  const t = T.partners;
  const partner = await getPartnerAdmin(ctx, id.data).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const [serviceOptions, deliveries] = await Promise.all([listServiceOptions(ctx), listPartnerDeliveries(ctx, partner.id, 100)]);
  const inScope = new Map(partner.services.map((s) => [s.serviceId, s.disabled]));
  return (
    <div className="space-y-6">
      <p><Link href={`/${ente.slug}/admin/partner`}>← {t.back}</Link></p>
      <div>
        <h1 className="text-3xl font-bold">{partner.name}</h1>
        <p className="font-mono text-muted">{partner.slug}</p>
      </div>
      <section aria-labelledby="config" className="card">
        <h2 id="config" className="mb-3 text-xl font-bold">{T.services.options}</h2>
        <ActionForm action={updatePartnerAction.bind(null, ente.slug, partner.id)} submitLabel={t.save}>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField name="name" label={t.name} defaultValue={partner.name} required />
            <TextField name="rateLimitPerMinute" label={t.rateLimit} type="number" min={1} defaultValue={partner.rateLimitPerMinute} />
          </div>
          <TextField name="webhookUrl" label={t.webhookUrl} type="url" defaultValue={partner.webhookUrl ?? ""} inputClassName="font-mono" placeholder="https://" />
          <fieldset id="f-webhookEvents">
            <legend className="field-label">{t.webhookEvents}</legend>
            <p className="mb-1 text-sm text-muted">{t.webhookEventsHelp}</p>
            {[
              { key: "pratica", label: t.webhookEventsPratiche },
              { key: "appointment", label: t.webhookEventsAppointments },
            ].map((g) => (
              <div key={g.key} role="group" aria-labelledby={`eventi-${g.key}`} className="mt-2">
                <p id={`eventi-${g.key}`} className="mb-1 text-sm font-semibold">{g.label}</p>
                <div className="grid gap-1 sm:grid-cols-3">
                  {WEBHOOK_EVENTS.filter((e) => e.startsWith(`${g.key}.`)).map((e) => (
                    <label key={e} className="flex items-center gap-2 font-mono text-sm">
                      <input type="checkbox" name="webhookEvents" value={e} defaultChecked={partner.webhookEvents.includes(e)} className="size-5" /> {e}
                    </label>
                  ))}
                </div>
              </div>
            ))}
          </fieldset>
          <fieldset id="f-serviceIds">
            <legend className="field-label">{t.services}</legend>
            <table className="text-sm">
              <thead>
                <tr><th scope="col" className="p-1 text-left">{T.services.name}</th><th scope="col" className="p-1">{t.services}</th><th scope="col" className="p-1">{t.disabledServices}</th></tr>
              </thead>
              <tbody>
                {serviceOptions.map((s) => (
                  <tr key={s.id} className="border-t border-line">
                    <td className="p-1" id={`svc-${s.id}`}>{s.name}</td>
                    <td className="p-1 text-center"><input type="checkbox" name="serviceIds" value={s.id} defaultChecked={inScope.has(s.id)} aria-labelledby={`svc-${s.id}`} className="size-5" /></td>
                    <td className="p-1 text-center"><input type="checkbox" name="disabledServiceIds" value={s.id} defaultChecked={inScope.get(s.id) === true} aria-label={`${t.serviceOff}: ${s.name}`} className="size-5" /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
          <label className="flex items-center gap-2"><input type="checkbox" name="isProtocolRegistry" defaultChecked={partner.isProtocolRegistry} className="size-5" /> {t.protocolRegistry}</label>
          <label className="flex items-center gap-2"><input type="checkbox" name="disabled" defaultChecked={Boolean(partner.disabledAt)} className="size-5" /> {t.disabled}</label>
        </ActionForm>
      </section>
      <div className="grid gap-6 md:grid-cols-2">
        <ConfirmActionCard id="segreto" title={t.rotate} intro={t.rotateIntro} action={rotatePartnerSecretAction.bind(null, ente.slug, partner.id, "api")} submitLabel={t.rotate} confirmText={t.rotateConfirm} />
        <ConfirmActionCard id="chiave" title={t.rotateWebhook} intro={t.rotateIntro} action={rotatePartnerSecretAction.bind(null, ente.slug, partner.id, "webhook")} submitLabel={t.rotateWebhook} confirmText={t.rotateConfirm} />
      </div>
      <section aria-labelledby="consegne">
        <h2 id="consegne" className="mb-3 text-xl font-bold">{t.deliveries}</h2>
        {deliveries.length === 0 ? (
          <p className="text-muted">{t.deliveriesEmpty}</p>
        ) : (
          <DataTable
            caption={t.deliveriesCaption}
            minWidth="40rem"
            rows={deliveries}
            rowKey={(d) => d.id}
            columns={[
              { header: t.created_at, cell: (d) => f.dateTime(d.createdAt), className: "whitespace-nowrap" },
              { header: t.event, cell: (d) => d.kind, className: "font-mono" },
              { header: t.pratica, cell: (d) => d.praticaId ?? "—", className: "font-mono text-xs" },
              {
                header: t.status,
                cell: (d) => (
                  <>
                    {labelOf(tn, "status", d.status)}
                    {d.lastError ? <div className="font-normal text-danger-dark">{d.lastError}</div> : null}
                  </>
                ),
                className: "font-semibold",
              },
              {
                header: t.attempts,
                cell: (d) => (
                  <ol className="text-xs">
                    {d.log.map((l, i) => <li key={i}>{f.dateTime(l.createdAt)} · {labelOf(tn, "status", l.status)}{l.detail ? ` · ${l.detail}` : ""}</li>)}
                  </ol>
                ),
              },
            ]}
          />
        )}
      </section>
    </div>
  );
}
