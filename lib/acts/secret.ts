import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/config/env";

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

function key(): Buffer {
  const secret = process.env.SEAL_ENCRYPTION_KEY || getConfig().authSecret;
  return Buffer.from(hkdfSync("sha256", secret, "stanza", "stanza/ente-seal/v1", 32));
}

export function sealEncrypt(plain: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `v1.${iv.toString("base64")}.${cipher.getAuthTag().toString("base64")}.${body.toString("base64")}`;
}

export function sealDecrypt(stored: string): Buffer {
  const [v, iv, tag, body] = stored.split(".");
  if (v !== "v1" || !iv || !tag || !body) throw new Error("unknown seal encryption format");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]);
}
