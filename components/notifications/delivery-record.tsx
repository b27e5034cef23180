import type { Ctx } from "@/lib/context";
import { notificationsText } from "@/lib/i18n/notifications";
import { getT } from "@/lib/i18n/server";
import { getPraticaDeliveries } from "@/lib/notifications/deliveries";
import { DeliverySummary } from "./delivery-summary";

/**
 * The delivery record of one pratica, for its detail page in the back-office: every email, protocol request
 * and webhook with each attempt (queued, deferred, sent with the server's answer, failed with the error, dead).
 */
export async function DeliveryRecord({ ctx, praticaId }: { ctx: Ctx; praticaId: string }) {
  const [t, rows] = await Promise.all([getT(notificationsText), getPraticaDeliveries(ctx, praticaId)]);
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
              <DeliverySummary delivery={r} timeZone={ctx.ente.timezone} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
