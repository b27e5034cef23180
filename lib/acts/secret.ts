import { getConfig } from "@/lib/config/env";
import { atRestCipher } from "@/lib/security/at-rest";

/**
 * Encryption at rest of the seal's PKCS#12 and passphrase: AES-256-GCM with a key derived (HKDF) from
 * SEAL_ENCRYPTION_KEY when set, otherwise from AUTH_SECRET. Changing that secret makes a stored seal unreadable:
 * the admin then uploads the certificate again.
 */
/** Whether this process can encrypt a seal (a tool run without AUTH_SECRET, like `npm run db:seed`, cannot). */
export function sealKeyAvailable(): boolean {
  if (process.env.SEAL_ENCRYPTION_KEY) return true;
  try {
    return Boolean(getConfig().authSecret);
  } catch {
    return false;
  }
}

const seal = atRestCipher({ envKey: "SEAL_ENCRYPTION_KEY", info: "stanza/ente-seal/v1" });

export function sealEncrypt(plain: Buffer): string {
  return seal.encrypt(plain);
}

export function sealDecrypt(stored: string): Buffer {
  return seal.decrypt(stored);
}
