"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireLevel } from "@/lib/auth/session";
import { citizenAction } from "@/lib/edge/actions";
import { getMyDraftForEdit } from "@/lib/portal/draft-edit";
import type { ActionFailure } from "@/lib/edge/failure";
import { enteSlug } from "@/lib/edge/schemas";
import { deleteDraft } from "@/lib/pratiche/drafts";
import { requirePayment } from "@/lib/payments/workflow";
import { submitPratica } from "@/lib/pratiche/submit";
import { transition } from "@/lib/workflow/transition";

const pratica = z.object({ ente: enteSlug, id: z.uuid() });
const slugOf = (raw: Record<string, unknown>) => enteSlug.catch("").parse(raw.ente);
const idOf = (raw: Record<string, unknown>) => z.uuid().catch("").parse(raw.id);

export const deleteDraftAction = citizenAction(
  { input: pratica, onError: (_f, raw) => redirect(`/${slugOf(raw)}/area-personale?esito=errore`) },
  async ({ ctx }, { id }): Promise<void> => {
    await deleteDraft(ctx, id);
    redirect(`/${ctx.ente.slug}/area-personale?esito=bozza-eliminata`);
  },
);

export type SubmitState = Partial<ActionFailure> | null;

/** Submission from the summary page: the server validates again (it is the authority), fires `submit`, and shows the confirmation. */
export const submitAction = citizenAction({ input: pratica }, async (session, { id }, lang): Promise<SubmitState> => {
  const { ctx } = session;
  // The service's login level holds at submission too (lib/auth/session.ts requireLevel).
  const { service } = await getMyDraftForEdit(ctx, id);
  requireLevel(session, service.minAuthLevel, `/${ctx.ente.slug}/area-personale/pratiche/${id}/riepilogo`);
  await submitPratica(ctx, id, { lang });
  redirect(`/${ctx.ente.slug}/area-personale/pratiche/${id}/inviata`);
});

/**
 * The summary's last step for a service with fees due: the workflow validates the draft like a submission, records
 * the payment and moves the pratica to "in attesa di pagamento"; the citizen pays from the pratica's page.
 */
export const requirePaymentAction = citizenAction({ input: pratica }, async (session, { id }, lang): Promise<SubmitState> => {
  const { ctx } = session;
  const { service } = await getMyDraftForEdit(ctx, id);
  requireLevel(session, service.minAuthLevel, `/${ctx.ente.slug}/area-personale/pratiche/${id}/riepilogo`);
  await requirePayment(ctx, id, { lang });
  redirect(`/${ctx.ente.slug}/area-personale/pratiche/${id}#pagamenti`);
});

// No version check: the registry numbering the pratica meanwhile must not block a withdrawal; the workflow
// table still refuses it once the pratica is decided.
/** The citizen withdraws a pratica the service allows to withdraw (the workflow checks state and option). */
export const withdrawAction = citizenAction(
  {
    input: pratica.extend({ reason: z.string().trim().max(2000).optional(), confirm: z.literal("on") }),
    next: ({ ente, id }) => `/${ente}/area-personale/pratiche/${id}`,
    onError: (failure, raw) =>
      redirect(`/${slugOf(raw)}/area-personale/pratiche/${idOf(raw)}?errore=${failure.fieldErrors.confirm ? "confirm#ritiro" : "state"}`),
  },
  async ({ ctx }, { id, reason }): Promise<void> => {
    await transition(ctx, id, "withdraw", { message: reason || undefined });
    redirect(`/${ctx.ente.slug}/area-personale/pratiche/${id}?esito=ritirata`);
  },
);
