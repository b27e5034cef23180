import { getFormat, getT } from "@/lib/i18n/server";
import { workflowTexts } from "@/lib/i18n/workflow";
import { isStatusCode } from "@/lib/workflow/states";

/** One step of the iter as the timeline shows it (a `status_history` row fits). */
export type TimelineStep = { id: number; toStatus: number; createdAt: Date; message: string | null };

/** The iter as a vertical timeline, oldest first; each step says what happened, when, and any message. */
export async function Timeline({ iter, timeZone }: { iter: TimelineStep[]; timeZone: string }) {
  const [t, f] = await Promise.all([getT(workflowTexts), getFormat(timeZone)]);
  return (
    <ol className="relative ml-3 border-l-2 border-primary">
      {iter.map((h, i) => (
        <li key={h.id} className="mb-5 ml-6 last:mb-0">
          <span aria-hidden="true" className={`absolute -left-[9px] mt-1.5 h-4 w-4 rounded-full border-2 border-primary ${i === iter.length - 1 ? "bg-primary" : "bg-white"}`} />
          <p className="font-semibold">{isStatusCode(h.toStatus) ? t.status[`${h.toStatus}`] : String(h.toStatus)}</p>
          <p className="text-sm text-muted">
            <time dateTime={h.createdAt.toISOString()}>{f.dateTime(h.createdAt)}</time>
          </p>
          {h.message && <p className="mt-1 max-w-2xl whitespace-pre-line rounded bg-surface p-2 text-sm">{h.message}</p>}
        </li>
      ))}
    </ol>
  );
}
