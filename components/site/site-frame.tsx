import { Children, type ReactNode } from "react";
import { EnteTheme } from "./ente-theme";
import { SiteFooter, type FooterEnte } from "./site-footer";
import { SiteHeader, type HeaderUser } from "./site-header";

/** Every page of an ente: its colour, the header (who is signed in), the area's menu if any, the content, the footer. */
export function SiteFrame({ ente, user, nav, children }: { ente: FooterEnte & { primaryColor: string }; user: HeaderUser; nav?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <EnteTheme primaryColor={ente.primaryColor} />
      <SiteHeader ente={ente} user={user} />
      {nav}
      <main id="contenuto" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
      <SiteFooter ente={ente} />
    </div>
  );
}

/** An area's menu under the header (back-office, administration): one list item per link. */
export function AreaNav({ label, children }: { label: string; children: ReactNode }) {
  return (
    <nav aria-label={label} className="border-b border-line bg-surface">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-2 text-sm font-semibold">
        {Children.map(children, (link) => <li>{link}</li>)}
      </ul>
    </nav>
  );
}
