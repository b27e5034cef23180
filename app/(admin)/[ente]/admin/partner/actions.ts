"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/components/admin/action-form";
import { createPartnerAdmin, rotatePartnerSecret, updatePartnerAdmin } from "@/lib/admin/partners";
import { requireStaff } from "@/lib/auth/session";
import { pick } from "@/lib/i18n";
import { adminTexts } from "@/lib/i18n/admin";
import { getLang } from "@/lib/i18n/server";
import { actionFailure, formObject } from "../_lib/action-result";

const ARRAYS = ["serviceIds", "disabledServiceIds", "webhookEvents"];

export async function createPartnerAction(slug: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  const t = pick(adminTexts, lang).partners;
  try {
    const { secret, webhookSecret, partner } = await createPartnerAdmin(ctx, formObject(fd, ARRAYS));
    revalidatePath(`/${slug}/admin/partner`);
    return { ok: `${t.created} (${partner.slug})`, secrets: [{ label: t.secretOnce, value: secret }, { label: t.webhookSecretOnce, value: webhookSecret }] };
  } catch (err) {
    return actionFailure(err, lang);
  }
}

export async function updatePartnerAction(slug: string, partnerId: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  try {
    await updatePartnerAdmin(ctx, z.uuid().parse(partnerId), formObject(fd, ARRAYS));
    revalidatePath(`/${slug}/admin/partner`);
    return { ok: pick(adminTexts, lang).saved };
  } catch (err) {
    return actionFailure(err, lang);
  }
}

export async function rotatePartnerSecretAction(slug: string, partnerId: string, which: "api" | "webhook", _prev: ActionState): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  const t = pick(adminTexts, lang).partners;
  try {
    const secret = await rotatePartnerSecret(ctx, z.uuid().parse(partnerId), which === "webhook" ? "webhook" : "api");
    return { ok: t.rotated, secrets: [{ label: which === "webhook" ? t.webhookSecretOnce : t.secretOnce, value: secret }] };
  } catch (err) {
    return actionFailure(err, lang);
  }
}
