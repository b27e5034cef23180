import "server-only";
import { unstable_rethrow } from "next/navigation";
import { DomainError, ValidationError } from "@/lib/errors";
import type { ActionState } from "@/components/admin/action-form";

/**
 * Maps what an admin action threw to what the form shows: a domain error's own message (and field errors),
 * anything else a generic message. Next's redirects (requireStaff) pass through.
 */
export function actionFailure(err: unknown, lang: "it" | "en"): ActionState {
  unstable_rethrow(err);
  if (err instanceof ValidationError) {
    return { error: err.message, fieldErrors: err.fieldErrors.map((f) => ({ path: f.path, message: f.message })) };
  }
  if (err instanceof DomainError) return { error: err.message };
  console.error("admin action failed", err);
  return { error: lang === "it" ? "Si è verificato un errore. Riprova tra poco." : "Something went wrong. Please try again shortly." };
}

/** FormData → plain object for zod: repeated names become arrays when asked. */
export function formObject(fd: FormData, arrays: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(fd.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = fd.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = arrays.includes(key) ? values : values[0];
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}
