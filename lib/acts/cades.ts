import { Signer } from "@signpdf/utils";
import forge from "node-forge";

/**
 * The CMS signature of a PAdES baseline (B-B) seal: a detached SignedData (RFC 5652) over the PDF's byte range whose
 * signed attributes are exactly what ETSI EN 319 142-1 asks of an ETSI.CAdES.detached signature:
 * - content-type (id-data) and message-digest (SHA-256 of the signed bytes);
 * - ESS signing-certificate-v2 (RFC 5035): the SHA-256 of the sealing certificate with its issuer and serial, which
 *   binds the signature to that certificate so another one with the same key cannot be swapped in;
 * - no signing-time attribute: in PAdES the claimed time is the signature dictionary's /M entry.
 *
 * node-forge writes the ASN.1; its pkcs7 signer is not used because it cannot add signing-certificate-v2.
 */

const asn1 = forge.asn1;
const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
} as const;

export const PADES_OIDS = OID;

const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (o: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
const octets = (bytes: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const integer = (bytes: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, bytes);
const nul = () => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, "");
const der = (node: forge.asn1.Asn1) => asn1.toDer(node).getBytes();

/** A DER SET OF: its items sorted by their encodings (X.690 11.6), which forge does not do by itself. */
function derSetOf(items: forge.asn1.Asn1[]): forge.asn1.Asn1[] {
  return items
    .map((node) => ({ node, bytes: der(node) }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.bytes, "binary"), Buffer.from(b.bytes, "binary")))
    .map((x) => x.node);
}

/**
 * The certificate's issuer Name and serialNumber exactly as its own DER has them (tbsCertificate), so the SignerInfo
 * and the ESS IssuerSerial match byte for byte: re-encoding the parsed name (forge's distinguishedNameToAsn1)
 * would spell non-ASCII names differently and a verifier would not find the signer.
 */
function issuerAndSerial(cert: forge.pki.Certificate): { issuer: forge.asn1.Asn1; serial: forge.asn1.Asn1 } {
  const tbs = (forge.pki.certificateToAsn1(cert).value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[];
  // With the explicit [0] version first: serialNumber, signature, issuer.
  const offset = tbs[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const serial = tbs[offset];
  const issuer = tbs[offset + 2];
  if (!serial || !issuer) throw new Error("the sealing certificate has no issuer or serial number");
  return { issuer, serial };
}

function attribute(type: string, value: forge.asn1.Asn1): forge.asn1.Asn1 {
  return seq([oid(type), set([value])]);
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with one ESSCertIDv2 (SHA-256 is the default hash, so it is left out). */
function signingCertificateV2(cert: forge.pki.Certificate): forge.asn1.Asn1 {
  const certDer = der(forge.pki.certificateToAsn1(cert));
  const hash = forge.md.sha256.create().update(certDer).digest().bytes();
  // IssuerSerial ::= SEQUENCE { issuer GeneralNames (directoryName [4]), serialNumber }
  const { issuer, serial } = issuerAndSerial(cert);
  const essCertIdV2 = seq([octets(hash), seq([seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [issuer])]), serial])]);
  return seq([seq([essCertIdV2])]);
}

/** PKCS#12 bag types (RFC 7292). */
const BAG = { key: "1.2.840.113549.1.12.10.1.1", shroudedKey: "1.2.840.113549.1.12.10.1.2", cert: "1.2.840.113549.1.12.10.1.3" } as const;

export type SealKey = { privateKey: forge.pki.rsa.PrivateKey; certificate: forge.pki.Certificate; chain: forge.pki.Certificate[] };

/** The private key and its certificate (and the other certificates, for the chain) from a PKCS#12 file. */
export function readP12(p12: Buffer, passphrase: string): SealKey {
  const parsed = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(forge.util.createBuffer(p12.toString("binary"))), false, passphrase);
  const bags = (type: string): forge.pkcs12.Bag[] => parsed.getBags({ bagType: type })[type] ?? [];
  const keyBag = bags(BAG.shroudedKey)[0] ?? bags(BAG.key)[0];
  const privateKey = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
  const certs = bags(BAG.cert).map((b) => b.cert).filter((c): c is forge.pki.Certificate => Boolean(c));
  if (!privateKey) throw new Error("the PKCS#12 file has no RSA private key");
  const certificate = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(privateKey.n) === 0 && pub.e?.compareTo(privateKey.e) === 0;
  });
  if (!certificate) throw new Error("no certificate in the PKCS#12 file matches its private key");
  return { privateKey, certificate, chain: certs.filter((c) => c !== certificate) };
}

/** The DER of a detached CAdES signature (PAdES B-B profile) over `content`. */
export function cadesDetached(content: Buffer, key: SealKey): Buffer {
  const digest = forge.md.sha256.create().update(content.toString("binary")).digest().bytes();
  const signedAttrs = derSetOf([
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(digest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(key.certificate)),
  ]);
  // The signature is over the attributes' DER with the SET tag (RFC 5652, 5.4); they travel as [0] IMPLICIT.
  const toSign = forge.md.sha256.create().update(der(set(signedAttrs)));
  const signature = key.privateKey.sign(toSign, "RSASSA-PKCS1-V1_5");
  const sha256Alg = seq([oid(OID.sha256), nul()]);
  const signerInfo = seq([
    integer(String.fromCharCode(1)),
    seq([issuerAndSerial(key.certificate).issuer, issuerAndSerial(key.certificate).serial]),
    sha256Alg,
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, signedAttrs),
    seq([oid(OID.rsaEncryption), nul()]),
    octets(signature),
  ]);
  const certificates = [key.certificate, ...key.chain].map((c) => forge.pki.certificateToAsn1(c));
  const signedData = seq([
    integer(String.fromCharCode(1)),
    set([sha256Alg]),
    seq([oid(OID.data)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, certificates),
    set([signerInfo]),
  ]);
  const contentInfo = seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]);
  return Buffer.from(der(contentInfo), "binary");
}

/** @signpdf's signer for the PAdES seal: signs the byte range it is given. */
export class PadesSigner extends Signer {
  constructor(private readonly key: SealKey) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return cadesDetached(pdfBuffer, this.key);
  }
}
