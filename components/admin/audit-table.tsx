import type { AuditEntry } from "@/lib/admin/audit";
import { DataTable } from "@/components/ui/data-table";
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
    <DataTable
      caption={t.caption}
      minWidth="44rem"
      rows={rows}
      rowKey={(r) => String(r.id)}
      columns={[
        { header: t.when, cell: (r) => f.dateTime(r.createdAt), className: "whitespace-nowrap" },
        {
          header: t.who,
          cell: (r) => (
            <>
              <span className="font-semibold">{r.actorName ?? "—"}</span>
              <div className="text-muted">{kinds[r.actorKind] ?? r.actorKind}</div>
            </>
          ),
        },
        { header: t.action, cell: (r) => r.action, className: "font-mono" },
        {
          header: t.target,
          cell: (r) => (
            <>
              {r.targetType}
              <div className="break-all font-mono text-xs text-muted">{r.targetId}</div>
            </>
          ),
        },
        { header: t.details, cell: (r) => summary(r.data), className: "break-all font-mono text-xs" },
      ]}
    />
  );
}
