import "server-only";
import { getConfig } from "@/lib/config/env";
import { ForbiddenError } from "@/lib/errors";
import { isSameOriginRequest } from "./origin";

/** Refuses (403, `request.cross_site`) a state-changing request that does not come from a page of this site. */
export function assertSameOrigin(headers: Headers): void {
  const config = getConfig();
  if (!isSameOriginRequest(headers, { trustProxy: config.trustProxy, appUrl: config.appUrl })) throw new ForbiddenError("request.cross_site");
}

/** FormData → plain object for zod: repeated names become arrays when asked; files are left out. */
export function formObject(fd: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(fd.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = fd.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = arrays.includes(key) ? values : values[0];
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}
