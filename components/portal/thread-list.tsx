import Link from "next/link";
import { personalArea } from "@/lib/i18n/personal-area";
import { getFormat, getT } from "@/lib/i18n/server";
import type { ThreadRow } from "@/lib/portal/personal-area";
import { praticaNumber } from "@/lib/pratiche/number";

const EXCERPT = 140;

/** Message threads, one per pratica: the last message's start, who wrote it and when, unread ones marked. */
export async function ThreadList({ rows, ente, timeZone }: { rows: ThreadRow[]; ente: string; timeZone: string }) {
  const [pa, f] = await Promise.all([getT(personalArea), getFormat(timeZone)]);
  return (
    <ul className="space-y-3">
      {rows.map((r) => {
        const excerpt = r.lastBody.length > EXCERPT ? `${r.lastBody.slice(0, EXCERPT).trimEnd()}…` : r.lastBody;
        return (
          <li key={r.praticaId} className={`card p-4 ${r.unread ? "border-l-4 border-l-primary" : ""}`}>
            <h3 className="font-semibold">
              <Link href={`/${ente}/area-personale/pratiche/${r.praticaId}#messaggi`} className="underline-offset-2 hover:underline">
                {pa.threadOf({ s: r.serviceName, n: praticaNumber({ id: r.praticaId, numero: r.numero }) })}
              </Link>
              {r.unread && <span className="ml-2 rounded bg-primary px-2 py-0.5 text-xs font-bold text-white">{pa.unreadThread}</span>}
            </h3>
            <p className="mt-1 break-words">
              <span className="font-semibold">{r.lastFromCitizen ? pa.lastFrom.citizen : pa.lastFrom.ente}:</span> {excerpt}
            </p>
            <p className="text-sm text-muted">
              <time dateTime={r.lastAt.toISOString()}>{f.dateTime(r.lastAt)}</time> · {pa.messageCount({ n: r.count })}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
