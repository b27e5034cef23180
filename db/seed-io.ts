import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { services, type Service } from "./schema";
import { encryptIoKey } from "@/lib/channels/io/keys";
import { getConfig } from "@/lib/config/env";

/**
 * The demo service's IO key: derived from its slug, so the local fake (`npm run io:fake`) knows it without being
 * told. Only ever used against that fake: a real IO rejects it.
 */
export function demoIoKey(serviceSlug: string): string {
  return createHash("sha256").update(`stanza/demo-io-key/${serviceSlug}`).digest("hex").slice(0, 32);
}

/**
 * In demo mode with IO_API_URL set (pointing at `npm run io:fake`), every demo service gets its demo IO key, so
 * the App IO channel can be tried on a laptop. Without IO_API_URL the services have no key and notices go by email.
 */
export async function seedIoKeys(db: Db, svc: Service[]): Promise<void> {
  if (!process.env.IO_API_URL) return;
  let demo = false;
  try {
    demo = getConfig().demoMode;
  } catch {
    demo = false;
  }
  if (!demo) return;
  const at = new Date();
  for (const s of svc) {
    const key = demoIoKey(s.slug);
    await db.update(services).set({ ioApiKeyEnc: encryptIoKey(key), ioKeyHint: key.slice(-4), ioKeySetAt: at }).where(eq(services.id, s.id));
  }
}
