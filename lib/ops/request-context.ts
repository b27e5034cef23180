import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/**
 * The request being served, for the structured logs, the audit rows and the outbox rows (issue 15). The wrappers
 * of lib/edge and the partner API run their handler inside `withRequestContext`; the proxy gives each request an
 * `x-request-id` (kept from a trusted front proxy when it is a plain short token, else new).
 */
export type RequestContext = { requestId: string };

const storage = new AsyncLocalStorage<RequestContext>();

/** A request id as received from outside: kept only when it is a short plain token, so it is safe in logs. */
export function acceptRequestId(value: string | null | undefined): string {
  return value && /^[A-Za-z0-9._:-]{8,128}$/.test(value) ? value : randomUUID();
}

export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request's id, or null outside a request (the worker, tools, tests). */
export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}
