import type { DbOrTx } from "@/db/client";
import { getConfig, type AppConfig } from "@/lib/config/env";

export type ApiDeps = { db: DbOrTx; config: Pick<AppConfig, "demoMode" | "trustProxy"> };

let override: (() => Promise<ApiDeps>) | undefined;

/** The database and settings the API runs on: the app's own, unless a test points it elsewhere. */
export async function apiDeps(): Promise<ApiDeps> {
  if (override) return override();
  const { getDb } = await import("@/db");
  return { db: await getDb(), config: getConfig() };
}

/** For tests and the benchmark: run the route handlers on this database and these settings. */
export function setApiDeps(deps: ApiDeps | undefined): void {
  override = deps ? async () => deps : undefined;
}
