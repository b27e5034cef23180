import type { Ctx } from "@/lib/context";
import { labelOf, notificationsText } from "@/lib/i18n/notifications";
import { getFormat, getT } from "@/lib/i18n/server";
import { getPraticaDeliveries } from "@/lib/notifications/deliveries";
import { StatusBadge } from "./status-badge";

/**
 * The delivery record of one pratica, for its detail page in the back-office: every email, protocol request
 * and webhook with each attempt (queued, deferred, sent with the server's answer, failed with the error, dead).
 */
export async function DeliveryRecord({ ctx, praticaId }: { ctx: Ctx; praticaId: string }) {
  const [t, f, rows] = await Promise.all([getT(notificationsText), getFormat(ctx.ente.timezone), getPraticaDeliveries(ctx, praticaId)]);
  return (
    <section aria-labelledby="delivery-record-title" className="card">
      <h2 id="delivery-record-title" className="mb-3 text-xl font-bold">
        {t.record.title}
      </h2>
      {rows.length === 0 ? (
        <p className="text-muted">{t.record.empty}</p>
      ) : (
        <ol className="space-y-3">
          {rows.map((r) => (
            <li key={r.id} className="rounded border border-line p-3">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">{labelOf(t, "kind", r.kind)}</span>
                <span className="text-sm text-muted">· {labelOf(t, "topic", r.topic)}</span>
                <StatusBadge status={r.status} />
              </div>
              <details className="mt-1 text-sm">
                <summary className="cursor-pointer text-primary">
                  {t.record.attempts}: {r.history.length}
                </summary>
                <ul className="mt-2 space-y-1">
                  {r.history.map((a, i) => (
                    <li key={i} className="flex flex-wrap gap-2">
                      <time dateTime={a.createdAt.toISOString()} className="text-muted">
                        {f.dateTime(a.createdAt)}
                      </time>
                      <StatusBadge status={a.status} />
                      {a.detail ? <span className="break-all">{a.detail}</span> : null}
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
