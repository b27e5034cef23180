"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/components/admin/action-form";
import { LOGO_MAX_BYTES, removeEnteLogo, updateEnteSettings, uploadEnteLogo } from "@/lib/admin/settings";
import { requireStaff } from "@/lib/auth/session";
import { PayloadTooLargeError, ValidationError } from "@/lib/errors";
import { pick } from "@/lib/i18n";
import { adminTexts } from "@/lib/i18n/admin";
import { getLang } from "@/lib/i18n/server";
import { actionFailure, formObject } from "../_lib/action-result";

export async function updateSettingsAction(slug: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  try {
    await updateEnteSettings(ctx, formObject(fd, ["languages"]));
    revalidatePath(`/${slug}`, "layout");
    return { ok: pick(adminTexts, lang).saved };
  } catch (err) {
    return actionFailure(err, lang);
  }
}

export async function uploadLogoAction(slug: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  try {
    const file = fd.get("logo");
    if (!(file instanceof File) || file.size === 0) throw new ValidationError("Scegli un file", [{ path: "logo", message: "Nessun file scelto" }]);
    if (file.size > LOGO_MAX_BYTES) throw new PayloadTooLargeError(`Il logo supera ${LOGO_MAX_BYTES / 1024} KB`);
    await uploadEnteLogo(ctx, new Uint8Array(await file.arrayBuffer()));
    revalidatePath(`/${slug}`, "layout");
    return { ok: pick(adminTexts, lang).settings.logoSaved };
  } catch (err) {
    return actionFailure(err, lang);
  }
}

export async function removeLogoAction(slug: string, _prev: ActionState): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  try {
    await removeEnteLogo(ctx);
    revalidatePath(`/${slug}`, "layout");
    return { ok: pick(adminTexts, lang).settings.logoRemoved };
  } catch (err) {
    return actionFailure(err, lang);
  }
}
