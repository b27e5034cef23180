import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generate } from "selfsigned";

export type KeyPair = { privateKey: string; certificate: string };

/** The base64 body of a PEM certificate, as it goes in <ds:X509Certificate>. */
export const certBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");

export function readKeyPair(keyFile: string, certFile: string): KeyPair {
  return { privateKey: readFileSync(keyFile, "utf8"), certificate: readFileSync(certFile, "utf8") };
}

const pending = new Map<string, Promise<KeyPair>>();

/**
 * Demo mode: a self-signed RSA-2048 / SHA-256 key pair in DATA_DIR/spid, made on first use and kept, so the SP
 * metadata stays the same across restarts. Real installations configure SPID_SP_KEY_FILE / SPID_SP_CERT_FILE
 * with a certificate made by AgID's rules (docs/spid.md). Files are written with mode 0600 (key) and never
 * overwritten; a second instance racing the first one reads what the first wrote.
 */
export function loadOrCreateKeyPair(dataDir: string, name: string, commonName: string): Promise<KeyPair> {
  const dir = path.join(dataDir, "spid");
  const keyFile = path.join(dir, `${name}.key.pem`);
  const certFile = path.join(dir, `${name}.cert.pem`);
  const key = `${dir}/${name}`;
  let p = pending.get(key);
  if (!p) {
    p = (async () => {
      if (existsSync(keyFile) && existsSync(certFile)) return readKeyPair(keyFile, certFile);
      mkdirSync(dir, { recursive: true });
      const now = new Date();
      const made = await generate([{ name: "commonName", value: commonName }, { name: "countryName", value: "IT" }], {
        keySize: 2048,
        algorithm: "sha256",
        notBeforeDate: now,
        notAfterDate: new Date(now.getTime() + 5 * 365 * 24 * 3600_000),
      });
      try {
        writeFileSync(keyFile, made.private, { mode: 0o600, flag: "wx" });
        writeFileSync(certFile, made.cert, { flag: "wx" });
      } catch {
        // Another process wrote them first: theirs win.
        return readKeyPair(keyFile, certFile);
      }
      return { privateKey: made.private, certificate: made.cert };
    })();
    pending.set(key, p);
    p.catch(() => pending.delete(key));
  }
  return p;
}
