import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getAuthSession, getCurrentUser, getStaffRoles, requireEnte } from "@/lib/auth/session";
import { pick } from "@/lib/i18n";
import { authTexts } from "@/lib/i18n/auth";
import { getLang } from "@/lib/i18n/server";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Accesso operatori" };

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
  const lang = await getLang();
  const it = lang === "it";
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold">{it ? "Accesso operatori" : "Staff login"}</h1>
      <p className="mb-6 text-muted">
        {it
          ? "Le credenziali sono fornite dall'amministrazione del Comune. Non è prevista la registrazione autonoma."
          : "Credentials are issued by the municipality. Self-registration is not available."}
      </p>
      <div className="card">
        <LoginForm ente={ente.slug} t={pick(authTexts, lang).staffLogin} />
      </div>
    </div>
  );
}
