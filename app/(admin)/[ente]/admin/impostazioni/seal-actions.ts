"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { removeSealCertificate, saveSealCertificate, SEAL_MAX_BYTES } from "@/lib/acts/certificate";
import { updateEnteAppealText } from "@/lib/acts/settings";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { PayloadTooLargeError, ValidationError, fieldError } from "@/lib/errors";
import { actTexts } from "@/lib/i18n/acts";
import { getT } from "@/lib/i18n/server";

const withForm = { input: z.object({ ente: enteSlug, fd: formData }), args: (ente: string, _prev: ActionState, fd: FormData) => ({ ente, fd }) };

export const uploadSealAction = staffAction({ role: "admin", ...withForm }, async ({ ctx }, { fd }): Promise<ActionState> => {
  const file = fd.get("certificate");
  const passphrase = fd.get("passphrase");
  if (!(file instanceof File) || file.size === 0) throw new ValidationError("seal.no_file", [fieldError("certificate", "seal.no_file")]);
  if (file.size > SEAL_MAX_BYTES) throw new PayloadTooLargeError("seal.too_large", { kb: SEAL_MAX_BYTES / 1024 }, { field: "certificate" });
  await saveSealCertificate(ctx, Buffer.from(await file.arrayBuffer()), typeof passphrase === "string" ? passphrase : "");
  revalidatePath(`/${ctx.ente.slug}/admin/impostazioni`);
  return { ok: (await getT(actTexts)).admin.saved };
});

export const removeSealAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug }), args: (ente: string, _prev: ActionState) => ({ ente }) },
  async ({ ctx }): Promise<ActionState> => {
    await removeSealCertificate(ctx);
    revalidatePath(`/${ctx.ente.slug}/admin/impostazioni`);
    return { ok: (await getT(actTexts)).admin.removed };
  },
);

export const updateAppealDefaultAction = staffAction({ role: "admin", ...withForm }, async ({ ctx }, { fd }): Promise<ActionState> => {
  await updateEnteAppealText(ctx, formObject(fd));
  revalidatePath(`/${ctx.ente.slug}/admin/impostazioni`);
  return { ok: (await getT(actTexts)).admin.savedAct };
});
