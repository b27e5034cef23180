import Link from "next/link";
import type { DayAvailability } from "@/lib/appointments/slots";
import { LOCALE, type Lang } from "@/lib/i18n";
import { appointmentsCitizen } from "@/lib/i18n/appointments-citizen";
import { pick } from "@/lib/i18n";
import { wallClock } from "@/lib/time/wall-clock";

const pad = (n: number) => String(n).padStart(2, "0");

/** "09:15": the wall-clock time of an instant in the ente's zone. */
export function clockTime(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** "lunedì 7 dicembre" for a day key (a calendar date: no zone involved). */
export function dayLabel(day: string, lang: Lang, year = false): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { weekday: "long", day: "numeric", month: "long", ...(year ? { year: "numeric" } : {}), timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
}

/** "giovedì 10 dicembre 2026, dalle 09:15 alle 09:30": an appointment's time as the citizen reads it. */
export function appointmentWhen(a: { startsAt: Date; endsAt: Date }, timeZone: string, lang: Lang, dayKey: (d: Date) => string): string {
  const t = pick(appointmentsCitizen, lang);
  return `${dayLabel(dayKey(a.startsAt), lang, true)}, ${t.fromTo({ from: clockTime(a.startsAt, timeZone), to: clockTime(a.endsAt, timeZone) })}`;
}

/**
 * A week of an office's calendar as radio buttons named `name` (value: the slot's start, ISO): one group per day,
 * a closed day saying why, a day without free places saying so. Week navigation is plain links (GET), so it works
 * without script; `prevHref`/`nextHref` null when the week is outside what may be booked.
 */
export function SlotPicker({
  days,
  timeZone,
  lang,
  name,
  selected,
  prevHref,
  nextHref,
  error,
}: {
  days: DayAvailability[];
  timeZone: string;
  lang: Lang;
  name: string;
  selected?: string;
  prevHref: string | null;
  nextHref: string | null;
  error?: string;
}) {
  const t = pick(appointmentsCitizen, lang);
  const first = days[0]?.day ?? "";
  const last = days.at(-1)?.day ?? "";
  const anyFree = days.some((d) => d.slots.some((s) => s.free > 0));
  const selectedMs = selected ? new Date(selected).getTime() : NaN;
  return (
    <fieldset className="min-w-0" aria-describedby={error ? "slot-error" : undefined} data-testid="slot-picker">
      <legend className="mb-2 text-xl font-bold">
        {t.slotLegend} <span aria-hidden="true">*</span>
      </legend>
      {error && (
        <p id="slot-error" role="alert" className="mb-3 rounded-md border-l-4 border-danger-dark bg-danger-light p-3 font-semibold text-danger-dark">
          {error}
        </p>
      )}
      <nav aria-label={t.weekNav} className="mb-4 flex flex-wrap items-center justify-between gap-2">
        {prevHref ? (
          <Link href={prevHref} className="btn-secondary">
            <span aria-hidden="true">← </span>
            {t.prevWeek}
          </Link>
        ) : (
          <span />
        )}
        <p className="font-semibold" data-testid="week-label">{t.weekOf({ from: dayLabel(first, lang), to: dayLabel(last, lang) })}</p>
        {nextHref ? (
          <Link href={nextHref} className="btn-secondary">
            {t.nextWeek}
            <span aria-hidden="true"> →</span>
          </Link>
        ) : (
          <span />
        )}
      </nav>
      {!anyFree && <p className="mb-4 rounded-md bg-surface p-3">{t.noSlotsWeek}</p>}
      <div className="space-y-4">
        {days.map((d) => {
          const label = dayLabel(d.day, lang);
          const free = d.slots.filter((s) => s.free > 0);
          const closedText = d.closed ? (d.closed === "weekday" ? t.closed.weekday : `${t.closed[d.closed]}${d.reason ? `: ${d.reason}` : ""}`) : null;
          return (
            <fieldset key={d.day} className="min-w-0 rounded-lg border border-line p-3" data-day={d.day}>
              <legend className="px-1 font-bold first-letter:uppercase">{label}</legend>
              {closedText ? (
                <p className="text-muted">{closedText}</p>
              ) : free.length === 0 ? (
                <p className="text-muted">{t.noFreeSlots}</p>
              ) : (
                <ul className="grid grid-cols-3 gap-2 sm:grid-cols-5 lg:grid-cols-6">
                  {free.map((s) => {
                    const iso = s.startsAt.toISOString();
                    const id = `slot-${iso.replace(/[^0-9]/g, "")}`;
                    const time = clockTime(s.startsAt, timeZone);
                    return (
                      <li key={iso}>
                        <input type="radio" id={id} name={name} value={iso} required defaultChecked={s.startsAt.getTime() === selectedMs} className="peer sr-only" />
                        <label
                          htmlFor={id}
                          className="block cursor-pointer rounded-md border-2 border-primary px-1 py-2 text-center font-semibold text-primary-darker peer-checked:bg-primary peer-checked:text-white peer-focus-visible:outline-3 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-solid peer-focus-visible:outline-[#ff9900] hover:bg-primary-light peer-checked:hover:bg-primary"
                        >
                          {time}
                          <span className="sr-only">, {label}</span>
                        </label>
                      </li>
                    );
                  })}
                </ul>
              )}
            </fieldset>
          );
        })}
      </div>
    </fieldset>
  );
}
