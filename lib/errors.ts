import { z } from "zod";
import { errorText, isErrorCode, type ErrorCode, type ErrorParams } from "@/lib/i18n/errors";

export type { ErrorCode, ErrorParams };

/**
 * Typed domain errors. Each carries a code (a key of `lib/i18n/errors.ts`), its parameters and, when it concerns
 * one input, that field. Transports translate the code once, at the edge: the UI in the visitor's language, the
 * partner API as problem+json (whose `detail` is the Italian text). `message` is the Italian text, for logs.
 * Anything that is not a DomainError is a bug and surfaces as a generic 500.
 */
export abstract class DomainError extends Error {
  /** The HTTP status this kind of refusal maps to. */
  abstract readonly status: number;
  /** The coarse kind (problem+json `code`): bad_request, not_found, validation_failed… */
  abstract readonly kind: string;
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  /** The input this error is about, when there is one (the UI shows it on that field). */
  readonly field: string | undefined;
  constructor(code: ErrorCode, params: ErrorParams = {}, opts: { field?: string } = {}) {
    super(errorText(code, params, "it"));
    this.name = new.target.name;
    this.code = code;
    this.params = params;
    this.field = opts.field;
  }
}

export class BadRequestError extends DomainError {
  readonly status = 400;
  readonly kind = "bad_request";
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly kind = "unauthorized";
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly kind = "forbidden";
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly kind = "not_found";
}

/** The event is not allowed from the pratica's current state (or not at all). Lists what is. */
export class InvalidTransitionError extends DomainError {
  readonly status = 409;
  readonly kind = "invalid_transition";
  constructor(
    code: ErrorCode,
    params: ErrorParams,
    readonly currentStatus: number,
    readonly allowedEvents: string[],
  ) {
    super(code, params);
  }
}

/** Someone else changed the thing first (e.g. another operator took the pratica in charge). */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly kind = "conflict";
}

/** One refused input: its path (dotted), the code of what is wrong with it and the code's parameters. */
export type FieldError = { path: string; code: ErrorCode; params?: ErrorParams; /** Italian text, for logs and the API. */ message: string };

export function fieldError(path: string, code: ErrorCode, params: ErrorParams = {}): FieldError {
  return { path, code, params, message: errorText(code, params, "it") };
}

export class ValidationError extends DomainError {
  readonly status = 422;
  readonly kind = "validation_failed";
  readonly fieldErrors: FieldError[];
  constructor(code: ErrorCode, fieldErrors: FieldError[] = [], params: ErrorParams = {}) {
    super(code, params, { field: fieldErrors.length === 1 ? fieldErrors[0]!.path : undefined });
    this.fieldErrors = fieldErrors;
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly kind = "payload_too_large";
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly kind = "unsupported_media_type";
}

export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly kind = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super("request.rate_limited", { seconds: retryAfterSeconds });
  }
}

type ZodIssueLike = { path: readonly PropertyKey[]; message: string; code?: string; origin?: string; minimum?: unknown; maximum?: unknown; format?: string; keys?: readonly string[]; params?: Record<string, unknown> };

/**
 * Converts zod issues to field errors. zod's own issues carry a `field.*` code (the error map below) and get zod's
 * bounds as parameters; a schema may name a code of the catalogue as its message (`.min(3, "field.min_chars")`);
 * any other message a schema gives (a form's own texts, already in the visitor's language) is kept as it is.
 */
export function zodFieldErrors(issues: readonly ZodIssueLike[]): FieldError[] {
  return issues.flatMap((i) => {
    const path = i.path.map(String).join(".");
    // Each field a strict object does not know is named as the path of its own error.
    if (i.code === "unrecognized_keys" && i.keys?.length) return i.keys.map((k) => fieldError([...i.path.map(String), k].join("."), "field.unknown_key"));
    if (isErrorCode(i.message)) return fieldError(path, i.message, zodIssueParams(i));
    return fieldError(path, "field.custom", { detail: i.message });
  });
}

// zod's issues without a message of their schema's say which field.* code they are: the edge translates it.
z.config({ customError: (issue) => zodIssueCode(issue as unknown as ZodIssueLike) });

/** The parameters a zod issue's code needs: its bounds, or the ones a custom check gave. */
export function zodIssueParams(i: ZodIssueLike): ErrorParams {
  const out: ErrorParams = {};
  if (typeof i.minimum === "number" || typeof i.minimum === "bigint") out.min = Number(i.minimum);
  if (typeof i.maximum === "number" || typeof i.maximum === "bigint") out.max = Number(i.maximum);
  // A custom check names its code as the message and gives that code's parameters (`ctx.addIssue({ …, params })`).
  if (i.code === "custom" && i.params) for (const [k, v] of Object.entries(i.params)) if (typeof v === "string" || typeof v === "number") out[k] = v;
  return out;
}

function zodIssueCode(i: ZodIssueLike): ErrorCode {
  switch (i.code) {
    case "too_small":
      if (i.origin === "string") return i.minimum === 1 ? "field.required" : "field.min_chars";
      if (i.origin === "array" || i.origin === "set") return i.minimum === 1 ? "field.required" : "field.min_items";
      return "field.min_value";
    case "too_big":
      if (i.origin === "string") return "field.max_chars";
      if (i.origin === "array" || i.origin === "set") return "field.max_items";
      return "field.max_value";
    case "invalid_format":
      return i.format === "email" ? "field.email" : "field.format";
    case "invalid_type":
      return "field.invalid_type";
    case "invalid_value":
      return "field.invalid_value";
    case "unrecognized_keys":
      return "field.unknown_key";
    default:
      return "field.invalid";
  }
}
