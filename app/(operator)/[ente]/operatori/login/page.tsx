import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getAuthSession, getCurrentUser, getStaffRoles, requireEnte } from "@/lib/auth/session";
import { backoffice } from "@/lib/i18n/backoffice";
import { getT } from "@/lib/i18n/server";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(backoffice)).login.title };
}

/** The only anonymous page of the back-office. A signed-in staff member is sent on by role. */
export default async function StaffLoginPage({ params }: { params: Promise<{ ente: string }> }) {
  const { db, ente } = await requireEnte((await params).ente);
  // Password given, code still to enter: that form first.
  if ((await getAuthSession())?.mfaPending) redirect(`/${ente.slug}/operatori/login/codice`);
  const current = await getCurrentUser();
  if (current?.kind === "staff") {
    const roles = await getStaffRoles(db, current.user.id, ente.id);
    if (roles.includes("operator")) redirect(`/${ente.slug}/operatori`);
    if (roles.includes("admin")) redirect(`/${ente.slug}/admin`);
  }
  const t = (await getT(backoffice)).login;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold">{t.title}</h1>
      <p className="mb-6 text-muted">{t.intro}</p>
      <div className="card">
        <LoginForm ente={ente.slug} />
      </div>
    </div>
  );
}
