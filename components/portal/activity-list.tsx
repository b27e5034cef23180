import Link from "next/link";
import { personalArea } from "@/lib/i18n/personal-area";
import { getFormat, getT } from "@/lib/i18n/server";
import type { ActivityRow } from "@/lib/portal/personal-area";
import { praticaNumber } from "@/lib/pratiche/number";

const EVENTS = ["submit", "register", "assign", "request_integration", "submit_integration", "resume", "accept", "reject", "withdraw", "reopen", "revoke"] as const;
type KnownEvent = (typeof EVENTS)[number];
const isKnown = (e: string | null): e is KnownEvent => (EVENTS as readonly string[]).includes(e ?? "");

/** The citizen's activity, newest first: what happened, to which pratica, when; each line opens the pratica. */
export async function ActivityList({ rows, ente, timeZone }: { rows: ActivityRow[]; ente: string; timeZone: string }) {
  const [pa, f] = await Promise.all([getT(personalArea), getFormat(timeZone)]);
  return (
    <ol className="space-y-3">
      {rows.map((r, i) => {
        const what = r.kind === "message" ? (r.fromCitizen ? pa.events.messageCitizen : pa.events.messageEnte) : isKnown(r.event) ? pa.events[r.event] : pa.events.other;
        const href = `/${ente}/area-personale/pratiche/${r.praticaId}${r.kind === "message" ? "#messaggi" : ""}`;
        return (
          <li key={`${r.praticaId}-${r.at.getTime()}-${i}`} className="card p-4">
            <p className="font-semibold">{what}</p>
            <p className="text-sm">
              <Link href={href} className="underline">{pa.threadOf({ s: r.serviceName, n: praticaNumber({ id: r.praticaId, numero: r.numero }) })}</Link>
            </p>
            <p className="text-sm text-muted">
              <time dateTime={r.at.toISOString()}>{f.dateTime(r.at)}</time>
            </p>
          </li>
        );
      })}
    </ol>
  );
}
