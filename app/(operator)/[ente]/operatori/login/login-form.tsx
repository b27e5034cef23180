"use client";

import { useActionState } from "react";
import { authTexts } from "@/lib/i18n/auth";
import { useT } from "@/lib/i18n/client";
import { staffLogin, type LoginState } from "./actions";

export function LoginForm({ ente }: { ente: string }) {
  const t = useT(authTexts).staffLogin;
  const [state, action, pending] = useActionState<LoginState, FormData>(staffLogin, {});
  // A refusal of the login itself is a code with its own text here; any other (e.g. a cross-site post) comes translated.
  const message =
    state.code === "throttled" ? t.throttledFor({ n: state.retryAfterS ?? 1 }) : state.code === "invalid" || state.code === "missing" ? t[state.code] : (state.error ?? null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="ente" value={ente} />
      {message && (
        <p id="login-error" role="alert" className="rounded-md border border-danger bg-danger-light p-3 font-semibold text-danger-dark">
          {message}
        </p>
      )}
      <div>
        <label htmlFor="email" className="field-label">{t.email}</label>
        <input id="email" name="email" type="email" autoComplete="username" required className="field-input" defaultValue={state.email ?? ""} key={state.email ?? ""} aria-invalid={Boolean(message)} aria-describedby={message ? "login-error" : undefined} />
      </div>
      <div>
        <label htmlFor="password" className="field-label">{t.password}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="field-input" aria-invalid={Boolean(message)} aria-describedby={message ? "login-error" : undefined} />
      </div>
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? t.submitting : t.submit}
      </button>
    </form>
  );
}
