import { SignedXml } from "xml-crypto";
import { certBody } from "./keys";

const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/** Escapes text and attribute values for the XML documents we build. */
export function x(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/**
 * An enveloped XML-DSig signature (RSA-SHA256, SHA-256 digest, exclusive c14n) of the element `localName` whose
 * ID is `id`, made by xml-crypto and placed as that element's first child after the Issuer when there is one
 * (SAML's schema order) or first of all. The certificate travels in KeyInfo, as AgID's rules ask.
 */
export function signEnveloped(xml: string, opts: { localName: string; id: string; privateKey: string; certificate: string; after?: string }): string {
  const sig = new SignedXml({
    privateKey: opts.privateKey,
    publicCert: opts.certificate,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
    getKeyInfoContent: () => `<ds:X509Data><ds:X509Certificate>${certBody(opts.certificate)}</ds:X509Certificate></ds:X509Data>`,
  });
  const target = `//*[local-name(.)='${opts.localName}' and @ID='${opts.id}']`;
  sig.addReference({ xpath: target, transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256 });
  const location = opts.after
    ? { reference: `${target}/*[local-name(.)='${opts.after}']`, action: "after" as const }
    : { reference: target, action: "prepend" as const };
  sig.computeSignature(xml, { prefix: "ds", location });
  return sig.getSignedXml();
}
