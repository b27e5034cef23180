/** A small form that deletes a draft (drafts only: submitted pratiche are never deleted). */
export function DeleteDraftForm({ action, ente, id, label, srLabel }: { action: (fd: FormData) => Promise<void>; ente: string; id: string; label: string; srLabel?: string }) {
  return (
    <form action={action}>
      <input type="hidden" name="ente" value={ente} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="text-sm font-semibold text-danger-dark underline" aria-label={srLabel}>
        {label}
      </button>
    </form>
  );
}
