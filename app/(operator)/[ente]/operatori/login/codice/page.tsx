import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TotpCodeField } from "@/components/backoffice/totp-code-field";
import { logout } from "@/lib/auth/logout-action";
import { getAuthSession, requireEnte } from "@/lib/auth/session";
import { authTexts } from "@/lib/i18n/auth";
import { getT } from "@/lib/i18n/server";
import { verifyCodeAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(authTexts)).code.title };
}
export const dynamic = "force-dynamic";

/** After the password, for staff with a second factor: the 6-digit code. Nothing else opens until it is given. */
export default async function StaffCodePage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<{ errore?: string; attesa?: string }> }) {
  const { ente } = await requireEnte((await params).ente);
  const session = await getAuthSession();
  if (!session?.mfaPending) redirect(`/${ente.slug}/operatori/login`);
  const { errore, attesa } = await searchParams;
  const t = (await getT(authTexts)).code;
  const waitS = typeof attesa === "string" && /^[0-9]{1,4}$/.test(attesa) ? attesa : "1";
  const message = errore === "throttled" ? t.throttledFor({ n: waitS }) : errore === "invalid" ? t.invalid : null;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold">{t.title}</h1>
      <p className="mb-6 text-muted">{t.intro}</p>
      <div className="card space-y-4">
        {message && (
          <p id="code-error" role="alert" className="rounded-md border border-danger bg-danger-light p-3 font-semibold text-danger-dark">
            {message}
          </p>
        )}
        <form action={verifyCodeAction} className="space-y-4" noValidate>
          <input type="hidden" name="ente" value={ente.slug} />
          <TotpCodeField label={t.label} errorId={message ? "code-error" : undefined} autoFocus />
          <button type="submit" className="btn-primary w-full">{t.submit}</button>
        </form>
        <form action={logout}>
          <input type="hidden" name="ente" value={ente.slug} />
          <button type="submit" className="btn-secondary w-full">{t.cancel}</button>
        </form>
      </div>
    </div>
  );
}
