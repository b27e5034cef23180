"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { paymentsStaffTexts } from "@/lib/i18n/payments-staff";
import { getT } from "@/lib/i18n/server";
import { regenerateCallbackSecret, saveProviderSettings } from "@/lib/payments/provider-settings";

export const saveProviderSettingsAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug, fd: formData }), args: (ente: string, _prev: ActionState, fd: FormData) => ({ ente, fd }) },
  async ({ ctx }, { fd }): Promise<ActionState> => {
    const t = (await getT(paymentsStaffTexts)).settings;
    const { newCallbackSecret } = await saveProviderSettings(ctx, formObject(fd));
    revalidatePath(`/${ctx.ente.slug}/admin/pagamenti/impostazioni`);
    return { ok: t.saved, secrets: newCallbackSecret ? [{ label: t.callbackSecretOnce, value: newCallbackSecret }] : undefined };
  },
);

export const regenerateCallbackSecretAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug }), args: (ente: string, _prev: ActionState) => ({ ente }) },
  async ({ ctx }): Promise<ActionState> => {
    const t = (await getT(paymentsStaffTexts)).settings;
    const { callbackSecret } = await regenerateCallbackSecret(ctx);
    revalidatePath(`/${ctx.ente.slug}/admin/pagamenti/impostazioni`);
    return { ok: t.regenerated, secrets: [{ label: t.callbackSecretOnce, value: callbackSecret }] };
  },
);
