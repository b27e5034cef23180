import { createHash, generateKeyPairSync } from "node:crypto";
import { eq } from "drizzle-orm";
import forge from "node-forge";
import type { DbOrTx } from "@/db/client";
import { enteSeals, type Ente, type EnteSeal } from "@/db/schema";
import { asAdmin } from "@/lib/admin/authorize";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { PayloadTooLargeError, ValidationError, fieldError } from "@/lib/errors";
import { sealDecrypt, sealEncrypt } from "./secret";

export const SEAL_MAX_BYTES = 64 * 1024;
// PKCS#12 bag types (RFC 7292).
const OID_KEY_BAG = "1.2.840.113549.1.12.10.1.1";
const OID_SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2";
const OID_CERT_BAG = "1.2.840.113549.1.12.10.1.3";

export type SealCertificate = { fingerprint: string; subject: string; notBefore: Date; notAfter: Date; certificatePem: string };
/** What signing needs: the PKCS#12 bundle and its passphrase. */
export type SealMaterial = { p12: Buffer; passphrase: string; certificate: SealCertificate };

/** SHA-256 of a certificate's DER encoding, lowercase hex: how the seal is recognised on a document. */
export function certificateFingerprint(cert: forge.pki.Certificate): string {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return createHash("sha256").update(Buffer.from(der, "binary")).digest("hex");
}

/** "CN=…, O=…" from a certificate's subject, for people. */
export function subjectOf(cert: forge.pki.Certificate): string {
  // forge reads a UTF8String's bytes without decoding them.
  const text = (v: string) => {
    try {
      return forge.util.decodeUtf8(v);
    } catch {
      return v;
    }
  };
  const parts = cert.subject.attributes.filter((a) => a.shortName && typeof a.value === "string").map((a) => `${a.shortName}=${text(String(a.value))}`);
  return parts.join(", ") || "—";
}

export function commonName(subject: string): string {
  return /(?:^|, )CN=([^,]+)/.exec(subject)?.[1] ?? subject;
}

/**
 * Opens a PKCS#12 bundle and checks it can seal today: readable, the passphrase opens it, it holds a private key and
 * the matching certificate, and that certificate is valid now. Every refusal is a code for the admin's form.
 */
export function inspectP12(bytes: Buffer, passphrase: string, now: Date = new Date()): SealCertificate {
  if (bytes.byteLength === 0) throw new ValidationError("seal.no_file", [fieldError("certificate", "seal.no_file")]);
  if (bytes.byteLength > SEAL_MAX_BYTES) throw new PayloadTooLargeError("seal.too_large", { kb: SEAL_MAX_BYTES / 1024 }, { field: "certificate" });
  if (!passphrase) throw new ValidationError("seal.passphrase_required", [fieldError("passphrase", "seal.passphrase_required")]);
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString("binary")));
  } catch {
    throw new ValidationError("seal.bad_file", [fieldError("certificate", "seal.bad_file")]);
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch {
    // A well-formed PFX (version 3, with its MAC) that does not open: the passphrase is wrong. Anything else is not
    // a PKCS#12 bundle at all.
    const wrong = looksLikePfx(asn1);
    throw new ValidationError(wrong ? "seal.wrong_passphrase" : "seal.bad_file", [fieldError(wrong ? "passphrase" : "certificate", wrong ? "seal.wrong_passphrase" : "seal.bad_file")]);
  }
  const bags = (oid: string): forge.pkcs12.Bag[] => p12.getBags({ bagType: oid })[oid] ?? [];
  const keyBags = [...bags(OID_SHROUDED_KEY_BAG), ...bags(OID_KEY_BAG)];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  const cert = bags(OID_CERT_BAG)
    .map((b) => b.cert)
    .find((c): c is forge.pki.Certificate => Boolean(c && key && (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n)));
  if (!key || !cert) throw new ValidationError("seal.no_key", [fieldError("certificate", "seal.no_key")]);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  if (cert.validity.notAfter.getTime() <= now.getTime())
    throw new ValidationError("seal.expired", [fieldError("certificate", "seal.expired", { date: iso(cert.validity.notAfter) })], { date: iso(cert.validity.notAfter) });
  if (cert.validity.notBefore.getTime() > now.getTime())
    throw new ValidationError("seal.not_yet_valid", [fieldError("certificate", "seal.not_yet_valid", { date: iso(cert.validity.notBefore) })], { date: iso(cert.validity.notBefore) });
  return {
    fingerprint: certificateFingerprint(cert),
    subject: subjectOf(cert),
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    certificatePem: forge.pki.certificateToPem(cert),
  };
}

function looksLikePfx(asn1: forge.asn1.Asn1): boolean {
  const parts = Array.isArray(asn1.value) ? (asn1.value as forge.asn1.Asn1[]) : [];
  const version = parts[0];
  return asn1.type === forge.asn1.Type.SEQUENCE && parts.length === 3 && version?.type === forge.asn1.Type.INTEGER && version.value === "\x03";
}

