import { ActionForm } from "@/components/admin/action-form";
import { Field, TextField } from "@/components/admin/field";
import type { Ente } from "@/db/schema";
import { paymentNoticeTexts } from "@/lib/i18n/payment-notice";
import { getT } from "@/lib/i18n/server";
import { buildNoticeCode, formatNoticeCode } from "@/lib/payments/iuv";
import { noticeConfigOf } from "@/lib/payments/pagopa-settings";
import { updatePagopaSettingsAction } from "./pagopa-actions";

/** The ente's pagoPA codes: fiscal code, notice code layout (aux digit with its code), CBILL. */
export async function PagopaSection({ ente }: { ente: Ente }) {
  const t = (await getT(paymentNoticeTexts)).admin;
  const config = noticeConfigOf(ente);
  // An example built from sequence number 1: shows the layout without taking a number from the ente's counter.
  const example = config ? formatNoticeCode(buildNoticeCode(config, 1).noticeCode) : null;
  return (
    <section aria-labelledby="pagopa" className="card">
      <h2 id="pagopa" className="mb-1 text-xl font-bold">{t.title}</h2>
      <p id="pagopa-help" className="mb-3 text-muted">{t.intro}</p>
      <p className={`mb-4 rounded-md border-2 p-3 text-ink ${example ? "border-line" : "border-warning bg-warning-light font-semibold"}`}>
        {example ? (
          <>
            {t.ready} <span className="whitespace-nowrap font-mono">{example}</span>
          </>
        ) : (
          t.incomplete
        )}
      </p>
      <ActionForm action={updatePagopaSettingsAction.bind(null, ente.slug)} submitLabel={t.save}>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="codiceFiscale" label={t.fiscalCode} help={t.fiscalCodeHelp} defaultValue={ente.codiceFiscale ?? ""} inputMode="numeric" maxLength={11} autoComplete="off" inputClassName="font-mono" />
          <Field name="auxDigit" label={t.auxDigit}>
            {(control) => (
              <select {...control} defaultValue={String(ente.pagopaAuxDigit)} className="field-input">
                <option value="3">{t.aux3}</option>
                <option value="0">{t.aux0}</option>
              </select>
            )}
          </Field>
          <TextField name="segregationCode" label={t.segregationCode} help={t.segregationCodeHelp} defaultValue={ente.pagopaSegregationCode ?? ""} inputMode="numeric" maxLength={2} autoComplete="off" inputClassName="font-mono" />
          <TextField name="applicationCode" label={t.applicationCode} help={t.applicationCodeHelp} defaultValue={ente.pagopaApplicationCode ?? ""} inputMode="numeric" maxLength={2} autoComplete="off" inputClassName="font-mono" />
          <TextField name="cbillCode" label={t.cbill} help={t.cbillHelp} defaultValue={ente.pagopaCbillCode ?? ""} maxLength={5} autoComplete="off" inputClassName="font-mono uppercase" />
        </div>
      </ActionForm>
    </section>
  );
}
