"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireStaffMember } from "@/lib/auth/session";
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment, type TotpResult } from "@/lib/auth/totp";
import { publicAction } from "@/lib/edge/actions";
import { enteSlug } from "@/lib/edge/schemas";

const page = (slug: string) => `/${slug}/operatori/sicurezza`;

function failure(slug: string, result: Exclude<TotpResult, { ok: true }>): never {
  const q = new URLSearchParams({ errore: result.reason });
  if (result.reason === "throttled") q.set("attesa", String(result.retryAfterS));
  redirect(`${page(slug)}?${q.toString()}`);
}

// Signed-in staff of any role (requireStaffMember): the page is where an admin the ente obliges must enrol.
const withCode = {
  input: z.object({ ente: enteSlug, code: z.string().default("").transform((c) => c.slice(0, 20)) }),
  onError: (_f: unknown, raw: Record<string, unknown>) => redirect(`${page(enteSlug.catch("").parse(raw.ente))}?errore=richiesta`),
};

/** A new secret to add to the authenticator app (not active until a first code confirms it). */
export const startTotpAction = publicAction(withCode, async ({ ente: slug }): Promise<void> => {
  const { db, ente, user } = await requireStaffMember(slug);
  if (!user.totpEnabledAt) await startTotpEnrolment(db, user.id);
  redirect(page(ente.slug));
});

export const confirmTotpAction = publicAction(withCode, async ({ ente: slug, code }): Promise<void> => {
  const { db, ente, user } = await requireStaffMember(slug);
  const result = await confirmTotpEnrolment(db, user.id, code);
  if (!result.ok) failure(ente.slug, result);
  redirect(`${page(ente.slug)}?esito=attivata`);
});

/** Turning the factor off ends every session of the account: the next page is the login. */
export const disableTotpAction = publicAction(withCode, async ({ ente: slug, code }): Promise<void> => {
  const { db, ente, user } = await requireStaffMember(slug);
  const result = await disableTotp(db, user.id, code);
  if (!result.ok) failure(ente.slug, result);
  redirect(`/${ente.slug}/operatori/login`);
});
