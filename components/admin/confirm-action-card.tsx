import { ActionForm, type ActionState } from "./action-form";

/** A card with one consequential action (reset a password, replace a secret): what it does, then a button that asks first. */
export function ConfirmActionCard({
  id,
  title,
  intro,
  action,
  submitLabel,
  confirmText,
}: {
  id: string;
  title: string;
  intro: string;
  action: (prev: ActionState, fd: FormData) => Promise<ActionState>;
  submitLabel: string;
  confirmText: string;
}) {
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id} className="mb-1 text-xl font-bold">{title}</h2>
      <p className="mb-3 text-muted">{intro}</p>
      <ActionForm action={action} submitLabel={submitLabel} submitClassName="btn-secondary" confirmText={confirmText} />
    </section>
  );
}
