"use client";

import { startTransition, useActionState, useEffect, useRef } from "react";
import { adminTexts } from "@/lib/i18n/admin";
import { useT } from "@/lib/i18n/client";
import { TRACKED_ATTR, useUnsavedForm } from "./unsaved-changes";

import type { ActionState } from "@/lib/edge/failure";

export type { ActionState };

type Outcome = ActionState & { othersDirty?: string[] };

/**
 * A form posting to a server action, with an accessible summary of the outcome: success as a status
 * message, failure as an alert listing each field error with a link to the field (ids are `f-<path>`).
 */
export function ActionForm({
  action,
  children,
  submitLabel,
  pendingLabel,
  className,
  submitClassName = "btn-primary",
  confirmText,
  resetOnSuccess = false,
}: {
  action: (prev: ActionState, fd: FormData) => Promise<ActionState>;
  children?: React.ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  className?: string;
  submitClassName?: string;
  confirmText?: string;
  resetOnSuccess?: boolean;
}) {
  const { errorsTitle } = useT(adminTexts);
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const unsaved = useUnsavedForm(formRef);
  const [state, formAction, pending] = useActionState(async (prev: Outcome, fd: FormData): Promise<Outcome> => {
    const res = await action(prev, fd);
    if (!res.ok || res.error) return res;
    if (resetOnSuccess) formRef.current?.reset();
    unsaved.saved({ reset: resetOnSuccess });
    // Sections still holding unsaved edits: "saved" must not sound like "everything is saved".
    return { ...res, othersDirty: unsaved.othersDirty() };
  }, {});
  useEffect(() => {
    if (state.error) summaryRef.current?.focus();
  }, [state]);
  return (
    <form
      ref={formRef}
      action={formAction}
      className={className ?? "space-y-4"}
      noValidate
      {...{ [TRACKED_ATTR]: "" }}
      onInput={unsaved.check}
      onChange={unsaved.check}
      onSubmit={(e) => {
        // Submitted by hand rather than through `action`: React resets a form after every action, which
        // would wipe what the user typed when the server refuses it.
        e.preventDefault();
        if (confirmText && !window.confirm(confirmText)) return;
        const fd = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
        unsaved.saving();
        startTransition(() => formAction(fd));
      }}
    >
      {state.error && (
        <div ref={summaryRef} tabIndex={-1} role="alert" className="rounded-md border-2 border-danger bg-danger-light p-3 text-danger-dark">
          <p className="font-semibold">{state.error}</p>
          {state.fieldErrors && Object.keys(state.fieldErrors).length > 0 && (
            <>
              <p className="sr-only">{errorsTitle}</p>
              <ul className="mt-1 list-disc pl-5 text-sm">
                {Object.entries(state.fieldErrors).map(([path, message]) => (
                  <li key={path}>
                    <a className="text-danger-dark underline" href={`#f-${path.replace(/[^a-zA-Z0-9_-]/g, "-")}`}>
                      {path ? `${path}: ` : ""}
                      {message}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {state.ok && !state.error && (
        <div role="status" className="rounded-md border-2 border-success bg-success-light p-3 text-success">
          <p className="font-semibold">{state.ok}</p>
          {state.warning && <p className="mt-2 rounded border-2 border-warning bg-warning-light p-2 font-semibold text-ink">{state.warning}</p>}
          {state.othersDirty && state.othersDirty.length > 0 && unsaved.texts && (
            <p className="mt-1 text-ink">
              {unsaved.texts.othersDirty} {state.othersDirty.map((l) => `«${l}»`).join(", ")}
            </p>
          )}
        </div>
      )}
      {state.secrets?.map((s) => (
        <div key={s.label} role="status" className="rounded-md border-2 border-warning bg-warning-light p-3 text-ink">
          <p className="font-semibold">{s.label}</p>
          <code data-testid="one-time-secret" className="mt-2 block break-all rounded bg-white p-2 font-mono text-base">
            {s.value}
          </code>
        </div>
      ))}
      {children}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={submitClassName} disabled={pending}>
          {pending ? (pendingLabel ?? submitLabel) : submitLabel}
        </button>
        {unsaved.isDirty && unsaved.texts && <span className="text-sm font-semibold text-warning">{unsaved.texts.dirty}</span>}
      </div>
    </form>
  );
}
