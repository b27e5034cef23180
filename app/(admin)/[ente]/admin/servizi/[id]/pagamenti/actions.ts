"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { createServiceFee, deleteServiceFee, moveServiceFee, updateServiceFee } from "@/lib/payments/service-fees";

const service = z.object({ ente: enteSlug, serviceId: z.uuid(), fd: formData });
const fee = service.extend({ feeId: z.uuid() });

/** Back to the list, which now shows the change, with the outcome's notice (`esito`, one of the page's known words). */
function done(ente: string, serviceId: string, esito: "aggiunto" | "salvato" | "eliminato" | "spostato"): never {
  const page = `/${ente}/admin/servizi/${serviceId}/pagamenti`;
  revalidatePath(page);
  redirect(`${page}?esito=${esito}`);
}

export const createFeeAction = staffAction(
  { role: "admin", input: service, args: (ente: string, serviceId: string, _prev: ActionState, fd: FormData) => ({ ente, serviceId, fd }) },
  async ({ ctx }, { serviceId, fd }): Promise<ActionState> => {
    await createServiceFee(ctx, serviceId, formObject(fd));
    done(ctx.ente.slug, serviceId, "aggiunto");
  },
);

export const updateFeeAction = staffAction(
  { role: "admin", input: fee, args: (ente: string, serviceId: string, feeId: string, _prev: ActionState, fd: FormData) => ({ ente, serviceId, feeId, fd }) },
  async ({ ctx }, { serviceId, feeId, fd }): Promise<ActionState> => {
    await updateServiceFee(ctx, serviceId, feeId, formObject(fd));
    done(ctx.ente.slug, serviceId, "salvato");
  },
);

export const deleteFeeAction = staffAction(
  { role: "admin", input: fee, args: (ente: string, serviceId: string, feeId: string, _prev: ActionState, fd: FormData) => ({ ente, serviceId, feeId, fd }) },
  async ({ ctx }, { serviceId, feeId }): Promise<ActionState> => {
    await deleteServiceFee(ctx, serviceId, feeId);
    done(ctx.ente.slug, serviceId, "eliminato");
  },
);

export const moveFeeAction = staffAction(
  {
    role: "admin",
    input: fee.extend({ direction: z.enum(["up", "down"]) }),
    args: (ente: string, serviceId: string, feeId: string, direction: string, _prev: ActionState, fd: FormData) => ({ ente, serviceId, feeId, direction, fd }),
  },
  async ({ ctx }, { serviceId, feeId, direction }): Promise<ActionState> => {
    await moveServiceFee(ctx, serviceId, feeId, direction);
    done(ctx.ente.slug, serviceId, "spostato");
  },
);
