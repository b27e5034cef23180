import type { AuditEntry } from "@/lib/admin/audit";
import { formatDateTime, type Lang } from "@/lib/i18n";

const KIND: Record<string, { it: string; en: string }> = {
  citizen: { it: "Cittadino", en: "Citizen" },
  operator: { it: "Operatore", en: "Operator" },
  admin: { it: "Amministratore", en: "Administrator" },
  partner: { it: "Partner", en: "Partner" },
  system: { it: "Sistema", en: "System" },
};

function summary(data: Record<string, unknown>): string {
  const s = JSON.stringify(data);
  return s === "{}" ? "" : s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

/** The audit rows as a table: when, who, what, on what. */
export function AuditTable({ rows, lang, timeZone, emptyText }: { rows: AuditEntry[]; lang: Lang; timeZone: string; emptyText?: string }) {
  const it = lang === "it";
  if (rows.length === 0) return <p className="text-muted">{emptyText ?? (it ? "Nessuna attività." : "No activity.")}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[44rem] border-collapse text-left text-sm">
        <thead>
          <tr className="border-b-2 border-ink">
            <th scope="col" className="p-2">{it ? "Quando" : "When"}</th>
            <th scope="col" className="p-2">{it ? "Chi" : "Who"}</th>
            <th scope="col" className="p-2">{it ? "Azione" : "Action"}</th>
            <th scope="col" className="p-2">{it ? "Oggetto" : "Target"}</th>
            <th scope="col" className="p-2">{it ? "Dettagli" : "Details"}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-line align-top">
              <td className="whitespace-nowrap p-2">{formatDateTime(r.createdAt, lang, timeZone)}</td>
              <td className="p-2">
                <span className="font-semibold">{r.actorName ?? "—"}</span>
                <div className="text-muted">{KIND[r.actorKind]?.[lang] ?? r.actorKind}</div>
              </td>
              <td className="p-2 font-mono">{r.action}</td>
              <td className="p-2">
                {r.targetType}
                <div className="break-all font-mono text-xs text-muted">{r.targetId}</div>
              </td>
              <td className="break-all p-2 font-mono text-xs">{summary(r.data)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
