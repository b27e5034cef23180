import { hkdfSync } from "node:crypto";
import { getConfig } from "@/lib/config/env";
import { atRestCipher } from "@/lib/security/at-rest";

/**
 * Encryption at rest of a payment provider's credentials (API key, callback secret): AES-256-GCM with a key derived
 * (HKDF) from PAYMENTS_ENCRYPTION_KEY when set, otherwise from AUTH_SECRET. Changing that secret makes the stored
 * credentials unreadable: the admin enters them again.
 */
const cipher = atRestCipher({ envKey: "PAYMENTS_ENCRYPTION_KEY", info: "stanza/payment-provider/v1" });

export function encryptSecret(plain: string): string {
  return cipher.encrypt(Buffer.from(plain, "utf8"));
}

export function decryptSecret(stored: string): string {
  return cipher.decrypt(stored).toString("utf8");
}

/** The demo provider's callback key when the ente has no settings row: derived, so every instance agrees on it. */
export function derivedDemoCallbackSecret(enteId: string): string {
  return Buffer.from(hkdfSync("sha256", getConfig().authSecret, enteId, "stanza/demo-payments/v1", 32)).toString("hex");
}
