import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";

/**
 * A small form that deletes a draft (drafts only: submitted pratiche are never deleted). `serviceName`, in a list
 * of drafts, tells screen readers which one.
 */
export async function DeleteDraftForm({ action, ente, id, serviceName }: { action: (fd: FormData) => Promise<void>; ente: string; id: string; serviceName?: string }) {
  const t = await getT(portal);
  return (
    <form action={action}>
      <input type="hidden" name="ente" value={ente} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="text-sm font-semibold text-danger-dark underline" aria-label={serviceName ? t.deleteDraftOf({ s: serviceName }) : undefined}>
        {t.deleteDraft}
      </button>
    </form>
  );
}
