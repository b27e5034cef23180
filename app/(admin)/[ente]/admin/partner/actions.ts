"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createPartnerAdmin, rotatePartnerSecret, updatePartnerAdmin } from "@/lib/admin/partners";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { adminTexts } from "@/lib/i18n/admin";
import { getT } from "@/lib/i18n/server";

const ARRAYS = ["serviceIds", "disabledServiceIds", "webhookEvents"];
const partner = z.object({ ente: enteSlug, partnerId: z.uuid() });

export const createPartnerAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug, fd: formData }), args: (ente: string, _prev: ActionState, fd: FormData) => ({ ente, fd }) },
  async ({ ctx }, { fd }): Promise<ActionState> => {
    const t = (await getT(adminTexts)).partners;
    const { secret, webhookSecret, partner: created } = await createPartnerAdmin(ctx, formObject(fd, ARRAYS));
    revalidatePath(`/${ctx.ente.slug}/admin/partner`);
    return { ok: `${t.created} (${created.slug})`, secrets: [{ label: t.secretOnce, value: secret }, { label: t.webhookSecretOnce, value: webhookSecret }] };
  },
);

export const updatePartnerAction = staffAction(
  { role: "admin", input: partner.extend({ fd: formData }), args: (ente: string, partnerId: string, _prev: ActionState, fd: FormData) => ({ ente, partnerId, fd }) },
  async ({ ctx }, { partnerId, fd }): Promise<ActionState> => {
    await updatePartnerAdmin(ctx, partnerId, formObject(fd, ARRAYS));
    revalidatePath(`/${ctx.ente.slug}/admin/partner`);
    return { ok: (await getT(adminTexts)).saved };
  },
);

export const rotatePartnerSecretAction = staffAction(
  {
    role: "admin",
    input: partner.extend({ which: z.enum(["api", "webhook"]) }),
    args: (ente: string, partnerId: string, which: "api" | "webhook", _prev: ActionState) => ({ ente, partnerId, which }),
  },
  async ({ ctx }, { partnerId, which }): Promise<ActionState> => {
    const t = (await getT(adminTexts)).partners;
    const secret = await rotatePartnerSecret(ctx, partnerId, which);
    return { ok: t.rotated, secrets: [{ label: which === "webhook" ? t.webhookSecretOnce : t.secretOnce, value: secret }] };
  },
);
