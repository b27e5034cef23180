"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { updateChannelPolicy } from "@/lib/admin/channel-policy";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { channelsAdminTexts } from "@/lib/i18n/channels-admin";
import { getT } from "@/lib/i18n/server";

/** The ente's channel policy from the editor's selects (parsed and checked by lib/admin/channel-policy.ts). */
export const saveChannelPolicyAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug, fd: formData }), args: (ente: string, _prev: ActionState, fd: FormData) => ({ ente, fd }) },
  async ({ ctx }, { fd }): Promise<ActionState> => {
    await updateChannelPolicy(ctx, formObject(fd));
    revalidatePath(`/${ctx.ente.slug}/admin/canali`);
    return { ok: (await getT(channelsAdminTexts)).policy.saved };
  },
);
