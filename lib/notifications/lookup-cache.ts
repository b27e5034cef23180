import { LRUCache } from "lru-cache";

/**
 * Rows a busy worker reads for almost every message (the ente, the service), kept for a few seconds: an admin's
 * change to an ente's settings or a service's email texts reaches the notices within that time.
 */
const LOOKUP_TTL_MS = 10_000;
export const LOOKUP_CACHE_MAX = 1000;
export function shortLivedCache<T extends object>() {
  const entries = new LRUCache<string, T>({ max: LOOKUP_CACHE_MAX, ttl: LOOKUP_TTL_MS });
  const lookup = async (key: string, load: () => Promise<T | undefined>): Promise<T | undefined> => {
    const hit = entries.get(key);
    if (hit) return hit;
    const value = await load();
    if (value === undefined) return undefined;
    entries.set(key, value);
    return value;
  };
  return Object.assign(lookup, { entries });
}
