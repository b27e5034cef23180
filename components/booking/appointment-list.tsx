import Link from "next/link";
import { managePath } from "@/lib/appointments/link";
import type { AppointmentView } from "@/lib/appointments/queries";
import type { Lang } from "@/lib/i18n";
import { pick } from "@/lib/i18n";
import { appointmentStatusLabel } from "@/lib/i18n/appointments";
import { appointmentsCitizen } from "@/lib/i18n/appointments-citizen";
import { dateKey } from "@/lib/time/wall-clock";
import { appointmentWhen } from "./slot-picker";

/** A citizen's appointments as cards: service, time, status, office, code and the link that manages each one. */
export function AppointmentList({
  items,
  ente,
  timeZone,
  lang,
  headingLevel = 3,
  linkPratica = false,
}: {
  items: AppointmentView[];
  ente: string;
  timeZone: string;
  lang: Lang;
  headingLevel?: 3 | 4;
  /** The linked pratica's number as a link to its page (in the personal area, not on that page itself). */
  linkPratica?: boolean;
}) {
  const t = pick(appointmentsCitizen, lang);
  const H = headingLevel === 3 ? "h3" : "h4";
  return (
    <ul className="space-y-3" data-testid="appointment-list">
      {items.map((a) => (
        <li key={a.id} className="card">
          <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
            <H className="text-lg font-bold">{a.serviceName}</H>
            <span className="rounded border border-primary px-2 py-0.5 text-sm font-semibold text-primary-darker" data-testid="appointment-status">
              {appointmentStatusLabel(a.status, lang)}
            </span>
          </div>
          <p className="first-letter:uppercase">{appointmentWhen(a, timeZone, lang, (d) => dateKey(d, timeZone))}</p>
          <p className="text-sm">
            {a.officeName}
            {a.officeAddress ? ` · ${a.officeAddress}` : ""}
          </p>
          <p className="text-sm text-muted">
            {t.code}: <span className="font-mono">{a.code}</span>
            {a.praticaNumero && a.praticaId && (
              <>
                {" · "}
                {t.pratica}:{" "}
                {linkPratica ? (
                  <Link href={`/${ente}/area-personale/pratiche/${a.praticaId}`} className="underline">
                    {a.praticaNumero}
                  </Link>
                ) : (
                  a.praticaNumero
                )}
              </>
            )}
          </p>
          <p className="mt-2">
            <Link href={managePath(ente, a.id)} className="font-semibold underline" aria-label={t.manageOf({ code: a.code })}>{t.manage}</Link>
          </p>
        </li>
      ))}
    </ul>
  );
}
