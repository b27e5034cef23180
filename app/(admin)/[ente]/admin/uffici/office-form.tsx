import Link from "next/link";
import { ActionForm, type ActionState } from "@/components/admin/action-form";
import type { OfficeView } from "@/lib/appointments/offices";
import type { AppointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { fieldId, RANGES, SPARE_CLOSURES, WEEKDAYS } from "./form-input";

type Option = { id: string; name: string; detail?: string };

/** Defaults of a new office: the calendar's column defaults (db/schema/appointments.ts). */
const NEW = { slotMinutes: 15, capacity: 1, horizonDays: 30, minNoticeHours: 24 };

/**
 * The whole office in one form (created or edited at once, so nothing is saved half-way): details, weekly hours,
 * closures, calendar, services, operators, active. Every control's id comes from its label (./form-input.ts).
 */
export function OfficeForm({
  action,
  office,
  services,
  operators,
  t,
  settingsHref,
  submitLabel,
}: {
  action: (prev: ActionState, fd: FormData) => Promise<ActionState>;
  office: OfficeView | null;
  services: Option[];
  operators: Option[];
  t: AppointmentsStaffTexts;
  settingsHref: string;
  submitLabel: string;
}) {
  const o = t.offices;
  const id = (key: string) => fieldId(key, t);
  const hours = office?.openingHours ?? [];
  const closureRows = [...(office?.closures ?? []), ...Array.from({ length: SPARE_CLOSURES }, () => null)];
  const input = (key: string, label: string, props: React.ComponentProps<"input"> & { help?: string } = {}) => {
    const { help, ...rest } = props;
    return (
      <div>
        <label htmlFor={id(key)} className="field-label">{label}</label>
        {help ? <p id={`${id(key)}-help`} className="mb-1 text-sm text-muted">{help}</p> : null}
        <input id={id(key)} name={key} className="field-input" aria-describedby={help ? `${id(key)}-help` : undefined} {...rest} />
      </div>
    );
  };
  const checks = (key: "serviceIds" | "operatorIds", legend: string, help: string, options: Option[], checked: string[]) => (
    <fieldset id={id(key)} aria-describedby={`${id(key)}-help`}>
      <legend className="field-label">{legend}</legend>
      <p id={`${id(key)}-help`} className="mb-1 text-sm text-muted">{help}</p>
      {options.length === 0 ? <p className="text-muted">{o.none}</p> : null}
      <ul className="grid gap-1 sm:grid-cols-2">
        {options.map((s) => (
          <li key={s.id}>
            <label className="flex items-start gap-2 py-1">
              <input type="checkbox" name={key} value={s.id} defaultChecked={checked.includes(s.id)} className="mt-1 size-5 shrink-0" />
              <span>
                {s.name}
                {s.detail ? <span className="block text-sm text-muted">{s.detail}</span> : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
  return (
    <ActionForm action={action} submitLabel={submitLabel}>
      <section aria-labelledby="uff-dati" className="card space-y-4">
        <h2 id="uff-dati" className="text-xl font-bold">{o.general}</h2>
        <div className="grid gap-4 sm:grid-cols-2">
          {input("name", o.name, { defaultValue: office?.name ?? "", required: true, maxLength: 200 })}
          {input("address", o.address, { defaultValue: office?.address ?? "", required: true, maxLength: 300 })}
          {input("phone", o.phone, { defaultValue: office?.phone ?? "", type: "tel", maxLength: 40 })}
          {input("email", o.email, { defaultValue: office?.email ?? "", type: "email", maxLength: 200 })}
        </div>
        <div>
          <label htmlFor={id("notes")} className="field-label">{o.notes}</label>
          <p id={`${id("notes")}-help`} className="mb-1 text-sm text-muted">{o.notesHelp}</p>
          <textarea id={id("notes")} name="notes" rows={3} maxLength={2000} defaultValue={office?.notes ?? ""} className="field-input" aria-describedby={`${id("notes")}-help`} />
        </div>
        <label className="flex items-center gap-2">
          <input id={id("active")} type="checkbox" name="active" defaultChecked={office?.active ?? true} className="size-5" /> {o.active}
        </label>
      </section>

      <section aria-labelledby="uff-orari" className="card space-y-3">
        <h2 id="uff-orari" className="text-xl font-bold">{o.hours}</h2>
        <p id={id("openingHours")} className="text-sm text-muted">{o.hoursHelp}</p>
        <div className="space-y-3">
          {WEEKDAYS.map((wd) => {
            const day = hours.filter((h) => h.weekday === wd);
            return (
              <fieldset key={wd} className="grid items-end gap-x-8 gap-y-2 border-t border-line pt-2 sm:grid-cols-[8rem_auto_auto] sm:justify-start">
                <legend className="float-left font-semibold sm:pt-7">{t.weekdays[wd]}</legend>
                {RANGES.map((r) => (
                  <div key={r} className="flex flex-wrap items-end gap-2">
                    {(["from", "to"] as const).map((k) => (
                      <div key={k}>
                        <label htmlFor={id(`h.${wd}.${r}.${k}`)} className="block text-sm">
                          <span className="sr-only">{t.weekdays[wd]}, </span>
                          {o.interval({ n: r + 1 })}, {k === "from" ? o.from : o.to}
                        </label>
                        <input id={id(`h.${wd}.${r}.${k}`)} name={`h.${wd}.${r}.${k}`} type="time" step={300} defaultValue={day[r]?.[k] ?? ""} className="field-input w-32" />
                      </div>
                    ))}
                  </div>
                ))}
              </fieldset>
            );
          })}
        </div>
      </section>

      <section aria-labelledby="uff-chiusure" className="card space-y-3">
        <h2 id="uff-chiusure" className="text-xl font-bold">{o.closures}</h2>
        <p id={id("closures")} className="text-sm text-muted">{o.closuresHelp}</p>
        <p className="rounded-md border-2 border-primary bg-surface p-3 text-ink">
          {o.holidaysNote} <Link href={settingsHref} className="font-semibold underline">{o.settingsLink}</Link>
        </p>
        <input type="hidden" name="closureRows" value={closureRows.length} />
        {closureRows.map((c, i) => (
          <fieldset key={i} className="grid gap-2 border-t border-line pt-2 sm:grid-cols-[10rem_10rem_1fr]">
            <legend className="sr-only">{o.closureRow({ n: i + 1 })}</legend>
            {(["from", "to", "reason"] as const).map((k) => (
              <div key={k}>
                <label htmlFor={id(`c.${i}.${k}`)} className="block text-sm">
                  <span className="sr-only">{o.closureRow({ n: i + 1 })}, </span>
                  {k === "from" ? o.closureFrom : k === "to" ? o.closureTo : o.closureReason}
                </label>
                <input id={id(`c.${i}.${k}`)} name={`c.${i}.${k}`} type={k === "reason" ? "text" : "date"} maxLength={k === "reason" ? 200 : undefined} defaultValue={c?.[k] ?? ""} className="field-input" />
              </div>
            ))}
          </fieldset>
        ))}
      </section>

      <section aria-labelledby="uff-calendario" className="card space-y-4">
        <h2 id="uff-calendario" className="text-xl font-bold">{o.calendar}</h2>
        <div className="grid gap-4 sm:grid-cols-2">
          {input("slotMinutes", o.slotMinutes, { type: "number", min: 5, max: 240, step: 5, defaultValue: office?.slotMinutes ?? NEW.slotMinutes, required: true })}
          {input("capacity", o.capacity, { type: "number", min: 1, max: 50, defaultValue: office?.capacity ?? NEW.capacity, required: true, help: o.capacityHelp })}
          {input("horizonDays", o.horizonDays, { type: "number", min: 1, max: 366, defaultValue: office?.horizonDays ?? NEW.horizonDays, required: true })}
          {input("minNoticeHours", o.minNoticeHours, { type: "number", min: 0, max: 720, defaultValue: office?.minNoticeHours ?? NEW.minNoticeHours, required: true })}
        </div>
        <label className="flex items-center gap-2">
          <input id={id("needsApproval")} type="checkbox" name="needsApproval" defaultChecked={office?.needsApproval ?? false} className="size-5" /> {o.needsApproval}
        </label>
      </section>

      <section aria-labelledby="uff-servizi" className="card space-y-4">
        <h2 id="uff-servizi" className="sr-only">{o.services}</h2>
        {checks("serviceIds", o.services, o.servicesHelp, services, office?.serviceIds ?? [])}
        {checks("operatorIds", o.operators, o.operatorsHelp, operators, office?.operatorIds ?? [])}
      </section>
    </ActionForm>
  );
}
