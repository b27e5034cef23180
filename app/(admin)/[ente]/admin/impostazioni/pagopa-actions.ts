"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { paymentNoticeTexts } from "@/lib/i18n/payment-notice";
import { getT } from "@/lib/i18n/server";
import { updatePagopaSettings } from "@/lib/payments/pagopa-settings";

export const updatePagopaSettingsAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug, fd: formData }), args: (ente: string, _prev: ActionState, fd: FormData) => ({ ente, fd }) },
  async ({ ctx }, { fd }): Promise<ActionState> => {
    await updatePagopaSettings(ctx, formObject(fd));
    revalidatePath(`/${ctx.ente.slug}/admin/impostazioni`);
    return { ok: (await getT(paymentNoticeTexts)).admin.saved };
  },
);
