import type { ReactNode } from "react";
import { labelOf, notificationsText } from "@/lib/i18n/notifications";
import { getFormat, getT } from "@/lib/i18n/server";
import type { DeliveryView } from "@/lib/notifications/deliveries";
import { realAttempts } from "@/lib/notifications/delivery-lines";
import { StatusBadge } from "./status-badge";

/**
 * One delivery (email, protocol request, webhook) as the admin's notification list and a pratica's delivery
 * record show it: what and where to, its status, then its attempts behind a disclosure. `actions` sit at the
 * end of the first line (the admin's "retry"); `children` between the first line and the attempts.
 */
export async function DeliverySummary({
  delivery,
  timeZone,
  actions,
  children,
}: {
  delivery: Pick<DeliveryView, "kind" | "topic" | "status" | "history">;
  timeZone: string;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const [t, f] = await Promise.all([getT(notificationsText), getFormat(timeZone)]);
  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold">{labelOf(t, "kind", delivery.kind)}</span>
        <span className="text-sm text-muted">· {labelOf(t, "topic", delivery.topic)}</span>
        <StatusBadge status={delivery.status} />
        {actions}
      </div>
      {children}
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-primary">
          {t.record.attempts}: {realAttempts(delivery.history)}
        </summary>
        <ol className="mt-2 space-y-1">
          {delivery.history.map((a, i) => (
            <li key={i} className="flex flex-wrap gap-2">
              <time dateTime={a.createdAt.toISOString()} className="text-muted">
                {f.dateTime(a.createdAt)}
              </time>
              <StatusBadge status={a.status} />
              {a.detail ? <span className="break-all">{a.detail}</span> : null}
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}
