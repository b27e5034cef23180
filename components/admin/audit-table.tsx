import type { AuditEntry } from "@/lib/admin/audit";
import { adminTexts } from "@/lib/i18n/admin";
import { getFormat, getT } from "@/lib/i18n/server";

function summary(data: Record<string, unknown>): string {
  const s = JSON.stringify(data);
  return s === "{}" ? "" : s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

/** The audit rows as a table: when, who, what, on what. */
export async function AuditTable({ rows, timeZone }: { rows: AuditEntry[]; timeZone: string }) {
  const [{ audit: t }, f] = await Promise.all([getT(adminTexts), getFormat(timeZone)]);
  if (rows.length === 0) return <p className="text-muted">{t.empty}</p>;
  const kinds: Record<string, string> = t.actorKinds;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[44rem] border-collapse text-left text-sm">
        <thead>
          <tr className="border-b-2 border-ink">
            <th scope="col" className="p-2">{t.when}</th>
            <th scope="col" className="p-2">{t.who}</th>
            <th scope="col" className="p-2">{t.action}</th>
            <th scope="col" className="p-2">{t.target}</th>
            <th scope="col" className="p-2">{t.details}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-line align-top">
              <td className="whitespace-nowrap p-2">{f.dateTime(r.createdAt)}</td>
              <td className="p-2">
                <span className="font-semibold">{r.actorName ?? "—"}</span>
                <div className="text-muted">{kinds[r.actorKind] ?? r.actorKind}</div>
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
