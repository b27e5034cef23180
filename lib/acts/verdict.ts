import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { acts, pratiche, type Ente } from "@/db/schema";
import { getConfig } from "@/lib/config/env";
import { praticaNumber } from "@/lib/pratiche/number";
import type { VerifyFailure, VerifyResult } from "./verify";

/**
 * The verification page shows its verdict after a redirect (a plain form, no script): the verdict travels in the
 * URL, signed (HMAC, key from AUTH_SECRET) and short-lived, so nobody can make the page say "valid" for a document
 * it never saw. It names the act by id; the page reads the act again, within the ente.
 */
const TTL_MS = 15 * 60_000;
const verdictSchema = z.object({
  e: z.uuid(),
  v: z.boolean(),
  r: z.enum(["not_issued", "no_signature", "bad_signature", "other_certificate", "unreadable"]).optional(),
  a: z.uuid().optional(),
  s: z.string().max(500).optional(),
  t: z.number().optional(),
  x: z.number(),
});

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", getConfig().authSecret, "stanza", "stanza/verify-verdict/v1", 32));
}

function mac(body: string): string {
  return createHmac("sha256", key()).update(body).digest("base64url");
}

export function signVerdict(ente: Ente, result: VerifyResult & { actId?: string }, now: Date = new Date()): string {
  const body = Buffer.from(
    JSON.stringify({ e: ente.id, v: result.valid, r: result.reason, a: result.actId, s: result.seal?.subject, t: result.seal?.signedAt?.getTime(), x: now.getTime() + TTL_MS }),
  ).toString("base64url");
  return `${body}.${mac(body)}`;
}

export type ShownVerdict = {
  valid: boolean;
  reason?: VerifyFailure;
  seal?: { subject: string; signedAt: Date | null };
  act?: { praticaNumero: string; protocolNumber: string | null; protocolDate: Date | null; issuedAt: Date; sealed: boolean };
};

/** The verdict of a signed token for this ente, or null when it is forged, for another ente or expired. */
export async function readVerdict(db: DbOrTx, ente: Ente, token: string, now: Date = new Date()): Promise<ShownVerdict | null> {
  const [body, sig] = token.split(".");
  if (!body || !sig || body.length > 4000) return null;
  const expected = Buffer.from(mac(body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let parsed: z.infer<typeof verdictSchema>;
  try {
    const r = verdictSchema.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
    if (!r.success) return null;
    parsed = r.data;
  } catch {
    return null;
  }
  if (parsed.e !== ente.id || parsed.x < now.getTime()) return null;
  const [row] = parsed.a
    ? await db
        .select({ act: acts, numero: pratiche.numero, praticaId: pratiche.id })
        .from(acts)
        .innerJoin(pratiche, eq(pratiche.id, acts.praticaId))
        .where(and(eq(acts.id, parsed.a), eq(acts.enteId, ente.id)))
    : [];
  return {
    valid: parsed.v,
    reason: parsed.r,
    seal: parsed.s ? { subject: parsed.s, signedAt: parsed.t ? new Date(parsed.t) : null } : undefined,
    act: row
      ? { praticaNumero: praticaNumber({ id: row.praticaId, numero: row.numero }), protocolNumber: row.act.protocolNumber, protocolDate: row.act.protocolDate, issuedAt: row.act.issuedAt, sealed: Boolean(row.act.sealFingerprint) }
      : undefined,
  };
}
