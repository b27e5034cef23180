import Link from "next/link";
import { logout } from "@/lib/auth/logout-action";
import { common } from "@/lib/i18n/common";
import { getT } from "@/lib/i18n/server";
import { Crest } from "./crest";
import { LanguageSwitch } from "./language-switch";

/** `roles`: the staff member's roles in this ente, which decide where their name links to. */
export type HeaderUser = { name: string; kind: "staff" | "citizen"; roles?: readonly ("operator" | "admin")[] } | null;

/** Where the signed-in user's own area is, and its name; none for staff with no role here (any link would be a 403). */
function ownArea(slug: string, user: NonNullable<HeaderUser>, t: { operatorArea: string; personalArea: string; adminArea: string }): { href: string; label: string } | null {
  if (user.kind === "citizen") return { href: `/${slug}/area-personale`, label: t.personalArea };
  if (user.roles?.includes("operator")) return { href: `/${slug}/operatori`, label: t.operatorArea };
  if (user.roles?.includes("admin")) return { href: `/${slug}/admin`, label: t.adminArea };
  return null;
}

/** What the header shows of the ente (an `enti` row fits). */
export type HeaderEnte = { slug: string; name: string; logoUrl: string | null };

/** Designers Italia's municipal header: slim bar (language, login), centre (crest and name), navigation. */
export async function SiteHeader({ ente, user }: { ente: HeaderEnte; user: HeaderUser }) {
  const t = await getT(common);
  const area = user ? ownArea(ente.slug, user, t) : null;
  return (
    <header>
      <a href="#contenuto" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 focus:text-primary">
        {t.skipToContent}
      </a>
      <div className="bg-primary-darker text-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-2 px-4 py-1 text-sm">
          <span className="truncate font-semibold">{ente.name}</span>
          <div className="flex items-center gap-2">
            <LanguageSwitch returnTo="" />
            {user ? (
              <>
                {area ? (
                  <Link href={area.href} className="hidden rounded px-2 py-1 font-semibold text-white underline-offset-2 hover:underline sm:inline">
                    {area.label}: {user.name}
                  </Link>
                ) : (
                  <span className="hidden px-2 py-1 font-semibold sm:inline">{user.name}</span>
                )}
                <form action={logout}>
                  <input type="hidden" name="ente" value={ente.slug} />
                  <button type="submit" className="rounded bg-white px-3 py-1 font-semibold text-primary-darker hover:bg-primary-light">
                    {t.logout}
                  </button>
                </form>
              </>
            ) : (
              <Link href={`/${ente.slug}/accedi`} className="rounded bg-white px-3 py-1 font-semibold text-primary-darker no-underline hover:bg-primary-light">
                {t.login}
              </Link>
            )}
          </div>
        </div>
      </div>
      <div className="bg-primary text-white">
        <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-4">
          <Link href={`/${ente.slug}`} className="flex items-center gap-3 text-white no-underline">
            <Crest logoUrl={ente.logoUrl} name={ente.name} />
            <span>
              <span className="block text-2xl font-bold leading-tight sm:text-3xl">{ente.name}</span>
              <span className="block text-sm opacity-90">{t.tagline}</span>
            </span>
          </Link>
        </div>
        <nav aria-label={t.mainMenu} className="bg-primary-dark">
          <ul className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-2 text-sm font-semibold">
            <li><Link href={`/${ente.slug}/servizi`} data-element="all-services" className="block px-3 py-2 text-white no-underline hover:underline">{t.services}</Link></li>
            <li><Link href={`/${ente.slug}/area-personale`} className="block px-3 py-2 text-white no-underline hover:underline">{t.personalArea}</Link></li>
          </ul>
        </nav>
      </div>
    </header>
  );
}
