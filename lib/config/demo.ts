import { notFound } from "next/navigation";
import { getConfig, type AppConfig } from "./env";

/**
 * The demo's own pages and actions (the /posta mailbox, the test identity provider) do not exist outside demo
 * mode: a plain 404, the same answer as any unknown address.
 */
export function demoModeOnly(config: Pick<AppConfig, "demoMode"> = getConfig()): void {
  if (!config.demoMode) notFound();
}
