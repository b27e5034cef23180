import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { P12Signer } from "@signpdf/signer-p12";
import signpdf from "@signpdf/signpdf";
import { SUBFILTER_ADOBE_PKCS7_DETACHED } from "@signpdf/utils";
import type { SealMaterial } from "./certificate";
import { commonName } from "./certificate";

/**
 * Seals a finished PDF with the ente's certificate: an incremental update adds the signature dictionary
 * (ByteRange and Contents placeholder), then a detached CMS signature (SHA-256, RSA) over the byte range fills it.
 *
 * SubFilter adbe.pkcs7.detached, not ETSI.CAdES.detached: @signpdf/signer-p12 (node-forge) writes the signed
 * attributes contentType, signingTime and messageDigest and cannot add ESS signing-certificate-v2, which a
 * PAdES baseline signature needs; claiming ETSI.CAdES.detached without it would make validators refuse the seal.
 * Readers (Acrobat, EU DSS) accept and verify adbe.pkcs7.detached signatures.
 */
export async function sealPdf(pdf: Buffer, seal: SealMaterial, meta: { reason: string; location: string; contactInfo: string; signingTime: Date }): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: meta.reason,
    location: meta.location,
    contactInfo: meta.contactInfo,
    name: commonName(seal.certificate.subject),
    signingTime: meta.signingTime,
    subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
    appName: "Stanza",
  });
  const signer = new P12Signer(seal.p12, { passphrase: seal.passphrase });
  return signpdf.sign(withPlaceholder, signer, meta.signingTime);
}
