"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import type { SubmitState } from "@/app/(citizen)/[ente]/area-personale/pratiche/[id]/actions";
import { useT } from "@/lib/i18n/client";
import { portalForm } from "@/lib/i18n/portal-form";

function SubmitButton({ label }: { label?: string }) {
  const { pending } = useFormStatus();
  const t = useT(portalForm);
  return (
    <button type="submit" className="btn-primary px-6 py-3 text-lg" disabled={pending} aria-disabled={pending}>
      {label ?? t.submitApplication}
    </button>
  );
}

/**
 * The final "submit" button; the server's refusal (validation, closed service) is shown in place. `label` names
 * another last step on the same form (a service with fees: "Procedi al pagamento").
 */
export function SubmitForm({ action, ente, id, label }: { action: (s: SubmitState, fd: FormData) => Promise<SubmitState>; ente: string; id: string; label?: string }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="ente" value={ente} />
      <input type="hidden" name="id" value={id} />
      {state?.error && (
        <div role="alert" className="rounded-md border-2 border-danger-dark bg-danger-light p-4">
          <p className="font-bold text-danger-dark">{state.error}</p>
          {state.fieldErrors && Object.keys(state.fieldErrors).length > 0 && (
            <ul className="mt-2 list-disc pl-5">
              {Object.entries(state.fieldErrors).map(([path, message]) => (
                <li key={path}>{path}: {message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <SubmitButton label={label} />
    </form>
  );
}
