import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import forge from "node-forge";
import type { DbOrTx } from "@/db/client";
import { acts, enteSeals, pratiche, type Ente } from "@/db/schema";
import { PayloadTooLargeError, ValidationError, fieldError } from "@/lib/errors";
import { praticaNumber } from "@/lib/pratiche/number";
import { certificateFingerprint, subjectOf } from "./certificate";

export const VERIFY_MAX_BYTES = 20 * 1024 * 1024;

export type VerifyFailure = "not_issued" | "no_signature" | "bad_signature" | "other_certificate" | "unreadable";
export type VerifyResult = {
  valid: boolean;
  reason?: VerifyFailure;
  seal?: { subject: string; signedAt: Date | null; fingerprint: string };
  act?: { praticaNumero: string; protocolNumber: string | null; protocolDate: Date | null; issuedAt: Date; sealed: boolean };
  /** The issued act the document is, when it is one. */
  actId?: string;
};

type Signature = { signedBytes: Buffer; coversWholeFile: boolean; cms: Buffer; claimedTime: Date | null };

const OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
const OID_SIGNING_TIME = "1.2.840.113549.1.9.5";
const OID_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47";

/** A PDF date "D:YYYYMMDDHHmmSS" with "Z" or "+hh'mm'" (PDF 32000-1, 7.9.4), as an instant; null when malformed. */
export function pdfDate(value: string): Date | null {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:(Z)|([+-])(\d{2})'?(\d{2})'?)?/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, , sign, oh, om] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  const offset = sign ? (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  const t = utc - offset;
  return Number.isFinite(t) ? new Date(t) : null;
}
const DIGESTS: Record<string, () => forge.md.MessageDigest> = {
  "2.16.840.1.101.3.4.2.1": () => forge.md.sha256.create(),
  "2.16.840.1.101.3.4.2.2": () => forge.md.sha384.create(),
  "2.16.840.1.101.3.4.2.3": () => forge.md.sha512.create(),
};

/** The last signature of a PDF: its /ByteRange and /Contents, or null when it has none. */
function lastSignature(pdf: Buffer): Signature | null | "unreadable" {
  const text = pdf.toString("latin1");
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const m = matches.at(-1);
  if (!m) return null;
  const [a, b, c, d] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c < b || d < 0 || c + d > pdf.length) return "unreadable";
  // Between the two ranges: <hex of the CMS, zero-padded>.
  const gap = text.slice(b, c);
  const hex = /^<([0-9a-fA-F]+)>$/.exec(gap.trim());
  if (!hex?.[1]) return "unreadable";
  // PAdES: the claimed signing time is the signature dictionary's /M, written after /Contents (or before /ByteRange).
  const after = /\/M\s*\((D:[^)]*)\)/.exec(text.slice(c, c + 4096));
  const before = [...text.slice(Math.max(0, (m.index ?? 0) - 4096), m.index ?? 0).matchAll(/\/M\s*\((D:[^)]*)\)/g)].at(-1);
  const claimed = after?.[1] ?? before?.[1];
  return {
    signedBytes: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]),
    coversWholeFile: c + d === pdf.length,
    cms: Buffer.from(hex[1].replace(/(00)+$/, ""), "hex"),
    claimedTime: claimed ? pdfDate(claimed) : null,
  };
}

/** Checks a detached CMS signature over `content`; returns the signer's certificate and claimed time, or null if it does not verify. */
function checkCms(cms: Buffer, content: Buffer): { cert: forge.pki.Certificate; signedAt: Date | null } | null {
  // The signature is zero-padded to the placeholder's size: read one DER value and ignore what follows.
  const asn1 = (forge.asn1.fromDer as unknown as (b: forge.util.ByteStringBuffer, o: { strict: boolean; parseAllBytes: boolean }) => forge.asn1.Asn1)(
    forge.util.createBuffer(cms.toString("binary")),
    { strict: false, parseAllBytes: false },
  );
  // forge reads SignedData but not the SignerInfo's attributes: those are taken from its capture (the SET's items).
  const msg = forge.pkcs7.messageFromAsn1(asn1) as forge.pkcs7.PkcsSignedData & { rawCapture?: { signerInfos?: unknown } };
  const infos = msg.rawCapture?.signerInfos;
  const signerInfo = Array.isArray(infos) ? (infos[0] as forge.asn1.Asn1 | undefined) : undefined;
  if (!signerInfo || !Array.isArray(signerInfo.value)) return null;
  const parts = signerInfo.value as forge.asn1.Asn1[];
  const sid = parts[1];
  const digestAlg = parts[2];
  const signedAttrs = parts.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
  const signature = parts.find((p, i) => i > 3 && p.tagClass === forge.asn1.Class.UNIVERSAL && p.type === forge.asn1.Type.OCTETSTRING);
  if (!sid || !digestAlg || !signedAttrs || !signature || !Array.isArray(signedAttrs.value) || !Array.isArray(digestAlg.value)) return null;
  const digestOid = forge.asn1.derToOid((digestAlg.value[0] as forge.asn1.Asn1).value as string);
  const makeDigest = DIGESTS[digestOid];
  if (!makeDigest) return null;

  let messageDigest: string | null = null;
  let signedAt: Date | null = null;
  let certHash: string | null = null;
  for (const attr of signedAttrs.value as forge.asn1.Asn1[]) {
    const [oidNode, setNode] = attr.value as forge.asn1.Asn1[];
    if (!oidNode || !setNode) continue;
    const oid = forge.asn1.derToOid(oidNode.value as string);
    const first = (setNode.value as forge.asn1.Asn1[])[0];
    if (!first) continue;
    if (oid === OID_MESSAGE_DIGEST) messageDigest = first.value as string;
    // SigningCertificateV2 → certs → first ESSCertIDv2 → (hashAlgorithm only when not SHA-256) certHash.
    if (oid === OID_SIGNING_CERTIFICATE_V2) {
      const essCertId = (((first.value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[] | undefined)?.[0]?.value ?? []) as forge.asn1.Asn1[];
      const hashNode = essCertId.find((n) => n.tagClass === forge.asn1.Class.UNIVERSAL && n.type === forge.asn1.Type.OCTETSTRING);
      const algNode = essCertId[0]?.type === forge.asn1.Type.SEQUENCE ? essCertId[0] : undefined;
      // Only SHA-256 (the default) is accepted here: what Stanza writes, and what PAdES baseline asks.
      if (algNode) return null;
      certHash = (hashNode?.value as string | undefined) ?? "";
    }
    if (oid === OID_SIGNING_TIME) signedAt = first.type === forge.asn1.Type.UTCTIME ? forge.asn1.utcTimeToDate(first.value as string) : forge.asn1.generalizedTimeToDate(first.value as string);
  }
  const contentDigest = makeDigest().update(content.toString("binary")).digest().bytes();
  if (messageDigest === null || messageDigest !== contentDigest) return null;

  // The signer: the certificate with the SignerInfo's serial number.
  const serial = forge.util.createBuffer(((sid.value as forge.asn1.Asn1[])[1]?.value as string) ?? "").toHex().replace(/^0+/, "");
  const cert = msg.certificates.find((c) => c.serialNumber.replace(/^0+/, "") === serial);
  if (!cert) return null;
  // A signing-certificate-v2 attribute binds the signature to that exact certificate.
  if (certHash !== null && certHash !== forge.md.sha256.create().update(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes()).digest().bytes()) return null;
  // The signature is over the DER of the signed attributes as a SET (RFC 5652, 5.4).
  const attrsDer = forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, signedAttrs.value as forge.asn1.Asn1[])).getBytes();
  const attrsDigest = makeDigest().update(attrsDer).digest().bytes();
  const ok = (cert.publicKey as forge.pki.rsa.PublicKey).verify(attrsDigest, signature.value as string);
  return ok ? { cert, signedAt } : null;
}

