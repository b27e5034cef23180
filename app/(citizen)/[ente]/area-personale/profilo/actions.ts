"use server";

import { cookies } from "next/headers";
import { requireCitizen } from "@/lib/auth/session";
import { LANG_COOKIE } from "@/lib/i18n";
import { ValidationError } from "@/lib/errors";
import { updateProfile } from "@/lib/profile/update";

/** `values`: what was submitted, so a refused form shows the citizen's input again (React resets the form). */
export type ProfileState = { ok: boolean; message: string; errors: Record<string, string>; values: { name?: string; email: string; phone: string; language: string; emailNotifications: boolean } } | null;

export async function saveProfileAction(_prev: ProfileState, formData: FormData): Promise<ProfileState> {
  const ente = String(formData.get("ente") ?? "");
  const { ctx } = await requireCitizen(ente, `/${ente}/area-personale/profilo`);
  const input = {
    name: formData.has("name") ? String(formData.get("name")) : undefined,
    email: String(formData.get("email") ?? ""),
    phone: String(formData.get("phone") ?? ""),
    language: String(formData.get("language") ?? ""),
    emailNotifications: formData.get("notifications") === "email",
  };
  try {
    const user = await updateProfile(ctx, input);
    // The site follows the language chosen for messages.
    (await cookies()).set(LANG_COOKIE, user.language, { path: "/", sameSite: "lax", maxAge: 365 * 86_400 });
    return { ok: true, message: "", errors: {}, values: { ...input, email: user.email, phone: user.phone ?? "" } };
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, message: err.message, errors: Object.fromEntries(err.fieldErrors.map((e) => [e.path, e.message])), values: input };
    throw err;
  }
}
