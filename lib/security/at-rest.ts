import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/config/env";

/**
 * Encryption at rest of a secret kept in the database (the seal's PKCS#12, a payment provider's credentials):
 * AES-256-GCM with a key derived by HKDF from the named environment variable when set, otherwise from AUTH_SECRET,
 * with `info` keeping each use's key apart. Stored as `v1.<iv>.<tag>.<ciphertext>` (base64). Changing the secret
 * makes what was stored unreadable: the admin enters it again.
 */
export type AtRestCipher = { encrypt(plain: Buffer): string; decrypt(stored: string): Buffer };

export function atRestCipher(opts: { envKey: string; info: string }): AtRestCipher {
  const key = () => Buffer.from(hkdfSync("sha256", process.env[opts.envKey] || getConfig().authSecret, "stanza", opts.info, 32));
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key(), iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return `v1.${iv.toString("base64")}.${cipher.getAuthTag().toString("base64")}.${body.toString("base64")}`;
    },
    decrypt(stored) {
      const [v, iv, tag, body] = stored.split(".");
      if (v !== "v1" || !iv || !tag || !body) throw new Error(`unknown encryption format (${opts.info})`);
      const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]);
    },
  };
}
