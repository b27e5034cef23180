import type { Metadata } from "next";
import { TotpCodeField } from "@/components/backoffice/totp-code-field";
import { requireStaffMember } from "@/lib/auth/session";
import { otpauthUri, totpRequiredFor } from "@/lib/auth/totp";
import { authTexts } from "@/lib/i18n/auth";
import { getT } from "@/lib/i18n/server";
import { confirmTotpAction, disableTotpAction, startTotpAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(authTexts)).security.title };
}
export const dynamic = "force-dynamic";

/** A staff member's second factor (TOTP): enrol, see that it is on, turn it off. Any staff role. */
export default async function SecurityPage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<{ obbligo?: string; esito?: string; errore?: string; attesa?: string }> }) {
  const { db, ente, user } = await requireStaffMember((await params).ente);
  const { obbligo, esito, errore, attesa } = await searchParams;
  const texts = await getT(authTexts);
  const t = texts.security;
  const required = await totpRequiredFor(db, user.id);
  const waitS = typeof attesa === "string" && /^[0-9]{1,4}$/.test(attesa) ? attesa : "1";
  const error =
    errore === "throttled" ? texts.code.throttledFor({ n: waitS }) : errore === "invalid" ? t.invalid : errore === "richiesta" ? t.cannotTurnOff : null;
  const pending = !user.totpEnabledAt && user.totpSecret ? user.totpSecret : null;
  const errorId = error ? "totp-error" : undefined;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-3xl font-bold">{t.title}</h1>
      {obbligo && !user.totpEnabledAt && <p role="status" className="rounded-md border-l-4 border-warning bg-warning-light p-3 font-semibold">{t.required}</p>}
      {esito === "attivata" && <p role="status" className="rounded-md border-l-4 border-success bg-success-light p-3 font-semibold">{t.done}</p>}
      {error && <p id="totp-error" role="alert" className="rounded-md border border-danger bg-danger-light p-3 font-semibold text-danger-dark">{error}</p>}
      <section className="card space-y-4">
        <p>{user.totpEnabledAt ? t.enabled : t.disabled}</p>
        {user.totpEnabledAt ? (
          required ? (
            <p className="text-sm text-muted">{t.cannotTurnOff}</p>
          ) : (
            <form action={disableTotpAction} className="space-y-4">
              <input type="hidden" name="ente" value={ente.slug} />
              <TotpCodeField label={t.turnOffCode} errorId={errorId} />
              <button type="submit" className="btn-secondary">{t.turnOff}</button>
            </form>
          )
        ) : pending ? (
          <>
            <p>{t.steps}</p>
            <dl className="space-y-2">
              <dt className="field-label">{t.uri}</dt>
              <dd><a href={otpauthUri(pending, { issuer: `Stanza ${ente.name}`, account: user.email })} className="break-all font-mono text-sm underline">{otpauthUri(pending, { issuer: `Stanza ${ente.name}`, account: user.email })}</a></dd>
              <dt className="field-label">{t.secret}</dt>
              <dd><code className="break-all font-mono text-lg tracking-wider">{pending.replace(/(.{4})/g, "$1 ").trim()}</code></dd>
            </dl>
            <form action={confirmTotpAction} className="space-y-4">
              <input type="hidden" name="ente" value={ente.slug} />
              <TotpCodeField label={t.code} errorId={errorId} />
              <button type="submit" className="btn-primary">{t.confirm}</button>
            </form>
          </>
        ) : (
          <form action={startTotpAction}>
            <input type="hidden" name="ente" value={ente.slug} />
            <button type="submit" className="btn-primary">{t.start}</button>
          </form>
        )}
      </section>
    </div>
  );
}
