import type { User } from "@/db/schema";
import { allFields, type FormPage } from "@/lib/services/form-schema";

/** Initial values from the citizen's profile for fields that ask for it (`prefill`); missing data stays empty. */
export function prefillFromProfile(definition: { pages: FormPage[] }, user: Pick<User, "name" | "givenName" | "familyName" | "email" | "phone" | "codiceFiscale">): Record<string, unknown> {
  const source: Record<string, string | null> = {
    name: user.name,
    givenName: user.givenName,
    familyName: user.familyName,
    // Addresses made up for identities without an email are not worth prefilling.
    email: user.email.endsWith(".invalid") ? null : user.email,
    phone: user.phone,
    codiceFiscale: user.codiceFiscale,
  };
  const values: Record<string, unknown> = {};
  for (const field of allFields(definition)) {
    if (!field.prefill) continue;
    const v = source[field.prefill];
    if (v) values[field.name] = v;
  }
  return values;
}
