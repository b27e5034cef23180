import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

/** scrypt with a random salt, stored as `scrypt$N$r$p$salt$hash` (base64url) so parameters can evolve. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  // Always spend the hashing time, so a missing account and a wrong password take as long.
  const parts = (stored ?? "").split("$");
  const [algo, n, r, p, saltB64, hashB64] = parts;
  const valid = algo === "scrypt" && n && r && p && saltB64 && hashB64;
  const salt = valid ? Buffer.from(saltB64, "base64url") : randomBytes(16);
  const expected = valid ? Buffer.from(hashB64, "base64url") : randomBytes(KEYLEN);
  const key = await scrypt(password, salt, expected.length, {
    N: valid ? Number(n) : N,
    r: valid ? Number(r) : R,
    p: valid ? Number(p) : P,
  });
  return Boolean(valid) && key.length === expected.length && timingSafeEqual(key, expected);
}
