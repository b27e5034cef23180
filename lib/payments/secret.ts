import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/config/env";

/**
 * Encryption at rest of a payment provider's credentials (API key, callback secret): AES-256-GCM with a key derived
 * (HKDF) from PAYMENTS_ENCRYPTION_KEY when set, otherwise from AUTH_SECRET. Changing that secret makes the stored
 * credentials unreadable: the admin enters them again.
 */
function key(): Buffer {
  const secret = process.env.PAYMENTS_ENCRYPTION_KEY || getConfig().authSecret;
  return Buffer.from(hkdfSync("sha256", secret, "stanza", "stanza/payment-provider/v1", 32));
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1.${iv.toString("base64")}.${cipher.getAuthTag().toString("base64")}.${body.toString("base64")}`;
}

export function decryptSecret(stored: string): string {
  const [v, iv, tag, body] = stored.split(".");
  if (v !== "v1" || !iv || !tag || !body) throw new Error("unknown payment secret format");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}

/** The demo provider's callback key when the ente has no settings row: derived, so every instance agrees on it. */
export function derivedDemoCallbackSecret(enteId: string): string {
  return Buffer.from(hkdfSync("sha256", getConfig().authSecret, enteId, "stanza/demo-payments/v1", 32)).toString("hex");
}
