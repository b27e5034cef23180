import Link from "next/link";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { common } from "@/lib/i18n/common";
import { appointmentsCitizen } from "@/lib/i18n/appointments-citizen";
import { paymentsCitizen } from "@/lib/i18n/payments-citizen";
import { personalArea } from "@/lib/i18n/personal-area";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";

export type PersonalAreaTab = "desk" | "messages" | "activity" | "payments" | "appointments" | "services";

const PATHS: Record<PersonalAreaTab, string> = { desk: "", messages: "/messaggi", activity: "/attivita", payments: "/pagamenti", appointments: "/appuntamenti", services: "/servizi" };
const TABS: PersonalAreaTab[] = ["desk", "messages", "activity", "payments", "appointments", "services"];

/**
 * The personal area's heading and its sections (Designers Italia's Scrivania, Messaggi, Attività, Servizi, and Pagamenti, Appuntamenti)
 * as plain links to their own pages: server-rendered, no script, the current one marked with aria-current.
 */
export async function PersonalAreaHeader({ ente, name, current, unreadThreads = 0 }: { ente: string; name: string; current: PersonalAreaTab; unreadThreads?: number }) {
  const [t, c, pa, P, A] = await Promise.all([getT(portal), getT(common), getT(personalArea), getT(paymentsCitizen), getT(appointmentsCitizen)]);
  const base = `/${ente}/area-personale`;
  const label = (tab: PersonalAreaTab) => (tab === "payments" ? P.tab : tab === "appointments" ? A.tab : pa.tabs[tab]);
  const here = label(current);
  return (
    <>
      <Breadcrumbs items={[{ href: `/${ente}`, label: c.home }, current === "desk" ? { label: t.personalArea } : { href: base, label: t.personalArea }, ...(current === "desk" ? [] : [{ label: here }])]} />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t.personalArea}</h1>
          <p className="text-lg">{name}</p>
        </div>
        <Link href={`${base}/profilo`} className="btn-secondary">{t.profile}</Link>
      </div>
      <nav aria-label={pa.tabsNav} className="mb-8 border-b-2 border-line">
        <ul className="flex flex-wrap">
          {TABS.map((tab) => {
            const active = tab === current;
            return (
              <li key={tab}>
                <Link
                  href={`${base}${PATHS[tab]}`}
                  aria-current={active ? "page" : undefined}
                  className={`-mb-0.5 inline-flex items-center gap-1.5 border-b-4 px-2.5 py-2 text-sm font-semibold sm:gap-2 sm:px-4 sm:py-3 sm:text-base ${active ? "border-primary text-primary-darker" : "border-transparent text-muted hover:border-line hover:text-primary-darker"}`}
                >
                  {label(tab)}
                  {tab === "messages" && unreadThreads > 0 && (
                    <span className="rounded-full bg-primary px-2 text-xs text-white">
                      {unreadThreads}
                      <span className="sr-only"> {pa.unreadThread}</span>
                    </span>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </>
  );
}
