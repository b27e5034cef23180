import { randomBytes } from "node:crypto";
import { lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { samlRequests, type Ente } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { REQUEST_TTL_MS, authnRequestUrl } from "./saml";
import { spUrls, type SpidSetup } from "./setup";

/** An AuthnRequest ID: an NCName (starts with "_"), 160 random bits. */
export const newRequestId = () => `_${randomBytes(20).toString("hex")}`;

/**
 * Starts a SPID or CIE login with the identity provider `idpId`: records the AuthnRequest (so any instance can
 * check the answer) and returns the signed redirect to the provider. Expired requests are cleared on the way.
 */
export async function startSamlLogin(
  db: DbOrTx,
  ente: Pick<Ente, "id" | "slug">,
  input: { idpId: string; level: 1 | 2 | 3; next: string | null },
  opts: { appUrl: string; setup: SpidSetup; now?: Date },
): Promise<{ url: string; requestId: string }> {
  const idp = opts.setup.idps.find((i) => i.id === input.idpId);
  if (!idp) throw new NotFoundError("spid.unknown_idp");
  const now = opts.now ?? new Date();
  const id = newRequestId();
  const u = spUrls(opts.appUrl, ente);
  const url = await authnRequestUrl({ entityId: u.entityId, acs: u.acs, sp: opts.setup.sp }, idp, id, input.level);
  await db.delete(samlRequests).where(lt(samlRequests.expiresAt, now));
  await db.insert(samlRequests).values({
    id,
    enteId: ente.id,
    idpEntityId: idp.entityId,
    method: idp.kind,
    level: input.level,
    next: input.next,
    createdAt: now,
    expiresAt: new Date(now.getTime() + REQUEST_TTL_MS),
  });
  return { url, requestId: id };
}
