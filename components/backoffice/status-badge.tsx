"use client";

import { useLang } from "@/lib/i18n/client";
import { statusLabel } from "@/lib/workflow/states";

const TONE: Record<number, string> = {
  2000: "bg-primary-light text-primary-darker",
  3000: "bg-primary-light text-primary-darker",
  4000: "bg-warning-light text-warning",
  4100: "bg-warning-light text-warning",
  4300: "bg-warning-light text-warning",
  7000: "bg-success-light text-success",
  9000: "bg-danger-light text-danger-dark",
};

/** A pratica's state as a label in the visitor's language (never colour alone: the word is always there). */
export function StatusBadge({ status }: { status: number }) {
  const lang = useLang();
  return (
    <span className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-sm font-semibold ${TONE[status] ?? "bg-surface text-ink"}`}>
      {statusLabel(status, lang)}
    </span>
  );
}
