import { labelOf, notificationsText } from "@/lib/i18n/notifications";
import { getT } from "@/lib/i18n/server";

const STATUS_TONE: Record<string, string> = {
  sent: "bg-success-light text-success",
  queued: "bg-surface text-ink",
  pending: "bg-surface text-ink",
  processing: "bg-primary-light text-primary-dark",
  deferred: "bg-warning-light text-warning",
  retried: "bg-primary-light text-primary-dark",
  failed: "bg-danger-light text-danger-dark",
  dead: "bg-danger text-white",
  skipped: "bg-surface text-muted",
  cancelled: "bg-surface text-muted",
  routed: "bg-primary-light text-primary-dark",
  accepted: "bg-primary-light text-primary-dark",
  delivered: "bg-success-light text-success",
  undelivered: "bg-danger-light text-danger-dark",
};

/** A delivery's or an attempt's status, in the visitor's language. */
export async function StatusBadge({ status }: { status: string }) {
  const t = await getT(notificationsText);
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${STATUS_TONE[status] ?? "bg-surface text-ink"}`}>{labelOf(t, "status", status)}</span>;
}
