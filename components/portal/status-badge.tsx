import type { Lang } from "@/lib/i18n";
import { statusLabel } from "@/lib/workflow/states";

const TONE: Record<number, string> = {
  1000: "bg-surface text-ink border-line",
  2000: "bg-primary-light text-primary-darker border-primary",
  3000: "bg-primary-light text-primary-darker border-primary",
  4000: "bg-primary-light text-primary-darker border-primary",
  4100: "bg-warning-light text-warning border-warning",
  4300: "bg-primary-light text-primary-darker border-primary",
  7000: "bg-success-light text-success border-success",
  9000: "bg-danger-light text-danger-dark border-danger-dark",
  20000: "bg-surface text-ink border-line",
  50000: "bg-surface text-ink border-line",
};

/** A pratica's status in words (colour only reinforces the text). */
export function StatusBadge({ status, lang }: { status: number; lang: Lang }) {
  return <span className={`inline-block rounded border px-2 py-0.5 text-sm font-semibold ${TONE[status] ?? TONE[1000]}`}>{statusLabel(status, lang)}</span>;
}
