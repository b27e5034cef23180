import type { Lang } from "@/lib/i18n";
import { pick } from "@/lib/i18n";
import { notificationsText } from "@/lib/i18n/notifications";

/** Label of a status / kind / topic code, falling back to the code itself. */
export function labelOf(lang: Lang, group: "status" | "kind" | "topic", code: string): string {
  const t = pick(notificationsText, lang)[group] as Record<string, string>;
  if (group === "kind" && code.startsWith("pratica.")) return `Webhook ${code}`;
  return t[code] ?? code;
}

export const STATUS_TONE: Record<string, string> = {
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
};
