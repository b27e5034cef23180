import type { Lang } from "@/lib/i18n";
import { labelOf, STATUS_TONE } from "./labels";

export function StatusBadge({ status, lang }: { status: string; lang: Lang }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${STATUS_TONE[status] ?? "bg-surface text-ink"}`}>{labelOf(lang, "status", status)}</span>;
}
