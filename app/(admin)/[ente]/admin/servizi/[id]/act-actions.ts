"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { updateServiceActFields } from "@/lib/acts/settings";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { actTexts } from "@/lib/i18n/acts";
import { getT } from "@/lib/i18n/server";

export const updateServiceActAction = staffAction(
  {
    role: "admin",
    input: z.object({ ente: enteSlug, serviceId: z.uuid(), fd: formData }),
    args: (ente: string, serviceId: string, _prev: ActionState, fd: FormData) => ({ ente, serviceId, fd }),
  },
  async ({ ctx }, { serviceId, fd }): Promise<ActionState> => {
    await updateServiceActFields(ctx, serviceId, formObject(fd));
    revalidatePath(`/${ctx.ente.slug}/admin/servizi/${serviceId}`);
    return { ok: (await getT(actTexts)).admin.savedAct };
  },
);
