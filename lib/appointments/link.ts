import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { getConfig } from "@/lib/config/env";
import { isUuid } from "@/lib/uuid";

/**
 * The link in a booking's emails that lets the citizen see, cancel or move it without logging in: the booking's id
 * and an HMAC of it under a key derived from AUTH_SECRET. Nothing to store and nothing to guess; changing the secret
 * invalidates every link (the personal area and the office still work).
 */
function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", getConfig().authSecret, "stanza", "appointment-link", 32));
}

function mac(id: string): string {
  return createHmac("sha256", key()).update(`appointment:${id}`).digest("base64url").slice(0, 32);
}

export function manageToken(appointmentId: string): string {
  return `${appointmentId}.${mac(appointmentId)}`;
}

/** The booking's id when the token is one of ours; null otherwise. */
export function appointmentIdFromToken(token: string): string | null {
  const [id, sig, ...rest] = token.split(".");
  if (!id || !sig || rest.length > 0 || !isUuid(id) || sig.length !== 32) return null;
  const expected = Buffer.from(mac(id));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

export function managePath(enteSlug: string, appointmentId: string): string {
  return `/${enteSlug}/appuntamenti/${manageToken(appointmentId)}`;
}
