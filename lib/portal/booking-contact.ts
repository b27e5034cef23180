import { atRestCipher } from "@/lib/security/at-rest";

/**
 * A guest's contact between the booking wizard's steps. The wizard keeps its choices in the address (GET steps), but
 * a name, an email and a phone number do not belong in addresses: browser history, proxies and server logs keep
 * them. So the details step posts them, and the address carries them sealed (AES-256-GCM under a key derived from
 * AUTH_SECRET) with the time they were sealed: unreadable to anyone but this server, and refused after SEAL_TTL_MS.
 */
export type GuestContact = { nome: string; email: string; telefono: string };

const SEAL_TTL_MS = 6 * 3_600_000;
const cipher = atRestCipher({ envKey: "BOOKING_CONTACT_KEY", info: "booking-contact" });

export function sealContact(c: GuestContact, now: Date = new Date()): string {
  const plain = JSON.stringify({ n: c.nome.slice(0, 200), e: c.email.slice(0, 254), t: c.telefono.slice(0, 40), at: now.getTime() });
  return Buffer.from(cipher.encrypt(Buffer.from(plain, "utf8")), "utf8").toString("base64url");
}

/** The contact, or null when the seal is not ours, altered or too old. */
export function unsealContact(sealed: string | undefined, now: Date = new Date()): GuestContact | null {
  if (!sealed) return null;
  try {
    const v = JSON.parse(cipher.decrypt(Buffer.from(sealed, "base64url").toString("utf8")).toString("utf8")) as { n?: unknown; e?: unknown; t?: unknown; at?: unknown };
    if (typeof v.n !== "string" || typeof v.e !== "string" || typeof v.t !== "string" || typeof v.at !== "number") return null;
    if (now.getTime() - v.at > SEAL_TTL_MS || v.at - now.getTime() > 60_000) return null;
    return { nome: v.n, email: v.e, telefono: v.t };
  } catch {
    return null;
  }
}
