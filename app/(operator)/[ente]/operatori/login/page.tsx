import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser, getStaffRoles, requireEnte } from "@/lib/auth/session";
import { getLang } from "@/lib/i18n/server";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Accesso operatori" };

/** The only anonymous page of the back-office. A signed-in staff member is sent on by role. */
export default async function StaffLoginPage({ params }: { params: Promise<{ ente: string }> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const current = await getCurrentUser();
  if (current?.kind === "staff") {
    const roles = await getStaffRoles(db, current.user.id, ente.id);
    if (roles.includes("operator")) redirect(`/${ente.slug}/operatori`);
    if (roles.includes("admin")) redirect(`/${ente.slug}/admin`);
  }
  const it = (await getLang()) === "it";
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold">{it ? "Accesso operatori" : "Staff login"}</h1>
      <p className="mb-6 text-muted">
        {it
          ? "Le credenziali sono fornite dall'amministrazione del Comune. Non è prevista la registrazione autonoma."
          : "Credentials are issued by the municipality. Self-registration is not available."}
      </p>
      <div className="card">
        <LoginForm
          ente={ente.slug}
          t={
            it
              ? { email: "Email", password: "Password", submit: "Accedi", submitting: "Accesso in corso…", invalid: "Credenziali non valide.", throttled: "Troppi tentativi non riusciti: riprova tra 15 minuti.", missing: "Inserisci email e password." }
              : { email: "Email", password: "Password", submit: "Log in", submitting: "Logging in…", invalid: "Invalid credentials.", throttled: "Too many failed attempts: try again in 15 minutes.", missing: "Enter your email and password." }
          }
        />
      </div>
    </div>
  );
}
