import { acceptRequestId, withRequestContext } from "@/lib/ops/request-context";

/** The request id's header: set on every request and answer by proxy.ts. */
export const REQUEST_ID_HEADER = "x-request-id";

/** The request's id as the proxy set it (a fresh one when there is none: a handler called without the proxy). */
export function requestIdOf(headers: Headers | null | undefined): string {
  return acceptRequestId(headers?.get(REQUEST_ID_HEADER));
}

/** Runs a wrapper's work in the request's context: its logs, audit rows and outbox rows carry the request id. */
export function inRequestContext<T>(headers: Headers | null | undefined, fn: () => Promise<T>): Promise<T> {
  return withRequestContext({ requestId: requestIdOf(headers) }, fn);
}