/**
 * Verifies a document someone shows: a PDF sealed by this ente's certificate whose signature holds over its bytes
 * (covering the whole file), and whose SHA-256 is that of an act the ente issued. Any malformed input is an
 * answer ("unreadable"), never an exception; only a file that is not a PDF at all, or too large, is refused.
 */
export async function verifyDocument(db: DbOrTx, ente: Ente, pdf: Buffer): Promise<VerifyResult> {
  if (pdf.byteLength === 0) throw new ValidationError("verify.no_file", [fieldError("document", "verify.no_file")]);
  if (pdf.byteLength > VERIFY_MAX_BYTES) throw new PayloadTooLargeError("verify.too_large", {}, { field: "document" });
  if (pdf.subarray(0, 1024).indexOf("%PDF-") < 0) throw new ValidationError("verify.not_pdf", [fieldError("document", "verify.not_pdf")]);

  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const [issued] = await db
    .select({ act: acts, numero: pratiche.numero, praticaId: pratiche.id })
    .from(acts)
    .innerJoin(pratiche, eq(pratiche.id, acts.praticaId))
    .where(and(eq(acts.enteId, ente.id), eq(acts.sha256, sha256)))
    .limit(1);
  const act = issued
    ? { praticaNumero: praticaNumber({ id: issued.praticaId, numero: issued.numero }), protocolNumber: issued.act.protocolNumber, protocolDate: issued.act.protocolDate, issuedAt: issued.act.issuedAt, sealed: Boolean(issued.act.sealFingerprint) }
    : undefined;
  const actId = issued?.act.id;

  let found: ReturnType<typeof lastSignature>;
  try {
    found = lastSignature(pdf);
  } catch {
    found = "unreadable";
  }
  if (found === "unreadable") return { valid: false, reason: "unreadable" };
  if (found === null) {
    // An act issued without a seal is still recognised by its exact bytes.
    if (issued && !issued.act.sealFingerprint) return { valid: true, act, actId };
    return { valid: false, reason: issued ? "no_signature" : "not_issued" };
  }
  let checked: ReturnType<typeof checkCms>;
  try {
    checked = checkCms(found.cms, found.signedBytes);
  } catch {
    return { valid: false, reason: "unreadable" };
  }
  if (!checked || !found.coversWholeFile) return { valid: false, reason: "bad_signature" };
  const fingerprint = certificateFingerprint(checked.cert);
  const seal = { subject: subjectOf(checked.cert), signedAt: checked.signedAt ?? found.claimedTime, fingerprint };
  if (!(await isEnteSeal(db, ente.id, fingerprint))) return { valid: false, reason: "other_certificate", seal };
  if (!issued) return { valid: false, reason: "not_issued", seal };
  return { valid: true, seal, act, actId };
}

/** The ente's current seal, or one it sealed acts with before changing certificate. */
async function isEnteSeal(db: DbOrTx, enteId: string, fingerprint: string): Promise<boolean> {
  const [current] = await db.select({ f: enteSeals.fingerprint }).from(enteSeals).where(and(eq(enteSeals.enteId, enteId), eq(enteSeals.fingerprint, fingerprint)));
  if (current) return true;
  const [past] = await db.select({ id: acts.id }).from(acts).where(and(eq(acts.enteId, enteId), eq(acts.sealFingerprint, fingerprint))).limit(1);
  return Boolean(past);
}
