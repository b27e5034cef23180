import type { AppointmentView } from "@/lib/appointments/queries";
import type { Lang } from "@/lib/i18n";
import { pick } from "@/lib/i18n";
import { appointmentStatusLabel } from "@/lib/i18n/appointments";
import { appointmentsCitizen } from "@/lib/i18n/appointments-citizen";
import { dateKey } from "@/lib/time/wall-clock";
import { appointmentWhen } from "./slot-picker";

/** An appointment's facts as a definition list: code, status, service, office and address, time, reason, linked pratica. */
export function AppointmentDetails({ a, timeZone, lang, showStatus = true }: { a: AppointmentView; timeZone: string; lang: Lang; showStatus?: boolean }) {
  const t = pick(appointmentsCitizen, lang);
  const rows: [string, React.ReactNode, string?][] = [
    [t.code, <span key="c" className="font-mono font-semibold">{a.code}</span>, "appointment-code"],
    ...(showStatus ? [[t.status, appointmentStatusLabel(a.status, lang), "appointment-status"] as [string, React.ReactNode, string]] : []),
    [t.when, appointmentWhen(a, timeZone, lang, (d) => dateKey(d, timeZone)), "appointment-when"],
    [t.service, a.serviceName],
    [t.office, a.officeName, "appointment-office"],
    [t.address, a.officeAddress],
    [t.reason, a.reason],
    ...(a.praticaNumero ? [[t.pratica, a.praticaNumero] as [string, React.ReactNode]] : []),
    ...(a.message ? [[t.message, a.message] as [string, React.ReactNode]] : []),
  ];
  return (
    <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[minmax(9rem,12rem)_1fr]">
      {rows.map(([label, value, testId]) => (
        <div key={label} className="contents">
          <dt className="font-semibold text-muted">{label}</dt>
          <dd className="break-words first-letter:uppercase" data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
