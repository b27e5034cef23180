"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { updateOperatorSteps } from "@/lib/admin/operator-steps";
import { publishFormVersion } from "@/lib/admin/service-form";
import { createServiceAdmin, updateServiceAdmin } from "@/lib/admin/services";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { BadRequestError } from "@/lib/errors";
import { adminTexts } from "@/lib/i18n/admin";
import { getT } from "@/lib/i18n/server";

const service = z.object({ ente: enteSlug, serviceId: z.uuid(), fd: formData });

export const createServiceAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug, fd: formData }), args: (ente: string, _prev: ActionState, fd: FormData) => ({ ente, fd }) },
  async ({ ctx }, { fd }): Promise<ActionState> => {
    const { id } = await createServiceAdmin(ctx, formObject(fd));
    redirect(`/${ctx.ente.slug}/admin/servizi/${id}`);
  },
);

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

export const updateServiceAction = staffAction(
  {
    role: "admin",
    input: service.extend({ section: z.string().max(40) }),
    args: (ente: string, serviceId: string, section: string, _prev: ActionState, fd: FormData) => ({ ente, serviceId, section, fd }),
  },
  async ({ ctx }, { serviceId, section, fd }): Promise<ActionState> => {
    let input: Record<string, unknown>;
    if (section === "steps") input = { section, stepTexts: nested(fd, "step") };
    else if (section === "emails") {
      const texts = nested(fd, "email") as Record<string, Record<string, unknown>>;
      input = { section, emailTexts: Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, { ...v, enabled: v.enabled === "on" }])) };
    } else if (section === "sheet") input = { ...formObject(fd, ["topics", "relatedServices"]), office: nested(fd, "office"), section };
    else input = { ...formObject(fd), section };
    await updateServiceAdmin(ctx, serviceId, input);
    revalidatePath(`/${ctx.ente.slug}/admin/servizi`);
    return { ok: (await getT(adminTexts)).saved };
  },
);

export const publishFormAction = staffAction(
  {
    role: "admin",
    input: service.extend({ expectedVersion: z.number().int().min(0) }),
    args: (ente: string, serviceId: string, expectedVersion: number, _prev: ActionState, fd: FormData) => ({ ente, serviceId, expectedVersion, fd }),
  },
  async ({ ctx }, { serviceId, expectedVersion, fd }): Promise<ActionState> => {
    const t = (await getT(adminTexts)).form;
    let definition: unknown;
    try {
      definition = JSON.parse(String(fd.get("definition") ?? ""));
    } catch {
      throw new BadRequestError("form.invalid_json", {}, { field: "definition" });
    }
    const res = await publishFormVersion(ctx, serviceId, definition, { expectedVersion });
    revalidatePath(`/${ctx.ente.slug}/admin/servizi/${serviceId}/modulo`);
    return { ok: res.changed ? t.published({ version: res.version }) : t.unchanged };
  },
);

export const updateOperatorStepsAction = staffAction(
  { role: "admin", input: service, args: (ente: string, serviceId: string, _prev: ActionState, fd: FormData) => ({ ente, serviceId, fd }) },
  async ({ ctx }, { serviceId, fd }): Promise<ActionState> => {
    await updateOperatorSteps(ctx, serviceId, String(fd.get("operatorSteps") ?? ""));
    revalidatePath(`/${ctx.ente.slug}/admin/servizi/${serviceId}`);
    return { ok: (await getT(adminTexts)).saved };
  },
);
