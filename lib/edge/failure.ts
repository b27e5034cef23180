import { ZodError } from "zod";
import { DomainError, ValidationError, zodFieldErrors, type FieldError } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";
import { errorText } from "@/lib/i18n/errors";
import { logger } from "@/lib/ops/log";

/**
 * The one shape of a refusal for every browser entry point (server actions and form/JSON routes): the error's
 * text in the visitor's language, its code, and the text of each refused field keyed by the field's path.
 * Nothing else about the error leaves the server.
 */
export type ActionFailure = { error: string; code: string; fieldErrors: Record<string, string> };

/** What a form's server action answers: a success notice (and secrets shown once), or the refusal's fields. */
export type ActionState = Partial<ActionFailure> & {
  ok?: string;
  /** Done, but something needs the admin's attention (shown with the success message). */
  warning?: string;
  /** Shown once (a partner secret), never stored in clear. */
  secrets?: { label: string; value: string }[];
};

function translateFieldErrors(fieldErrors: readonly FieldError[], lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fieldErrors) out[f.path] ??= errorText(f.code, f.params ?? {}, lang);
  return out;
}

/** What a browser entry point answers for an error, and with which HTTP status (for routes). */
export function toFailure(err: unknown, lang: Lang): { status: number; failure: ActionFailure } {
  if (err instanceof ZodError) err = new ValidationError("request.invalid_input", zodFieldErrors(err.issues));
  if (err instanceof DomainError) {
    const fieldErrors = err instanceof ValidationError ? translateFieldErrors(err.fieldErrors, lang) : {};
    const error = errorText(err.code, err.params, lang);
    if (err.field && !fieldErrors[err.field]) fieldErrors[err.field] = error;
    return { status: err.status, failure: { error, code: err.code, fieldErrors } };
  }
  const id = crypto.randomUUID();
  logger("edge").error({ err, errorId: id }, "unexpected error");
  return { status: 500, failure: { error: errorText("request.internal", {}, lang), code: "request.internal", fieldErrors: {} } };
}

