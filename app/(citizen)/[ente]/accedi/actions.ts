"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { signIn } from "@/lib/auth/auth";
import { clientAddress } from "@/lib/auth/client-address";
import { requestSignInLink } from "@/lib/auth/email-link";
import { getEnteBySlug } from "@/lib/enti/get";
import { getLang } from "@/lib/i18n/server";
import { getConfig } from "@/lib/config/env";

function safeNext(ente: string, next: FormDataEntryValue | null): string {
  const value = typeof next === "string" ? next : "";
  // Only paths inside this ente: never an open redirect.
  return value.startsWith(`/${ente}/`) && !value.startsWith("//") ? value : `/${ente}/area-personale`;
}

/** Demo mode's test identity provider: sign in as one of the demo citizens. */
export async function demoIdpLogin(formData: FormData): Promise<void> {
  if (!getConfig().demoMode) throw new Error("demo identity provider is disabled");
  const ente = String(formData.get("ente") ?? "");
  await signIn("demo-idp", { codiceFiscale: String(formData.get("codiceFiscale") ?? ""), redirectTo: safeNext(ente, formData.get("next")) });
}

/** SPID/CIE through the configured OpenID Connect gateway. */
export async function oidcLogin(formData: FormData): Promise<void> {
  const ente = String(formData.get("ente") ?? "");
  await signIn("spid", { redirectTo: safeNext(ente, formData.get("next")) });
}

/** Sends a sign-in link by email (through the outbox). The answer is the same whether or not we know the address. */
export async function emailLinkRequest(formData: FormData): Promise<void> {
  const ente = String(formData.get("ente") ?? "");
  const db = await getDb();
  const found = await getEnteBySlug(db, ente);
  if (!found) redirect("/");
  const next = safeNext(found.slug, formData.get("next"));
  const config = getConfig();
  const result = await requestSignInLink(db, found, formData.get("email"), { appUrl: config.appUrl, lang: await getLang(), next, clientAddress: clientAddress(await headers(), config.trustProxy) });
  const q = new URLSearchParams({ next });
  if (!result.ok) q.set("errore", result.reason);
  if (!result.ok && result.reason === "throttled") q.set("attesa", String(result.retryAfterS));
  else q.set("inviato", "1");
  redirect(`/${found.slug}/accedi?${q.toString()}#email`);
}

/** The link's page posts here: spends the token and signs the citizen in. */
export async function emailLinkConfirm(formData: FormData): Promise<void> {
  const ente = String(formData.get("ente") ?? "");
  const email = String(formData.get("email") ?? "");
  const token = String(formData.get("token") ?? "");
  try {
    await signIn("email-link", { email, token, redirectTo: safeNext(ente, formData.get("next")) });
  } catch (err) {
    if (err instanceof AuthError) redirect(`/${encodeURIComponent(ente)}/accedi/email?errore=1`);
    throw err;
  }
}