/** The admin's upload: checked, encrypted at rest, audited (without the passphrase or the key, of course). */
export async function saveSealCertificate(ctx: Ctx, bytes: Buffer, passphrase: string, now: Date = new Date()): Promise<SealCertificate> {
  const certificate = inspectP12(bytes, passphrase, now);
  return asAdmin(ctx, async ({ db: tx, ente, actor }, adminId) => {
    await storeSeal(tx, ente, bytes, passphrase, certificate, adminId);
    await recordAudit(tx, {
      enteId: ente.id,
      actor,
      action: "ente.seal_certificate",
      targetType: "ente",
      targetId: ente.id,
      data: { fingerprint: certificate.fingerprint, subject: certificate.subject, notAfter: certificate.notAfter.toISOString() },
    });
    return certificate;
  });
}

export async function removeSealCertificate(ctx: Ctx): Promise<void> {
  await asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const gone = await tx.delete(enteSeals).where(eq(enteSeals.enteId, ente.id)).returning({ fingerprint: enteSeals.fingerprint });
    if (gone.length > 0)
      await recordAudit(tx, { enteId: ente.id, actor, action: "ente.seal_remove", targetType: "ente", targetId: ente.id, data: { fingerprint: gone[0]?.fingerprint } });
  });
}

async function storeSeal(db: DbOrTx, ente: Ente, bytes: Buffer, passphrase: string, c: SealCertificate, userId: string | null): Promise<void> {
  const values = {
    p12Encrypted: sealEncrypt(bytes),
    passphraseEncrypted: sealEncrypt(Buffer.from(passphrase, "utf8")),
    fingerprint: c.fingerprint,
    subject: c.subject,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    certificatePem: c.certificatePem,
    updatedBy: userId,
    updatedAt: new Date(),
  };
  await db.insert(enteSeals).values({ enteId: ente.id, ...values }).onConflictDoUpdate({ target: enteSeals.enteId, set: values });
}

/** The public facts of the ente's seal (the settings page and the verification page show them). */
export async function getSealInfo(db: DbOrTx, enteId: string): Promise<Omit<EnteSeal, "p12Encrypted" | "passphraseEncrypted"> | null> {
  const [row] = await db
    .select({
      enteId: enteSeals.enteId,
      fingerprint: enteSeals.fingerprint,
      subject: enteSeals.subject,
      notBefore: enteSeals.notBefore,
      notAfter: enteSeals.notAfter,
      certificatePem: enteSeals.certificatePem,
      updatedBy: enteSeals.updatedBy,
      updatedAt: enteSeals.updatedAt,
    })
    .from(enteSeals)
    .where(eq(enteSeals.enteId, enteId));
  return row ?? null;
}

/** What the sealing step needs, or null when the ente has no seal or it is no longer valid. */
export async function loadSealMaterial(db: DbOrTx, enteId: string, now: Date = new Date()): Promise<SealMaterial | null> {
  const [row] = await db.select().from(enteSeals).where(eq(enteSeals.enteId, enteId));
  if (!row || row.notAfter.getTime() <= now.getTime() || row.notBefore.getTime() > now.getTime()) return null;
  return {
    p12: sealDecrypt(row.p12Encrypted),
    passphrase: sealDecrypt(row.passphraseEncrypted).toString("utf8"),
    certificate: { fingerprint: row.fingerprint, subject: row.subject, notBefore: row.notBefore, notAfter: row.notAfter, certificatePem: row.certificatePem },
  };
}

/**
 * A self-signed seal certificate (RSA 2048, three years) as a PKCS#12 bundle: the demo ente's seal, and tests'.
 * A real ente uploads a qualified electronic seal from a trust service provider instead.
 */
export function generateSelfSignedSeal(subject: { commonName: string; organization: string; organizationId?: string }, passphrase: string, now: Date = new Date()): Buffer {
  // Node generates the key natively (forge's pure-JS generation takes seconds); forge builds the certificate.
  const { privateKey: pem } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${createHash("sha256").update(pem).digest("hex").slice(0, 30)}`;
  cert.validity.notBefore = new Date(now.getTime() - 86_400_000);
  cert.validity.notAfter = new Date(now.getTime() + 3 * 365 * 86_400_000);
  // Names with accents or dashes go in a UTF8String (forge encodes and decodes it).
  const utf8 = (value: string) => ({ value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });
  const attrs: forge.pki.CertificateField[] = [
    { name: "commonName", ...utf8(subject.commonName) },
    { name: "organizationName", ...utf8(subject.organization) },
    { name: "countryName", value: "IT" },
  ];
  if (subject.organizationId) attrs.push({ type: "2.5.4.97", value: subject.organizationId });
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: "aes256", generateLocalKeyId: true, friendlyName: subject.commonName.replace(/[^\x20-\x7e]/g, "-") });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");
}

/** Configures a generated seal without an admin (the demo seed). */
export async function installSeal(db: DbOrTx, ente: Ente, p12: Buffer, passphrase: string): Promise<SealCertificate> {
  const certificate = inspectP12(p12, passphrase);
  await storeSeal(db, ente, p12, passphrase, certificate, null);
  await recordAudit(db, { enteId: ente.id, actor: { kind: "system", reason: "seed" }, action: "ente.seal_certificate", targetType: "ente", targetId: ente.id, data: { fingerprint: certificate.fingerprint, subject: certificate.subject } });
  return certificate;
}
