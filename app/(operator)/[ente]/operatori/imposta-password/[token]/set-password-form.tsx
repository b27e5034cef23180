"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { ActionState } from "@/components/admin/action-form";
import { adminTexts } from "@/lib/i18n/admin";
import { useT } from "@/lib/i18n/client";

export function SetPasswordForm({ action, loginHref, email }: { action: (prev: ActionState, fd: FormData) => Promise<ActionState>; loginHref: string; email: string }) {
  const t = useT(adminTexts).setPassword;
  const [state, formAction, pending] = useActionState(action, {});
  if (state.ok) {
    return (
      <div role="status" className="space-y-4">
        <p className="rounded-md border-2 border-success bg-success-light p-3 font-semibold text-success">{state.ok}</p>
        <Link href={loginHref} className="btn-primary">{t.toLogin}</Link>
      </div>
    );
  }
  const errorFor = (path: string) => state.fieldErrors?.[path];
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.error && (
        <p role="alert" className="rounded-md border-2 border-danger bg-danger-light p-3 font-semibold text-danger-dark">{state.error}</p>
      )}
      {/* Lets password managers store the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <div>
        <label htmlFor="f-password" className="field-label">{t.password}</label>
        <p id="password-help" className="mb-1 text-sm text-muted">{t.passwordHelp}</p>
        <input id="f-password" name="password" type="password" autoComplete="new-password" required minLength={12} className="field-input" aria-describedby={`password-help${errorFor("password") ? " password-error" : ""}`} aria-invalid={Boolean(errorFor("password"))} />
        {errorFor("password") && <p id="password-error" className="field-error">{errorFor("password")}</p>}
      </div>
      <div>
        <label htmlFor="f-confirm" className="field-label">{t.confirm}</label>
        <input id="f-confirm" name="confirm" type="password" autoComplete="new-password" required className="field-input" aria-invalid={Boolean(errorFor("confirm"))} aria-describedby={errorFor("confirm") ? "confirm-error" : undefined} />
        {errorFor("confirm") && <p id="confirm-error" className="field-error">{errorFor("confirm")}</p>}
      </div>
      <button type="submit" className="btn-primary w-full" disabled={pending}>{t.submit}</button>
    </form>
  );
}
