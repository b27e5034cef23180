"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/components/admin/action-form";
import { createOperator, disableOperator, enableOperator, resetOperatorPassword, updateOperatorServices } from "@/lib/admin/operators";
import { requireStaff } from "@/lib/auth/session";
import { getConfig } from "@/lib/config/env";
import { pick } from "@/lib/i18n";
import { adminTexts } from "@/lib/i18n/admin";
import { getLang } from "@/lib/i18n/server";
import { actionFailure, formObject } from "../_lib/action-result";

const idSchema = z.uuid();

export async function createOperatorAction(slug: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  try {
    await createOperator(ctx, formObject(fd, ["serviceIds"]), { appUrl: getConfig().appUrl });
    revalidatePath(`/${slug}/admin/operatori`);
    return { ok: pick(adminTexts, lang).operators.created };
  } catch (err) {
    return actionFailure(err, lang);
  }
}

export async function updateOperatorServicesAction(slug: string, userId: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  try {
    await updateOperatorServices(ctx, idSchema.parse(userId), formObject(fd, ["serviceIds"]).serviceIds as string[]);
    revalidatePath(`/${slug}/admin/operatori`);
    return { ok: pick(adminTexts, lang).operators.servicesSaved };
  } catch (err) {
    return actionFailure(err, lang);
  }
}

export async function setOperatorDisabledAction(slug: string, userId: string, disabled: boolean, _prev: ActionState): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  const t = pick(adminTexts, lang).operators;
  try {
    const { orphanedServices } = await (disabled ? disableOperator : enableOperator)(ctx, idSchema.parse(userId));
    revalidatePath(`/${slug}/admin/operatori`);
    if (orphanedServices.length) return { ok: t.disabledOk, warning: t.disabledOrphaned({ services: orphanedServices.map((o) => `«${o.name}»`).join(", ") }) };
    return { ok: disabled ? t.disabledOk : t.enabledOk };
  } catch (err) {
    return actionFailure(err, lang);
  }
}

export async function resetOperatorPasswordAction(slug: string, userId: string, _prev: ActionState): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  try {
    await resetOperatorPassword(ctx, idSchema.parse(userId), { appUrl: getConfig().appUrl });
    revalidatePath(`/${slug}/admin/operatori`);
    return { ok: pick(adminTexts, lang).operators.resetOk };
  } catch (err) {
    return actionFailure(err, lang);
  }
}
