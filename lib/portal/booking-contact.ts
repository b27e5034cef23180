import { atRestCipher } from "@/lib/security/at-rest";

/**
 * What the booking wizard must not put in an address. The wizard keeps its choices in the address (GET steps), but
 * a guest's name, email and phone, and the reason for the appointment (free text: it may say something about
 * health or family), do not belong there: browser history, proxies and server logs keep addresses. So the steps
 * asking for them post, and the address carries them sealed (`contatto`: AES-256-GCM under a key derived from
 * AUTH_SECRET) with the time they were sealed: unreadable to anyone but this server, and refused after SEAL_TTL_MS.
 */
export type SealedFields = { nome?: string; email?: string; telefono?: string; motivo?: string };
/** A guest's contact, as the details step gives it. */
export type GuestContact = { nome: string; email: string; telefono: string };

const SEAL_TTL_MS = 6 * 3_600_000;
const LIMITS = { nome: 200, email: 254, telefono: 40, motivo: 500 } as const;
const cipher = atRestCipher({ envKey: "BOOKING_CONTACT_KEY", info: "booking-contact" });

export function sealContact(c: SealedFields, now: Date = new Date()): string {
  const data: Record<string, string | number> = { at: now.getTime() };
  for (const k of Object.keys(LIMITS) as (keyof SealedFields)[]) {
    const v = c[k];
    if (typeof v === "string") data[k] = v.slice(0, LIMITS[k]);
  }
  return Buffer.from(cipher.encrypt(Buffer.from(JSON.stringify(data), "utf8")), "utf8").toString("base64url");
}

/** The sealed fields, or null when the seal is not ours, altered or too old. */
export function unsealContact(sealed: string | undefined, now: Date = new Date()): SealedFields | null {
  if (!sealed) return null;
  try {
    const v = JSON.parse(cipher.decrypt(Buffer.from(sealed, "base64url").toString("utf8")).toString("utf8")) as Record<string, unknown>;
    if (typeof v.at !== "number" || now.getTime() - v.at > SEAL_TTL_MS || v.at - now.getTime() > 60_000) return null;
    const out: SealedFields = {};
    for (const k of Object.keys(LIMITS) as (keyof SealedFields)[]) {
      const x = v[k];
      if (x !== undefined && typeof x !== "string") return null;
      if (typeof x === "string") out[k] = x;
    }
    return out;
  } catch {
    return null;
  }
}
