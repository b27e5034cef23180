"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/components/backoffice/action-forms";
import { requestIntegration, takeInCharge } from "@/lib/backoffice/manage";
import { staffAction } from "@/lib/edge/actions";
import { enteSlug } from "@/lib/edge/schemas";

/** "Sì, sono sicuro": assigns the pratica to me and opens its detail; a lost race comes back as a plain message. */
export const takeInChargeAction = staffAction(
  { role: "operator", input: z.object({ ente: enteSlug, praticaId: z.uuid() }), args: (ente: string, praticaId: string) => ({ ente, praticaId }) },
  // No revalidation on a refusal: the dialog keeps the message until closed, then refreshes the list itself.
  async ({ ctx }, { praticaId }): Promise<FormState> => {
    await takeInCharge(ctx, praticaId);
    redirect(`/${ctx.ente.slug}/operatori/pratiche/${praticaId}`);
  },
);

export const requestIntegrationAction = staffAction(
  { role: "operator", input: z.object({ ente: enteSlug, praticaId: z.uuid(), message: z.string().default("") }) },
  async ({ ctx }, { praticaId, message }): Promise<FormState> => {
    await requestIntegration(ctx, praticaId, { message });
    revalidatePath(`/${ctx.ente.slug}/operatori/pratiche/${praticaId}`);
    return { ok: true };
  },
);
