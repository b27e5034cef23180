import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";
import { listProtocolConfig } from "@/lib/backoffice/protocol-config";
import { backoffice } from "@/lib/i18n/backoffice";
import { getT } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(backoffice)).protocol.title };
}
export const dynamic = "force-dynamic";

/** Read-only: the protocol values set for each service. Changing them is for support (the admin area). */
export default async function ProtocolloPage({ params }: { params: Promise<{ ente: string }> }) {
  const { ctx } = await requireStaff((await params).ente, "operator");
  const texts = await getT(backoffice);
  const t = texts.protocol;
  const rows = await listProtocolConfig(ctx);
  const cell = "border-b border-line px-3 py-2";
  return (
    <div className="space-y-5">
      <PageHeader title={t.title} intro={t.intro} gap={false} />
      {rows.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line" role="region" aria-label={t.title} tabIndex={0}>
          <table className="w-full min-w-[40rem] border-collapse text-left">
            <caption className="sr-only">{t.title}</caption>
            <thead className="bg-surface">
              <tr>
                <th scope="col" className={cell}>{texts.metrics.service}</th>
                <th scope="col" className={cell}>{t.required}</th>
                <th scope="col" className={cell}>{t.mode}</th>
                <th scope="col" className={cell}>{t.classificazione}</th>
                <th scope="col" className={cell}>{t.fascicolo}</th>
                <th scope="col" className={cell}>{t.ufficio}</th>
                <th scope="col" className={cell}>{t.tipoDocumento}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.serviceId}>
                  <th scope="row" className={`${cell} font-semibold`}>{r.name}</th>
                  <td className={cell}>{r.required ? t.yes : t.no}</td>
                  <td className={cell}>{r.mode === "builtin" ? t.builtin : t.external}</td>
                  <td className={cell}>{r.classificazione ?? "—"}</td>
                  <td className={cell}>{r.fascicolo ?? "—"}</td>
                  <td className={cell}>{r.ufficio ?? "—"}</td>
                  <td className={cell}>{r.tipoDocumento ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
