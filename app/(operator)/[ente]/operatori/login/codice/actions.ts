"use server";

import { redirect } from "next/navigation";
import { getAuthSession, requireEnte } from "@/lib/auth/session";
import { verifySessionTotp } from "@/lib/auth/totp";

/** The second step of a staff login: the code from the authenticator app. */
export async function verifyCodeAction(formData: FormData): Promise<void> {
  const { db, ente } = await requireEnte(String(formData.get("ente") ?? ""));
  const session = await getAuthSession();
  if (!session?.mfaPending) redirect(`/${ente.slug}/operatori/login`);
  const result = await verifySessionTotp(db, { userId: session.user.id, sessionId: session.sessionId, code: String(formData.get("code") ?? "").slice(0, 20) });
  // The login page sends a complete session on by role.
  if (result.ok) redirect(`/${ente.slug}/operatori/login`);
  const q = new URLSearchParams({ errore: result.reason });
  if (result.reason === "throttled") q.set("attesa", String(result.retryAfterS));
  redirect(`/${ente.slug}/operatori/login/codice?${q.toString()}`);
}
