import { getT } from "@/lib/i18n/server";
import { workflowTexts } from "@/lib/i18n/workflow";
import { isStatusCode } from "@/lib/workflow/states";

const TONE: Record<number, string> = {
  1000: "bg-surface text-ink border-line",
  1500: "bg-warning-light text-warning border-warning",
  1510: "bg-primary-light text-primary-darker border-primary",
  1520: "bg-success-light text-success border-success",
  1530: "bg-danger-light text-danger-dark border-danger-dark",
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
export async function StatusBadge({ status }: { status: number }) {
  const t = await getT(workflowTexts);
  return <span className={`inline-block rounded border px-2 py-0.5 text-sm font-semibold ${TONE[status] ?? TONE[1000]}`}>{isStatusCode(status) ? t.status[`${status}`] : String(status)}</span>;
}
