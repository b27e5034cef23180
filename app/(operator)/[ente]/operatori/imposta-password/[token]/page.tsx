import type { Metadata } from "next";
import { findStaffToken } from "@/lib/admin/staff-tokens";
import { requireEnte } from "@/lib/auth/session";
import { adminTexts } from "@/lib/i18n/admin";
import { backoffice } from "@/lib/i18n/backoffice";
import { getT } from "@/lib/i18n/server";
import { setPasswordAction } from "./actions";
import { SetPasswordForm } from "./set-password-form";

// The token is in the path: never send it on to other sites, never index the page.
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(backoffice)).pageTitles.setPassword, referrer: "no-referrer", robots: { index: false, follow: false } };
}

/** Where an invited or reset operator chooses a password, from the single-use link in their email. */
export default async function SetPasswordPage({ params }: { params: Promise<{ ente: string; token: string }> }) {
  const p = await params;
  const { db, ente } = await requireEnte(p.ente);
  const t = (await getT(adminTexts)).setPassword;
  const found = await findStaffToken(db, ente, p.token);
  return (
    <div className="mx-auto max-w-md">
      {found ? (
        <>
          <h1 className="mb-2 text-3xl font-bold">{t.title}</h1>
          <p className="mb-6 text-muted">
            {t.intro} {ente.name}: <strong className="text-ink">{found.user.email}</strong>
          </p>
          <div className="card">
            <SetPasswordForm action={setPasswordAction.bind(null, ente.slug, p.token)} loginHref={`/${ente.slug}/operatori/login`} email={found.user.email} />
          </div>
        </>
      ) : (
        <>
          <h1 className="mb-2 text-3xl font-bold">{t.invalidTitle}</h1>
          <p role="alert" className="mb-6">{t.invalid}</p>
        </>
      )}
    </div>
  );
}
