"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireCitizen } from "@/lib/auth/session";
import { DomainError, ValidationError } from "@/lib/errors";
import { getLang } from "@/lib/i18n/server";
import { deleteDraft } from "@/lib/pratiche/drafts";
import { submitPratica } from "@/lib/pratiche/submit";
import { transition } from "@/lib/workflow/transition";

const slugSchema = z.string().regex(/^[a-z0-9-]{1,100}$/);
const idSchema = z.uuid();

function parseIds(ente: unknown, id: unknown): { ente: string; id: string } | null {
  const e = slugSchema.safeParse(ente);
  const i = idSchema.safeParse(id);
  return e.success && i.success ? { ente: e.data, id: i.data } : null;
}

export async function deleteDraftAction(formData: FormData): Promise<void> {
  const ids = parseIds(formData.get("ente"), formData.get("id"));
  if (!ids) redirect("/");
  const { ctx } = await requireCitizen(ids.ente);
  try {
    await deleteDraft(ctx, ids.id);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    redirect(`/${ids.ente}/area-personale?esito=errore`);
  }
  redirect(`/${ids.ente}/area-personale?esito=bozza-eliminata`);
}

export type SubmitState = { message: string; fieldErrors: { path: string; message: string }[] } | null;

/** Submission from the summary page: the server validates again (it is the authority) and fires `submit`. */
export async function submitAction(_prev: SubmitState, formData: FormData): Promise<SubmitState> {
  const ids = parseIds(formData.get("ente"), formData.get("id"));
  if (!ids) return { message: "Richiesta non valida", fieldErrors: [] };
  const { ctx } = await requireCitizen(ids.ente);
  try {
    await submitPratica(ctx, ids.id, { lang: await getLang() });
  } catch (err) {
    if (err instanceof ValidationError) return { message: err.message, fieldErrors: err.fieldErrors };
    if (err instanceof DomainError) return { message: err.message, fieldErrors: [] };
    throw err;
  }
  redirect(`/${ids.ente}/area-personale/pratiche/${ids.id}?esito=inviata`);
}

// No version check: the registry numbering the pratica meanwhile must not block a withdrawal; the workflow
// table still refuses it once the pratica is decided.
const withdrawSchema = z.object({ reason: z.string().trim().max(2000).optional(), confirm: z.literal("on") });

/** The citizen withdraws a pratica the service allows to withdraw (the workflow checks state and option). */
export async function withdrawAction(formData: FormData): Promise<void> {
  const ids = parseIds(formData.get("ente"), formData.get("id"));
  if (!ids) redirect("/");
  const back = `/${ids.ente}/area-personale/pratiche/${ids.id}`;
  const { ctx } = await requireCitizen(ids.ente, back);
  const parsed = withdrawSchema.safeParse({ reason: formData.get("reason") ?? undefined, confirm: formData.get("confirm") });
  if (!parsed.success) redirect(`${back}?errore=confirm#ritiro`);
  try {
    await transition(ctx, ids.id, "withdraw", { message: parsed.data.reason || undefined });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    redirect(`${back}?errore=state`);
  }
  redirect(`${back}?esito=ritirata`);
}
