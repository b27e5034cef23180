"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { LOGO_MAX_BYTES, removeEnteLogo, updateEnteSettings, uploadEnteLogo } from "@/lib/admin/settings";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { PayloadTooLargeError, ValidationError, fieldError } from "@/lib/errors";
import { adminTexts } from "@/lib/i18n/admin";
import { getT } from "@/lib/i18n/server";

const withForm = { input: z.object({ ente: enteSlug, fd: formData }), args: (ente: string, _prev: ActionState, fd: FormData) => ({ ente, fd }) };

export const updateSettingsAction = staffAction({ role: "admin", ...withForm }, async ({ ctx }, { fd }): Promise<ActionState> => {
  await updateEnteSettings(ctx, formObject(fd, ["languages"]));
  revalidatePath(`/${ctx.ente.slug}`, "layout");
  return { ok: (await getT(adminTexts)).saved };
});

export const uploadLogoAction = staffAction({ role: "admin", ...withForm }, async ({ ctx }, { fd }): Promise<ActionState> => {
  const file = fd.get("logo");
  if (!(file instanceof File) || file.size === 0) throw new ValidationError("logo.missing", [fieldError("logo", "logo.no_file")]);
  if (file.size > LOGO_MAX_BYTES) throw new PayloadTooLargeError("logo.too_large", { kb: LOGO_MAX_BYTES / 1024 }, { field: "logo" });
  await uploadEnteLogo(ctx, new Uint8Array(await file.arrayBuffer()));
  revalidatePath(`/${ctx.ente.slug}`, "layout");
  return { ok: (await getT(adminTexts)).settings.logoSaved };
});

export const removeLogoAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug }), args: (ente: string, _prev: ActionState) => ({ ente }) },
  async ({ ctx }, _input): Promise<ActionState> => {
    await removeEnteLogo(ctx);
    revalidatePath(`/${ctx.ente.slug}`, "layout");
    return { ok: (await getT(adminTexts)).settings.logoRemoved };
  },
);
