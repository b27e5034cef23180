"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requestIntegration, takeInCharge } from "@/lib/backoffice/manage";
import { requireStaff } from "@/lib/auth/session";
import { DomainError, ValidationError } from "@/lib/errors";

const slugSchema = z.string().regex(/^[a-z0-9-]{1,100}$/);
const idSchema = z.uuid();

export type FormState = { ok?: boolean; error?: string; fieldErrors?: Record<string, string> };

function toState(err: unknown): FormState {
  if (err instanceof ValidationError)
    return { error: err.message, fieldErrors: Object.fromEntries(err.fieldErrors.map((f) => [f.path, f.message])) };
  if (err instanceof DomainError) return { error: err.message };
  throw err;
}

/** "Sì, sono sicuro": assigns the pratica to me and opens its detail; a lost race comes back as a plain message. */
export async function takeInChargeAction(ente: string, praticaId: string): Promise<{ error?: string }> {
  const slug = slugSchema.parse(ente);
  const id = idSchema.safeParse(praticaId);
  if (!id.success) return { error: "Pratica non trovata" };
  const { ctx } = await requireStaff(slug, "operator");
  try {
    await takeInCharge(ctx, id.data);
  } catch (err) {
    // No revalidation here: the dialog keeps the message until closed, then refreshes the list itself.
    return toState(err);
  }
  redirect(`/${slug}/operatori/pratiche/${id.data}`);
}

export async function requestIntegrationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const slug = slugSchema.parse(form.get("ente"));
  const id = idSchema.parse(form.get("praticaId"));
  const { ctx } = await requireStaff(slug, "operator");
  try {
    await requestIntegration(ctx, id, { message: form.get("message") ?? "" });
  } catch (err) {
    return toState(err);
  }
  revalidatePath(`/${slug}/operatori/pratiche/${id}`);
  return { ok: true };
}

