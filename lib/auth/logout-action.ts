"use server";

import { getDb } from "@/db";
import { auth, signOut } from "@/lib/auth/auth";
import { endAuthSession } from "./sessions";

/**
 * Ends the session on the server (its row goes, so a copy of the cookie is worthless on every instance), then
 * clears the cookie and returns to the municipality's home page.
 */
export async function logout(formData: FormData): Promise<void> {
  const ente = String(formData.get("ente") ?? "");
  const sid = (await auth())?.user?.sid;
  if (sid) await endAuthSession(await getDb(), sid);
  await signOut({ redirectTo: /^[a-z0-9-]{1,100}$/.test(ente) ? `/${ente}` : "/" });
}
