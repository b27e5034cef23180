import { randomUUID } from "node:crypto";
import { DomainError, InvalidTransitionError, RateLimitedError, ValidationError, type FieldError } from "@/lib/errors";
import { statusName } from "@/lib/workflow/states";
import { logger } from "@/lib/ops/log";

/** RFC 9457 problem details: the one error shape of the partner API. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The kind of problem: bad_request, not_found, validation_failed, invalid_transition… */
  code: string;
  /** The precise reason, a stable code (e.g. `pratica.taken_by_other`); `detail` is its Italian text. */
  reason?: string;
  /** Validation failures, one per field (422). */
  errors?: FieldError[];
  /** Forbidden transitions (409): what the pratica's current state allows. */
  allowed_events?: string[];
  current_status?: number;
  current_status_name?: string;
  /** Rate limit (429): seconds until the next window. */
  retry_after?: number;
  /** Unexpected errors (500): the id under which the error was logged. */
  error_id?: string;
};

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemType(code: string): string {
  return `/api/docs#problem-${code}`;
}

/** Below this size an answer is sent as is: gzip would cost the server and the client more than it saves. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * A JSON answer. Next's gzip skips small bodies only when it knows their length, and Next does not pass a route's
 * Content-Length on, so small answers (most of the API's traffic) say `no-transform` instead, which the
 * compression step honours; lists past 1 KiB are still compressed for clients that accept it.
 */
export function jsonResponse(body: unknown, init: { status: number; headers: Record<string, string> }): Response {
  const text = JSON.stringify(body);
  const headers = { ...init.headers };
  if (Buffer.byteLength(text) < COMPRESS_FROM_BYTES) {
    headers["cache-control"] = headers["cache-control"] ? `${headers["cache-control"]}, no-transform` : "no-transform";
  }
  return new Response(text, { status: init.status, headers });
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return jsonResponse(problem, { status: problem.status, headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...headers } });
}

export function makeProblem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: problemType(code), title: TITLES[status] ?? "Error", status, detail, code, ...extra };
}

/**
 * The one error table: typed domain errors become their status and code; anything else is a bug and becomes
 * a generic 500 that says nothing about the cause (which is logged with an id the partner can quote).
 */
export function errorToResponse(err: unknown, instance?: string): Response {
  if (err instanceof DomainError) {
    const extra: Partial<Problem> = instance ? { instance } : {};
    const headers: Record<string, string> = {};
    if (err instanceof ValidationError) extra.errors = err.fieldErrors;
    if (err instanceof InvalidTransitionError) {
      extra.allowed_events = err.allowedEvents;
      extra.current_status = err.currentStatus;
      extra.current_status_name = statusName(err.currentStatus);
    }
    if (err instanceof RateLimitedError) {
      extra.retry_after = err.retryAfterSeconds;
      headers["retry-after"] = String(err.retryAfterSeconds);
    }
    if (err.status === 401) headers["www-authenticate"] = 'Basic realm="Stanza API", charset="UTF-8"';
    return problemResponse(makeProblem(err.status, err.kind, err.message, { reason: err.code, ...extra }), headers);
  }
  const errorId = randomUUID();
  logger("api").error({ err, errorId }, "unexpected error");
  return problemResponse(
    makeProblem(500, "internal_error", "Errore interno: riprova più tardi o contatta l'assistenza citando error_id", {
      error_id: errorId,
      ...(instance ? { instance } : {}),
    }),
  );
}
