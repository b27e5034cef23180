"use server";

import { redirect } from "next/navigation";
import { requireStaffMember } from "@/lib/auth/session";
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment, type TotpResult } from "@/lib/auth/totp";
import { ValidationError } from "@/lib/errors";

const page = (slug: string) => `/${slug}/operatori/sicurezza`;

function failure(slug: string, result: Exclude<TotpResult, { ok: true }>): never {
  const q = new URLSearchParams({ errore: result.reason });
  if (result.reason === "throttled") q.set("attesa", String(result.retryAfterS));
  redirect(`${page(slug)}?${q.toString()}`);
}

/** A new secret to add to the authenticator app (not active until a first code confirms it). */
export async function startTotpAction(formData: FormData): Promise<void> {
  const { db, ente, user } = await requireStaffMember(String(formData.get("ente") ?? ""));
  if (!user.totpEnabledAt) await startTotpEnrolment(db, user.id);
  redirect(page(ente.slug));
}

export async function confirmTotpAction(formData: FormData): Promise<void> {
  const { db, ente, user } = await requireStaffMember(String(formData.get("ente") ?? ""));
  const result = await confirmTotpEnrolment(db, user.id, String(formData.get("code") ?? "").slice(0, 20));
  if (!result.ok) failure(ente.slug, result);
  redirect(`${page(ente.slug)}?esito=attivata`);
}

/** Turning the factor off ends every session of the account: the next page is the login. */
export async function disableTotpAction(formData: FormData): Promise<void> {
  const { db, ente, user } = await requireStaffMember(String(formData.get("ente") ?? ""));
  let result: TotpResult;
  try {
    result = await disableTotp(db, user.id, String(formData.get("code") ?? "").slice(0, 20));
  } catch (err) {
    if (err instanceof ValidationError) redirect(`${page(ente.slug)}?errore=richiesta`);
    throw err;
  }
  if (!result.ok) failure(ente.slug, result);
  redirect(`/${ente.slug}/operatori/login`);
}
