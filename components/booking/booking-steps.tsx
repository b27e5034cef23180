import { appointmentsCitizen } from "@/lib/i18n/appointments-citizen";
import { getT } from "@/lib/i18n/server";
import type { BookingStep } from "@/lib/portal/booking-wizard";

/** The booking's step header (Designers Italia's stepper): "Passo n di N" and the steps, the current one marked. */
export async function BookingSteps({ steps, current }: { steps: readonly BookingStep[]; current: BookingStep }) {
  const t = await getT(appointmentsCitizen);
  const n = Math.max(0, steps.indexOf(current));
  return (
    <nav aria-label={t.stepsNav} className="mb-6" data-testid="booking-steps">
      <p className="mb-2 text-sm font-semibold text-muted">
        {t.stepOf({ n: n + 1, of: steps.length })}
        <span className="sr-only">: {t.steps[current]}</span>
      </p>
      <ol className="flex flex-wrap gap-2 text-sm">
        {steps.map((s, i) => (
          <li
            key={s}
            aria-current={i === n ? "step" : undefined}
            className={`rounded-full border px-3 py-1 ${i === n ? "border-primary bg-primary font-semibold text-white" : i < n ? "border-primary bg-primary-light text-primary-darker" : "border-line text-muted"}`}
          >
            {i < n && <span aria-hidden="true">✓ </span>}
            {t.steps[s]}
            {i < n && <span className="sr-only"> ({t.stepDone})</span>}
            {i === n && <span className="sr-only"> ({t.stepCurrent})</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
