import type { DbOrTx } from "@/db/client";
import { getConfig, type AppConfig } from "@/lib/config/env";
import { rateLimiter, type RateLimiter } from "./rate-limit";

export type ApiDeps = {
  db: DbOrTx;
  config: Pick<AppConfig, "demoMode" | "trustProxy">;
  /** Counts each credential's requests per minute; tests give one with a fixed clock. */
  rateLimiter: RateLimiter;
};

let override: (() => Promise<ApiDeps>) | undefined;

/** The database and settings the API runs on: the app's own, unless a test points it elsewhere. */
export async function apiDeps(): Promise<ApiDeps> {
  if (override) return override();
  const { getDb } = await import("@/db");
  return { db: await getDb(), config: getConfig(), rateLimiter };
}

/** For tests and the benchmark: run the route handlers on this database and these settings (and rate limiter). */
export function setApiDeps(deps: (Omit<ApiDeps, "rateLimiter"> & { rateLimiter?: RateLimiter }) | undefined): void {
  override = deps ? async () => ({ ...deps, rateLimiter: deps.rateLimiter ?? rateLimiter }) : undefined;
}
