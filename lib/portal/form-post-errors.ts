import type { ActionFailure } from "@/lib/edge/failure";

/** The refusals the pratica page can name after a plain form post (its query string carries only these). */
export const FORM_POST_ERRORS = ["too_large", "bad_type", "empty", "files_required", "confirm", "state", "generic", "too_many"] as const;
export type FormPostError = (typeof FORM_POST_ERRORS)[number];

/** A refusal as one of those keys, from its code and status: the page turns it into words, no text is in the URL. */
export function formPostError(failure: Pick<ActionFailure, "code">, status: number): FormPostError {
  if (failure.code === "multipart.too_many_files") return "too_many";
  if (status === 413) return "too_large";
  if (status === 415) return "bad_type";
  if (status === 422) return "empty";
  if (status === 409) return "state";
  return "generic";
}
