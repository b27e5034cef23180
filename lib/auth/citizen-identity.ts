import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { users, type User } from "@/db/schema";
import { isValidCodiceFiscale, normalizeCodiceFiscale } from "@/lib/services/codice-fiscale";

/** What SPID/CIE gateways put in the OIDC profile (names vary a little between gateways). */
const identitySchema = z.object({
  fiscal_number: z.string().optional(),
  fiscalNumber: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  phone_number: z.string().optional(),
});

/**
 * Finds or creates the citizen an identity provider vouched for, keyed by codice fiscale (SPID's
 * `fiscalNumber` may carry a "TINIT-" prefix). Name and codice fiscale come from the identity.
 */
export async function upsertCitizenFromIdentity(db: DbOrTx, profile: unknown): Promise<User> {
  const p = identitySchema.parse(profile);
  const rawCf = (p.fiscal_number ?? p.fiscalNumber ?? "").replace(/^TINIT-/i, "");
  const cf = normalizeCodiceFiscale(rawCf);
  if (!isValidCodiceFiscale(cf)) throw new Error("identity provider returned no valid codice fiscale");
  const name = p.name ?? [p.given_name, p.family_name].filter(Boolean).join(" ") ?? cf;
  const [existing] = await db.select().from(users).where(eq(users.codiceFiscale, cf));
  if (existing) {
    const [updated] = await db
      .update(users)
      .set({ name: name || existing.name, givenName: p.given_name ?? existing.givenName, familyName: p.family_name ?? existing.familyName, lastLoginAt: new Date() })
      .where(eq(users.id, existing.id))
      .returning();
    return updated ?? existing;
  }
  const email = (p.email ?? `${cf.toLowerCase()}@no-email.invalid`).toLowerCase();
  const [created] = await db
    .insert(users)
    .values({ email, name: name || cf, givenName: p.given_name, familyName: p.family_name, codiceFiscale: cf, phone: p.phone_number, lastLoginAt: new Date(), emailNotifications: Boolean(p.email) })
    .returning();
  if (!created) throw new Error("citizen insert returned nothing");
  return created;
}
