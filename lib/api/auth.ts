import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { DbOrTx } from "@/db/client";
import { enti, partners, type Ente, type Partner } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { isSlug } from "@/lib/slug";

export type BasicCredentials = { user: string; secret: string };

/** `Authorization: Basic base64(user:secret)`; null when absent or malformed. */
export function parseBasicAuth(header: string | null): BasicCredentials | null {
  if (!header) return null;
  const match = /^Basic[ ]+([A-Za-z0-9+/=_-]{1,1024})[ ]*$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  const user = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (!secret || user.length > 100 || secret.length > 512) return null;
  return { user, secret };
}

/**
 * Verified (secret, stored hash) pairs. scrypt costs tens of milliseconds on purpose; re-verifying the same
 * pair on every request would make that the API's throughput. The key binds the secret to the stored hash,
 * so a rotated secret or a changed hash misses the cache (the partner row itself is cached only briefly, see
 * loadPartner). Only a digest is kept, never the secret.
 */
const VERIFIED_TTL_MS = 5 * 60_000;
export const VERIFIED_MAX = 1000;
export const verifiedSecrets = new LRUCache<string, true>({ max: VERIFIED_MAX, ttl: VERIFIED_TTL_MS });

function cacheKey(secret: string, storedHash: string): string {
  return createHash("sha256").update(storedHash).update("\0").update(secret).digest("hex");
}

async function secretMatches(secret: string, storedHash: string): Promise<boolean> {
  const key = cacheKey(secret, storedHash);
  if (verifiedSecrets.get(key)) return true;
  if (!(await verifyPassword(secret, storedHash))) return false;
  verifiedSecrets.set(key, true);
  return true;
}

let dummyHash: Promise<string> | undefined;

export type AuthenticatedPartner = { partner: Partner; ente: Ente };

/**
 * Partner rows (with their ente) by slug, per database, for a few seconds. Reading the row on every request was a
 * quarter of the API's own cost per call. Every change made through Stanza (admin pages, credentials, rotation)
 * clears the cache of the process at once; a change made on another instance, or straight in the database, is
 * seen within PARTNER_TTL_MS. State that matters per pratica (the partner's binding to the service, the ente) is
 * still checked inside each request's own queries.
 */
export const PARTNER_TTL_MS = 5_000;
export const PARTNER_CACHE_MAX = 1000;
type CachedPartner = { row: AuthenticatedPartner; until: number; generation: number };
type PartnerCache = { generation: number; byDb: WeakMap<object, LRUCache<string, CachedPartner>> };
// On globalThis: the admin pages and the API routes may be bundled as separate module instances in one server.
// `__stanzaPartnerCache2`: an older build's shape (plain Maps) must not be picked up by a hot reload.
const cache = ((globalThis as { __stanzaPartnerCache2?: PartnerCache }).__stanzaPartnerCache2 ??= { generation: 0, byDb: new WeakMap() });

/** The partner rows cached for one database (at most PARTNER_CACHE_MAX, least recently used out first). */
export function partnerCacheFor(db: DbOrTx): LRUCache<string, CachedPartner> {
  let bySlug = cache.byDb.get(db);
  if (!bySlug) {
    bySlug = new LRUCache({ max: PARTNER_CACHE_MAX });
    cache.byDb.set(db, bySlug);
  }
  return bySlug;
}

/** Forget every cached partner row of this process: called by whatever changes a partner or its secret. */
export function forgetCachedPartners(): void {
  cache.generation += 1;
}

async function loadPartner(db: DbOrTx, slug: string, now: number): Promise<AuthenticatedPartner | undefined> {
  const bySlug = partnerCacheFor(db);
  const hit = bySlug.get(slug);
  if (hit && hit.until > now && hit.generation === cache.generation) return hit.row;
  const generation = cache.generation;
  const [row] = await db.select({ partner: partners, ente: enti }).from(partners).innerJoin(enti, eq(enti.id, partners.enteId)).where(eq(partners.slug, slug));
  if (!row) return undefined;
  // A change that landed while the row was being read bumped the generation: this row is not kept.
  if (generation === cache.generation) bySlug.set(slug, { row, until: now + PARTNER_TTL_MS, generation });
  return row;
}

/**
 * The partner behind a Basic credential, with its ente. Unknown names, wrong secrets and disabled partners all
 * answer the same 401 after the same hashing time, so the answer reveals nothing about which was wrong.
 */
export async function authenticatePartner(db: DbOrTx, header: string | null, now = Date.now()): Promise<AuthenticatedPartner> {
  const creds = parseBasicAuth(header);
  if (!creds) throw new UnauthorizedError("auth.basic_required");
  const row = isSlug(creds.user) ? await loadPartner(db, creds.user, now) : undefined;
  if (!row) {
    dummyHash ??= hashPassword("stanza-no-such-partner");
    await verifyPassword(creds.secret, await dummyHash);
    throw new UnauthorizedError("auth.bad_credentials");
  }
  const ok = await secretMatches(creds.secret, row.partner.secretHash);
  if (!ok || row.partner.disabledAt) throw new UnauthorizedError("auth.bad_credentials");
  return row;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * Whether the request reached us over TLS. With TRUST_PROXY on (a TLS proxy we control sets it), the first
 * X-Forwarded-Proto decides. With it off no forwarded header counts — and neither does the URL's scheme when the
 * request carries X-Forwarded-Proto at all: Next.js builds a route handler's URL scheme from that header (and
 * sets the header itself only when the client sent none), so an https URL next to the header proves nothing.
 * `next start` never terminates TLS itself: behind a TLS proxy, set TRUST_PROXY.
 */
export function isHttps(req: Request, trustProxy: boolean): boolean {
  const proto = req.headers.get("x-forwarded-proto");
  if (trustProxy && proto !== null) return proto.split(",")[0]?.trim().toLowerCase() === "https";
  if (proto !== null) return false;
  return new URL(req.url).protocol === "https:";
}

const LOOPBACK_ADDRESSES = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * A route handler cannot see the socket. Next fills X-Forwarded-For with the socket's address when the client
 * sent none, so "loopback" is: the URL host is a loopback name and X-Forwarded-For is absent or exactly one
 * loopback address. A request relayed by a proxy (which appends the client's address) is never loopback.
 * Headers can be forged, but only by a client sending its own credentials in clear: the rule protects honest
 * clients from a misconfigured http URL, it is not an access control.
 */
export function isLoopback(req: Request): boolean {
  if (req.headers.has("forwarded")) return false;
  const xff = req.headers.get("x-forwarded-for");
  if (xff !== null && !LOOPBACK_ADDRESSES.has(xff.trim().toLowerCase())) return false;
  const host = new URL(req.url).hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host);
}

/** Basic credentials travel in clear over plain http: refused except on loopback and in demo mode. */
export function assertSecureTransport(req: Request, opts: { trustProxy: boolean; demoMode: boolean }): void {
  if (opts.demoMode || isHttps(req, opts.trustProxy) || isLoopback(req)) return;
  throw new ForbiddenError("auth.https_required");
}
