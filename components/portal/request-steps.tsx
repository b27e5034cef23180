"use client";

import { useT } from "@/lib/i18n/client";
import { requestFlow } from "@/lib/i18n/request-flow";

/**
 * The request flow's one step header, the same on every step (Designers Italia's stepper): "Informativa sulla
 * privacy", the form's pages, "Riepilogo", with "Passo n di N". `current` counts from 0 over all of them.
 * A client part only because the form wizard moves between its pages without reloading; it holds no state.
 */
export function RequestSteps({ pageTitles, current }: { pageTitles: string[]; current: number }) {
  const t = useT(requestFlow);
  const steps = [t.privacyStep, ...pageTitles, t.summaryStep];
  const n = Math.min(Math.max(0, current), steps.length - 1);
  return (
    <nav aria-label={t.stepsNav} className="mb-6" data-testid="request-steps">
      <p className="mb-2 text-sm font-semibold text-muted">
        {t.stepOf({ n: n + 1, of: steps.length })}
        <span className="sr-only">: {steps[n]}</span>
      </p>
      <ol className="flex flex-wrap gap-2 text-sm">
        {steps.map((title, i) => (
          <li
            key={`${i}-${title}`}
            aria-current={i === n ? "step" : undefined}
            className={`rounded-full border px-3 py-1 ${i === n ? "border-primary bg-primary font-semibold text-white" : i < n ? "border-primary bg-primary-light text-primary-darker" : "border-line text-muted"}`}
          >
            {i < n && <span aria-hidden="true">✓ </span>}
            {title}
            {i < n && <span className="sr-only"> ({t.done})</span>}
            {i === n && <span className="sr-only"> ({t.current})</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
