import type { Ctx } from "@/lib/context";
import { formatDateTime, pick, type Lang } from "@/lib/i18n";
import { notificationsText } from "@/lib/i18n/notifications";
import { getPraticaDeliveries } from "@/lib/notifications/deliveries";
import { labelOf } from "./labels";
import { StatusBadge } from "./status-badge";

/**
 * The delivery record of one pratica, for its detail page in the back-office: every email, protocol request
 * and webhook with each attempt (queued, deferred, sent with the server's answer, failed with the error, dead).
 */
export async function DeliveryRecord({ ctx, praticaId, lang }: { ctx: Ctx; praticaId: string; lang: Lang }) {
  const t = pick(notificationsText, lang);
  const rows = await getPraticaDeliveries(ctx, praticaId);
  const tz = ctx.ente.timezone;
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
                <span className="font-semibold">{labelOf(lang, "kind", r.kind)}</span>
                <span className="text-sm text-muted">· {labelOf(lang, "topic", r.topic)}</span>
                <StatusBadge status={r.status} lang={lang} />
              </div>
              <details className="mt-1 text-sm">
                <summary className="cursor-pointer text-primary">
                  {t.record.attempts}: {r.history.length}
                </summary>
                <ul className="mt-2 space-y-1">
                  {r.history.map((a, i) => (
                    <li key={i} className="flex flex-wrap gap-2">
                      <time dateTime={a.createdAt.toISOString()} className="text-muted">
                        {formatDateTime(a.createdAt, lang, tz)}
                      </time>
                      <StatusBadge status={a.status} lang={lang} />
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
