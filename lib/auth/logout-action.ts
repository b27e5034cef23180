"use server";

import { signOut } from "@/lib/auth/auth";

/** Ends the session and returns to the municipality's home page. */
export async function logout(formData: FormData): Promise<void> {
  const ente = String(formData.get("ente") ?? "");
  await signOut({ redirectTo: /^[a-z0-9-]{1,100}$/.test(ente) ? `/${ente}` : "/" });
}
