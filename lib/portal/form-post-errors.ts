import { DomainError, InvalidTransitionError, ConflictError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError, BadRequestError } from "@/lib/errors";

/** A refusal as a short code for the page's query string (the page turns it into words; no free text in URLs). */
export function errorCode(err: DomainError): string {
  if (err instanceof PayloadTooLargeError) return "too_large";
  if (err instanceof UnsupportedMediaTypeError) return "bad_type";
  if (err instanceof ValidationError) return "empty";
  if (err instanceof InvalidTransitionError || err instanceof ConflictError) return "state";
  if (err instanceof BadRequestError && /Troppi file/.test(err.message)) return "too_many";
  return "generic";
}
