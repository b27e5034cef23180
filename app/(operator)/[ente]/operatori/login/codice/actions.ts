"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getAuthSession, requireEnte } from "@/lib/auth/session";
import { verifySessionTotp } from "@/lib/auth/totp";
import { publicAction } from "@/lib/edge/actions";
import { enteSlug } from "@/lib/edge/schemas";

/** The second step of a staff login: the code from the authenticator app. */
export const verifyCodeAction = publicAction(
  {
    input: z.object({ ente: enteSlug, code: z.string().default("").transform((c) => c.slice(0, 20)) }),
    onError: (_f, raw) => redirect(`/${enteSlug.catch("").parse(raw.ente)}/operatori/login/codice?errore=invalid`),
  },
  async ({ ente: slug, code }): Promise<void> => {
    const { db, ente } = await requireEnte(slug);
    const session = await getAuthSession();
    if (!session?.mfaPending) redirect(`/${ente.slug}/operatori/login`);
    const result = await verifySessionTotp(db, { userId: session.user.id, sessionId: session.sessionId, code });
    // The login page sends a complete session on by role.
    if (result.ok) redirect(`/${ente.slug}/operatori/login`);
    const q = new URLSearchParams({ errore: result.reason });
    if (result.reason === "throttled") q.set("attesa", String(result.retryAfterS));
    redirect(`/${ente.slug}/operatori/login/codice?${q.toString()}`);
  },
);
