"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionState } from "@/components/admin/action-form";
import { updateOperatorSteps } from "@/lib/admin/operator-steps";
import { publishFormVersion } from "@/lib/admin/service-form";
import { createServiceAdmin, updateServiceAdmin } from "@/lib/admin/services";
import { requireStaff } from "@/lib/auth/session";
import { BadRequestError } from "@/lib/errors";
import { pick } from "@/lib/i18n";
import { adminTexts } from "@/lib/i18n/admin";
import { getLang } from "@/lib/i18n/server";
import { actionFailure, formObject } from "../_lib/action-result";

const idSchema = z.uuid();

export async function createServiceAction(slug: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  let id: string;
  try {
    id = (await createServiceAdmin(ctx, formObject(fd))).id;
  } catch (err) {
    return actionFailure(err, lang);
  }
  redirect(`/${slug}/admin/servizi/${id}`);
}

/** Fields named `prefix.a.b` → nested object { a: { b } } (the email texts and step texts editors). */
function nested(fd: FormData, prefix: string): Record<string, unknown> {
  const out: Record<string, Record<string, unknown> | unknown> = {};
  for (const [key, value] of fd.entries()) {
    if (!key.startsWith(`${prefix}.`) || typeof value !== "string") continue;
    const [a, b] = key.slice(prefix.length + 1).split(".");
    if (!a) continue;
    if (b === undefined) out[a] = value;
    else out[a] = { ...((out[a] as Record<string, unknown>) ?? {}), [b]: value };
  }
  return out;
}

export async function updateServiceAction(slug: string, serviceId: string, section: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  try {
    const id = idSchema.parse(serviceId);
    let input: Record<string, unknown>;
    if (section === "steps") input = { section, stepTexts: nested(fd, "step") };
    else if (section === "emails") {
      const texts = nested(fd, "email") as Record<string, Record<string, unknown>>;
      input = { section, emailTexts: Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, { ...v, enabled: v.enabled === "on" }])) };
    } else input = { ...formObject(fd), section };
    await updateServiceAdmin(ctx, id, input);
    revalidatePath(`/${slug}/admin/servizi`);
    return { ok: pick(adminTexts, lang).saved };
  } catch (err) {
    return actionFailure(err, lang);
  }
}

export async function publishFormAction(slug: string, serviceId: string, expectedVersion: number, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  const t = pick(adminTexts, lang).form;
  try {
    let definition: unknown;
    try {
      definition = JSON.parse(String(fd.get("definition") ?? ""));
    } catch {
      throw new BadRequestError(t.invalidJson);
    }
    const res = await publishFormVersion(ctx, idSchema.parse(serviceId), definition, { expectedVersion });
    revalidatePath(`/${slug}/admin/servizi/${serviceId}/modulo`);
    return { ok: res.changed ? t.published({ version: res.version }) : t.unchanged };
  } catch (err) {
    return actionFailure(err, lang);
  }
}

export async function updateOperatorStepsAction(slug: string, serviceId: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const { ctx } = await requireStaff(slug, "admin");
  const lang = await getLang();
  try {
    await updateOperatorSteps(ctx, idSchema.parse(serviceId), String(fd.get("operatorSteps") ?? ""));
    revalidatePath(`/${slug}/admin/servizi/${serviceId}`);
    return { ok: pick(adminTexts, lang).saved };
  } catch (err) {
    return actionFailure(err, lang);
  }
}
