"use server";

import type { ActionState } from "@/components/admin/action-form";
import { setPasswordWithToken } from "@/lib/admin/staff-tokens";
import { requireEnte } from "@/lib/auth/session";
import { DomainError, ValidationError } from "@/lib/errors";
import { pick } from "@/lib/i18n";
import { adminTexts } from "@/lib/i18n/admin";
import { getLang } from "@/lib/i18n/server";

/** Anonymous by design: the link's token is the credential (single-use, expiring, stored hashed). */
export async function setPasswordAction(slug: string, token: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const { db, ente } = await requireEnte(slug);
  const lang = await getLang();
  const t = pick(adminTexts, lang).setPassword;
  const password = String(fd.get("password") ?? "");
  const confirm = String(fd.get("confirm") ?? "");
  if (password !== confirm) return { error: t.mismatch, fieldErrors: [{ path: "confirm", message: t.mismatch }] };
  try {
    await setPasswordWithToken(db, ente, token, password);
    return { ok: t.done };
  } catch (err) {
    if (err instanceof ValidationError) return { error: err.message, fieldErrors: err.fieldErrors };
    if (err instanceof DomainError) return { error: err.message };
    console.error("set password failed", err);
    return { error: lang === "it" ? "Si è verificato un errore. Riprova tra poco." : "Something went wrong. Please try again shortly." };
  }
}
