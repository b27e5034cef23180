import type { Metadata } from "next";
import { SiteFooter } from "@/components/site/site-footer";
import { EnteTheme } from "@/components/site/ente-theme";
import { SiteHeader } from "@/components/site/site-header";
import { getCurrentUser, getStaffRoles, requireEnte } from "@/lib/auth/session";

export async function generateMetadata({ params }: { params: Promise<{ ente: string }> }): Promise<Metadata> {
  const { ente } = await requireEnte((await params).ente);
  return { title: { default: ente.name, template: `%s — ${ente.name}` } };
}

export default async function CitizenLayout({ children, params }: { children: React.ReactNode; params: Promise<{ ente: string }> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const current = await getCurrentUser();
  const roles = current?.kind === "staff" ? await getStaffRoles(db, current.user.id, ente.id) : [];
  return (
    <div className="flex min-h-screen flex-col">
      <EnteTheme primaryColor={ente.primaryColor} />
      <SiteHeader ente={ente} user={current ? { name: current.user.name, kind: current.kind, roles } : null} />
      <main id="contenuto" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
      <SiteFooter ente={ente} />
    </div>
  );
}
