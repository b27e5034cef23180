"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/components/backoffice/action-forms";
import { cancelPaymentFromForm, requestPaymentFromForm } from "@/lib/backoffice/payments";
import { staffAction } from "@/lib/edge/actions";
import { enteSlug } from "@/lib/edge/schemas";

const input = z.object({ ente: enteSlug, praticaId: z.uuid() });

/** "Richiedi pagamento": amount in euros and causale; back to the pratica's payments panel, which says it is done. */
export const requestPaymentAction = staffAction(
  { role: "operator", input: input.extend({ amount: z.string().default(""), causale: z.string().default("") }) },
  async ({ ctx }, { praticaId, amount, causale }): Promise<FormState> => {
    await requestPaymentFromForm(ctx, praticaId, { amount, causale });
    redirect(`/${ctx.ente.slug}/operatori/pratiche/${praticaId}?pagamento=richiesto#pagamenti`);
  },
);

/** "Annulla richiesta di pagamento", with the message the citizen reads. */
export const cancelPaymentAction = staffAction(
  { role: "operator", input: input.extend({ message: z.string().default("") }) },
  async ({ ctx }, { praticaId, message }): Promise<FormState> => {
    await cancelPaymentFromForm(ctx, praticaId, { message });
    redirect(`/${ctx.ente.slug}/operatori/pratiche/${praticaId}?pagamento=annullato#pagamenti`);
  },
);
