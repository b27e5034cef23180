"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { removeServiceIoKey, setServiceIoKey } from "@/lib/channels/io/keys";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { ioTexts } from "@/lib/i18n/io";
import { getT } from "@/lib/i18n/server";

const service = z.object({ ente: enteSlug, serviceId: z.uuid(), fd: formData });

export const setIoKeyAction = staffAction(
  { role: "admin", input: service, args: (ente: string, serviceId: string, _prev: ActionState, fd: FormData) => ({ ente, serviceId, fd }) },
  async ({ ctx }, { serviceId, fd }): Promise<ActionState> => {
    await setServiceIoKey(ctx, serviceId, formObject(fd));
    revalidatePath(`/${ctx.ente.slug}/admin/servizi/${serviceId}/io`);
    return { ok: (await getT(ioTexts)).saved };
  },
);

export const removeIoKeyAction = staffAction(
  { role: "admin", input: service, args: (ente: string, serviceId: string, _prev: ActionState, fd: FormData) => ({ ente, serviceId, fd }) },
  async ({ ctx }, { serviceId }): Promise<ActionState> => {
    await removeServiceIoKey(ctx, serviceId);
    revalidatePath(`/${ctx.ente.slug}/admin/servizi/${serviceId}/io`);
    return { ok: (await getT(ioTexts)).removed };
  },
);
