import type { Metadata } from "next";
import { SiteFrame } from "@/components/site/site-frame";
import { getCurrentUser, getStaffRoles, requireEnte } from "@/lib/auth/session";

export async function generateMetadata({ params }: { params: Promise<{ ente: string }> }): Promise<Metadata> {
  const { ente } = await requireEnte((await params).ente);
  // The ente's crest is its favicon; without one, the site's default.
  return { title: { default: ente.name, template: `%s — ${ente.name}` }, icons: { icon: ente.logoUrl ? [{ url: ente.logoUrl }] : [{ url: "/favicon.svg", type: "image/svg+xml" }] } };
}

export default async function CitizenLayout({ children, params }: { children: React.ReactNode; params: Promise<{ ente: string }> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const current = await getCurrentUser();
  const roles = current?.kind === "staff" ? await getStaffRoles(db, current.user.id, ente.id) : [];
  return (
    <SiteFrame ente={ente} user={current ? { name: current.user.name, kind: current.kind, roles } : null}>
      {children}
    </SiteFrame>
  );
}
