"use client";

import { useActionState } from "react";
import type { ProfileState } from "@/app/(citizen)/[ente]/area-personale/profilo/actions";
import { LANGS } from "@/lib/i18n";
import { useT } from "@/lib/i18n/client";
import { common } from "@/lib/i18n/common";
import { profileTexts } from "@/lib/i18n/profile";

type Props = {
  action: (s: ProfileState, fd: FormData) => Promise<ProfileState>;
  ente: string;
  user: { name: string; email: string; phone: string; codiceFiscale: string | null; language: string; emailNotifications: boolean; ioEnabled: boolean; pecAddress: string };
};

function Err({ id, msg }: { id: string; msg?: string }) {
  return msg ? <p id={id} className="field-error">{msg}</p> : null;
}

/** The citizen's profile: codice fiscale read-only, contacts, language and how notices arrive (email, App IO, a digital domicile). */
export function ProfileForm({ action, ente, user }: Props) {
  const t = useT(profileTexts);
  const { languageNames } = useT(common);
  const [state, formAction, pending] = useActionState(action, null);
  const e = state?.fieldErrors ?? {};
  const sv = state?.values;
  const v = sv ? { name: sv.name ?? user.name, email: sv.email, phone: sv.phone, language: sv.language, emailNotifications: sv.emailNotifications, ioEnabled: sv.ioEnabled, pecAddress: sv.pecAddress } : user;
  const inv = (k: string) => (e[k] ? { "aria-invalid": true as const, "aria-describedby": `${k}-errore` } : {});
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <input type="hidden" name="ente" value={ente} />
      {state?.ok && <p role="status" className="rounded-md border-l-4 border-success bg-success-light p-3 font-semibold">{t.saved}</p>}
      {state && !state.ok && <p role="alert" className="rounded-md border-l-4 border-danger-dark bg-danger-light p-3 font-semibold text-danger-dark">{t.profileErrors}</p>}
      <dl>
        <dt className="field-label">{t.cf}</dt>
        <dd className="font-mono text-lg">{user.codiceFiscale ?? <span className="font-sans text-base">{t.cfMissing}</span>}</dd>
      </dl>
      <div>
        <label htmlFor="profilo-nome" className="field-label">{t.name}</label>
        {user.codiceFiscale ? (
          <>
            <input id="profilo-nome" type="text" readOnly value={user.name} className="field-input bg-surface" aria-describedby="profilo-nome-help" />
            <p id="profilo-nome-help" className="mt-1 text-sm text-muted">{t.nameFromIdentity}</p>
          </>
        ) : (
          <input id="profilo-nome" name="name" type="text" autoComplete="name" defaultValue={v.name} className="field-input" {...inv("name")} />
        )}
        <Err id="name-errore" msg={e.name} />
      </div>
      <div>
        <label htmlFor="profilo-email" className="field-label">{t.email}</label>
        <input id="profilo-email" name="email" type="email" autoComplete="email" defaultValue={v.email} className="field-input" {...inv("email")} />
        <Err id="email-errore" msg={e.email} />
      </div>
      <div>
        <label htmlFor="profilo-telefono" className="field-label">{t.phone}</label>
        <input id="profilo-telefono" name="phone" type="tel" autoComplete="tel" defaultValue={v.phone} className="field-input max-w-xs" {...inv("phone")} />
        <Err id="phone-errore" msg={e.phone} />
      </div>
      <div>
        <label htmlFor="profilo-lingua" className="field-label">{t.language}</label>
        <select id="profilo-lingua" name="language" defaultValue={v.language} className="field-input max-w-xs" {...inv("language")}>
          {LANGS.map((l) => (
            <option key={l} value={l} lang={l}>{languageNames[l]}</option>
          ))}
        </select>
        <Err id="language-errore" msg={e.language} />
      </div>
      <fieldset>
        <legend className="field-label">{t.notifications}</legend>
        <p className="mb-2 text-sm text-muted">{t.channelsIntro}</p>
        <div className="space-y-2">
          <div className="flex items-start gap-3">
            <input id="notifiche-email" type="radio" name="notifications" value="email" defaultChecked={v.emailNotifications} className="mt-1 h-5 w-5 accent-primary" />
            <label htmlFor="notifiche-email">{t.notifyEmail}</label>
          </div>
          <div className="flex items-start gap-3">
            <input id="notifiche-area" type="radio" name="notifications" value="portal" defaultChecked={!v.emailNotifications} className="mt-1 h-5 w-5 accent-primary" />
            <label htmlFor="notifiche-area">{t.notifyPortal}</label>
          </div>
        </div>
        <div className="mt-4 flex items-start gap-3">
          <input id="notifiche-io" type="checkbox" name="io" defaultChecked={v.ioEnabled} className="mt-1 h-5 w-5 shrink-0 accent-primary" aria-describedby="notifiche-io-help" />
          <div>
            <label htmlFor="notifiche-io">{t.io}</label>
            <p id="notifiche-io-help" className="mt-1 text-sm text-muted">{t.ioHelp}</p>
          </div>
        </div>
      </fieldset>
      <div>
        <label htmlFor="profilo-pec" className="field-label">{t.pec}</label>
        <input
          id="profilo-pec"
          name="pecAddress"
          type="email"
          autoComplete="off"
          defaultValue={v.pecAddress}
          className="field-input"
          {...inv("pecAddress")}
          aria-describedby={e.pecAddress ? "profilo-pec-help pecAddress-errore" : "profilo-pec-help"}
        />
        <p id="profilo-pec-help" className="mt-1 text-sm text-muted">{t.pecHelp}</p>
        <Err id="pecAddress-errore" msg={e.pecAddress} />
      </div>
      <button type="submit" className="btn-primary" disabled={pending}>{t.save}</button>
    </form>
  );
}
