"use client";

import { useFormStatus } from "react-dom";

/** The final button of a booking form: disabled while the request runs (the booking key makes a second press harmless anyway). */
export function ConfirmButton({ label, pending: pendingLabel, danger = false }: { label: string; pending: string; danger?: boolean }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={`${danger ? "btn-danger" : "btn-primary"} w-full px-6 py-3 text-lg sm:w-auto`} disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}
