import type { User } from "@/db/schema";

/**
 * Where a citizen's digital domicile (domicilio digitale, a PEC address) is found. Today the profile's own address;
 * INAD (the national index of digital domiciles, CAD art. 6-quater) will be another implementation, looked up by
 * codice fiscale, in front of the profile's.
 */
export interface DomicileLookup {
  /** The citizen's PEC address, or null when none is known. */
  domicileOf(user: Pick<User, "id" | "codiceFiscale" | "pecAddress">): Promise<string | null>;
}

/** The address the citizen gave in the profile (lib/profile/update.ts validates it). */
export const profileDomicile: DomicileLookup = {
  async domicileOf(user) {
    const a = user.pecAddress?.trim();
    return a ? a : null;
  },
};
