import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { SignPdf } from "@signpdf/signpdf";
import { SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import { PadesSigner, readP12 } from "./cades";
import type { SealMaterial } from "./certificate";
import { commonName } from "./certificate";

/**
 * Seals a finished PDF with the ente's certificate as a PAdES baseline B-B signature: an incremental update adds the
 * signature dictionary (SubFilter ETSI.CAdES.detached, ByteRange, Contents placeholder, the claimed time in /M), then
 * the detached CAdES signature over the byte range fills it (SHA-256, RSA, with ESS signing-certificate-v2: see
 * lib/acts/cades.ts).
 */
export async function sealPdf(pdf: Buffer, seal: SealMaterial, meta: { reason: string; location: string; contactInfo: string; signingTime: Date }): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: meta.reason,
    location: meta.location,
    contactInfo: meta.contactInfo,
    name: commonName(seal.certificate.subject),
    signingTime: meta.signingTime,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: "Stanza",
  });
  // The named class, not the default instance: under plain Node ESM (tsx: the worker, the benches) a CommonJS
  // module's default import is its whole exports object, and `.sign` would be undefined there.
  return new SignPdf().sign(withPlaceholder, new PadesSigner(readP12(seal.p12, seal.passphrase)), meta.signingTime);
}
