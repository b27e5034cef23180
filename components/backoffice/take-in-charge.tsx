"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { backoffice } from "@/lib/i18n/backoffice";
import { useT } from "@/lib/i18n/client";

export type TakeAction = (praticaId: string) => Promise<{ error?: string } | void>;

/**
 * "Prendi in carico" with its confirmation dialog. "Sì, sono sicuro" runs the server action, which opens the
 * detail on success; if another operator was faster, the dialog says so plainly and, once closed, the list is
 * refreshed.
 */
export function TakeInCharge({
  praticaId,
  subject,
  applicant,
  action,
  variant = "primary",
}: {
  praticaId: string;
  /** The pratica's service and applicant, named in the confirmation question. */
  subject: string;
  applicant: string;
  action: TakeAction;
  variant?: "primary" | "small";
}) {
  const t = useT(backoffice);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const confirm = () =>
    start(async () => {
      const result = await action(praticaId);
      // The message stays until the operator closes the dialog; only then the list is refreshed (refreshing now
      // would remove the row, and the dialog with it, before the message could be read).
      if (result?.error) setError(result.error);
    });
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o && error) {
          setError(null);
          router.refresh();
        }
      }}
    >
      <DialogTrigger asChild>
        <button type="button" className={variant === "small" ? "btn-primary px-3 py-1 text-sm" : "btn-primary"}>
          {t.dashboard.takeInCharge}
        </button>
      </DialogTrigger>
      <DialogContent title={t.take.title} description={t.take.question({ subject, applicant })}>
        {error && (
          <p role="alert" className="mb-4 rounded-md border border-danger bg-danger-light p-3 font-semibold text-danger-dark">
            {error}
          </p>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <DialogClose asChild>
            <button type="button" className="btn-secondary">{t.take.cancel}</button>
          </DialogClose>
          {!error && (
            <button type="button" className="btn-primary" onClick={confirm} disabled={pending}>
              {pending ? t.take.working : t.take.confirm}
            </button>
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
