"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createOperator, disableOperator, enableOperator, resetOperatorPassword, updateOperatorServices } from "@/lib/admin/operators";
import { getConfig } from "@/lib/config/env";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { adminTexts } from "@/lib/i18n/admin";
import { getT } from "@/lib/i18n/server";

const operator = z.object({ ente: enteSlug, userId: z.uuid() });

export const createOperatorAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug, fd: formData }), args: (ente: string, _prev: ActionState, fd: FormData) => ({ ente, fd }) },
  async ({ ctx }, { fd }): Promise<ActionState> => {
    await createOperator(ctx, formObject(fd, ["serviceIds"]), { appUrl: getConfig().appUrl });
    revalidatePath(`/${ctx.ente.slug}/admin/operatori`);
    return { ok: (await getT(adminTexts)).operators.created };
  },
);

export const updateOperatorServicesAction = staffAction(
  { role: "admin", input: operator.extend({ fd: formData }), args: (ente: string, userId: string, _prev: ActionState, fd: FormData) => ({ ente, userId, fd }) },
  async ({ ctx }, { userId, fd }): Promise<ActionState> => {
    await updateOperatorServices(ctx, userId, formObject(fd, ["serviceIds"]).serviceIds as string[]);
    revalidatePath(`/${ctx.ente.slug}/admin/operatori`);
    return { ok: (await getT(adminTexts)).operators.servicesSaved };
  },
);

export const setOperatorDisabledAction = staffAction(
  { role: "admin", input: operator.extend({ disabled: z.boolean() }), args: (ente: string, userId: string, disabled: boolean, _prev: ActionState) => ({ ente, userId, disabled }) },
  async ({ ctx }, { userId, disabled }): Promise<ActionState> => {
    const t = (await getT(adminTexts)).operators;
    const { orphanedServices } = await (disabled ? disableOperator : enableOperator)(ctx, userId);
    revalidatePath(`/${ctx.ente.slug}/admin/operatori`);
    if (orphanedServices.length) return { ok: t.disabledOk, warning: t.disabledOrphaned({ services: orphanedServices.map((o) => `«${o.name}»`).join(", ") }) };
    return { ok: disabled ? t.disabledOk : t.enabledOk };
  },
);

export const resetOperatorPasswordAction = staffAction(
  { role: "admin", input: operator, args: (ente: string, userId: string, _prev: ActionState) => ({ ente, userId }) },
  async ({ ctx }, { userId }): Promise<ActionState> => {
    await resetOperatorPassword(ctx, userId, { appUrl: getConfig().appUrl });
    revalidatePath(`/${ctx.ente.slug}/admin/operatori`);
    return { ok: (await getT(adminTexts)).operators.resetOk };
  },
);
