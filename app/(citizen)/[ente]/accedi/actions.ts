"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { signIn } from "@/lib/auth/auth";
import { clientAddress } from "@/lib/auth/client-address";
import { safeNext } from "@/lib/auth/safe-next";
import { requestSignInLink } from "@/lib/auth/email-link";
import { demoModeOnly } from "@/lib/config/demo";
import { getConfig } from "@/lib/config/env";
import { publicAction } from "@/lib/edge/actions";
import type { ActionFailure } from "@/lib/edge/failure";
import { ForbiddenError } from "@/lib/errors";
import { enteSlug } from "@/lib/edge/schemas";
import { getEnteBySlug } from "@/lib/enti/get";


const login = z.object({ ente: enteSlug, next: z.string().max(2000).optional() });
const toLoginPage = (raw: Record<string, unknown>) => redirect(`/${enteSlug.catch("").parse(raw.ente)}/accedi?errore=1`);
/** A refusal with its own text (e.g. email login switched off): the code travels, the page says it. */
const toLoginPageWith = (failure: ActionFailure, raw: Record<string, unknown>) =>
  failure.code === "login.email_disabled" ? redirect(`/${enteSlug.catch("").parse(raw.ente)}/accedi?accesso=${failure.code}`) : toLoginPage(raw);

/** Demo mode's test identity provider: sign in as one of the demo citizens. */
export const demoIdpLogin = publicAction(
  { input: login.extend({ codiceFiscale: z.string().max(32).default("") }), onError: (_f, raw) => toLoginPage(raw) },
  async ({ ente, next, codiceFiscale }): Promise<void> => {
    demoModeOnly();
    await signIn("demo-idp", { codiceFiscale, redirectTo: safeNext(ente, next) });
  },
);

/** SPID/CIE through the configured OpenID Connect gateway. */
export const oidcLogin = publicAction({ input: login, onError: (_f, raw) => toLoginPage(raw) }, async ({ ente, next }): Promise<void> => {
  await signIn("spid", { redirectTo: safeNext(ente, next) });
});

/** Sends a sign-in link by email (through the outbox). The answer is the same whether or not we know the address. */
export const emailLinkRequest = publicAction(
  { input: login.extend({ email: z.string().max(320).default("") }), onError: toLoginPageWith },
  async ({ ente, next: wanted, email }, lang): Promise<void> => {
    const db = await getDb();
    const found = await getEnteBySlug(db, ente);
    if (!found) redirect("/");
    const next = safeNext(found.slug, wanted);
    const config = getConfig();
    const result = await requestSignInLink(db, found, email, { appUrl: config.appUrl, lang, next, clientAddress: clientAddress(await headers(), config.trustProxy) });
    if (!result.ok && result.reason === "disabled") throw new ForbiddenError("login.email_disabled");
    const q = new URLSearchParams({ next });
    if (!result.ok) q.set("errore", result.reason);
    if (!result.ok && result.reason === "throttled") q.set("attesa", String(result.retryAfterS));
    else q.set("inviato", "1");
    redirect(`/${found.slug}/accedi?${q.toString()}#email`);
  },
);

/** The link's page posts here: spends the token and signs the citizen in. */
export const emailLinkConfirm = publicAction(
  {
    input: login.extend({ email: z.string().max(320).default(""), token: z.string().max(200).default("") }),
    onError: (_f, raw) => redirect(`/${enteSlug.catch("").parse(raw.ente)}/accedi/email?errore=1`),
  },
  async ({ ente, next, email, token }): Promise<void> => {
    const found = await getEnteBySlug(await getDb(), ente);
    if (!found?.emailLoginEnabled) redirect(`/${ente}/accedi?accesso=login.email_disabled`);
    try {
      await signIn("email-link", { email, token, redirectTo: safeNext(ente, next) });
    } catch (err) {
      if (err instanceof AuthError) redirect(`/${ente}/accedi/email?errore=1`);
      throw err;
    }
  },
);
