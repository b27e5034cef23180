import { ActionForm } from "@/components/admin/action-form";
import { Field, TextField } from "@/components/admin/field";
import type { Ente, Service } from "@/db/schema";
import { actTexts } from "@/lib/i18n/acts";
import { getT } from "@/lib/i18n/server";
import { updateServiceActAction } from "./act-actions";

/** What the service's outcome act prints: office, responsabile del procedimento, appeal clause (else the ente's). */
export async function ActSection({ ente, service }: { ente: Ente; service: Service }) {
  const T = await getT(actTexts);
  const t = T.admin;
  return (
    <section aria-labelledby="provvedimento" className="card">
      <h2 id="provvedimento" className="mb-1 text-xl font-bold">{t.actTitle}</h2>
      <p className="mb-3 text-muted">{t.actIntro}</p>
      <ActionForm action={updateServiceActAction.bind(null, ente.slug, service.id)} submitLabel={t.save} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="responsibleOffice" label={t.office} defaultValue={service.responsibleOffice ?? ""} maxLength={200} />
          <TextField name="responsibleOfficer" label={t.officer} defaultValue={service.responsibleOfficer ?? ""} maxLength={200} />
        </div>
        <Field name="appealText" label={t.appeal} help={t.appealHint}>
          {(control) => <textarea {...control} rows={4} defaultValue={service.appealText ?? ""} placeholder={ente.appealText ?? T.defaultAppeal} maxLength={2000} className="field-input" />}
        </Field>
      </ActionForm>
    </section>
  );
}
