import { ActionForm } from "@/components/admin/action-form";
import { Field, TextField } from "@/components/admin/field";
import { getDb } from "@/db";
import type { Ente } from "@/db/schema";
import { getSealInfo } from "@/lib/acts/certificate";
import { actTexts } from "@/lib/i18n/acts";
import { getFormat, getT } from "@/lib/i18n/server";
import { removeSealAction, updateAppealDefaultAction, uploadSealAction } from "./seal-actions";

/** The acts' settings: the electronic seal (PKCS#12 upload; the passphrase is never shown back) and the default appeal clause. */
export async function SealSection({ ente }: { ente: Ente }) {
  const [T, f, seal] = await Promise.all([getT(actTexts), getFormat(ente.timezone), getSealInfo(await getDb(), ente.id)]);
  const t = T.admin;
  return (
    <>
      <section aria-labelledby="sigillo" className="card space-y-4">
        <h2 id="sigillo" className="text-xl font-bold">{t.sealTitle}</h2>
        <p id="seal-help" className="text-muted">{t.sealIntro}</p>
        {seal ? (
          <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
            <dt className="font-semibold">{t.subject}</dt>
            <dd>{seal.subject}</dd>
            <dt className="font-semibold">{t.validity}</dt>
            <dd>{t.validityRange({ from: f.date(seal.notBefore), to: f.date(seal.notAfter) })}</dd>
            <dt className="font-semibold">{t.fingerprint}</dt>
            <dd className="break-all font-mono text-sm">{seal.fingerprint}</dd>
          </dl>
        ) : (
          <p>{t.none}</p>
        )}
        <div className="flex flex-wrap items-end gap-4">
          <ActionForm action={uploadSealAction.bind(null, ente.slug)} submitLabel={t.upload} className="space-y-3" resetOnSuccess>
            <div>
              <label htmlFor="f-certificate" className="field-label">{t.certificate}</label>
              <input id="f-certificate" name="certificate" type="file" accept=".p12,.pfx,application/x-pkcs12" aria-describedby="seal-help" className="field-input" />
            </div>
            <TextField name="passphrase" label={t.passphrase} help={t.passphraseHint} type="password" autoComplete="off" />
          </ActionForm>
          {seal && <ActionForm action={removeSealAction.bind(null, ente.slug)} submitLabel={t.remove} submitClassName="btn-secondary" />}
        </div>
      </section>
      <section aria-labelledby="impugnazione" className="card">
        <h2 id="impugnazione" className="mb-3 text-xl font-bold">{t.appealDefault}</h2>
        <ActionForm action={updateAppealDefaultAction.bind(null, ente.slug)} submitLabel={t.save}>
          <Field name="appealText" label={t.appealDefault} help={t.appealDefaultHint}>
            {(control) => <textarea {...control} rows={4} defaultValue={ente.appealText ?? ""} placeholder={T.defaultAppeal} maxLength={2000} className="field-input" />}
          </Field>
        </ActionForm>
      </section>
    </>
  );
}
