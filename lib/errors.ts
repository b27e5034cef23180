/**
 * Typed domain errors. Each transport maps them once (API: problem+json with the status below;
 * UI: a plain message). Anything that is not a DomainError is a bug and surfaces as a generic 500.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends DomainError {
  readonly status = 400;
  readonly code = "bad_request";
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly code = "unauthorized";
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = "forbidden";
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = "not_found";
  constructor(what = "Risorsa") {
    super(`${what} non trovata`);
  }
}

/** The event is not allowed from the pratica's current state (or not at all). Lists what is. */
export class InvalidTransitionError extends DomainError {
  readonly status = 409;
  readonly code = "invalid_transition";
  constructor(
    message: string,
    readonly currentStatus: number,
    readonly allowedEvents: string[],
  ) {
    super(message);
  }
}

/** Someone else changed the thing first (e.g. another operator took the pratica in charge). */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code = "conflict";
}

export type FieldError = { path: string; message: string };

export class ValidationError extends DomainError {
  readonly status = 422;
  readonly code = "validation_failed";
  constructor(
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = "payload_too_large";
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = "unsupported_media_type";
}

export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super("Troppe richieste: riprova più tardi");
  }
}

/** Converts zod issues to our field errors. */
export function zodFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldError[] {
  return issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}
