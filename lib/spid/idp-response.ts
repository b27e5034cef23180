import { createVerify, randomBytes } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";
import { levelFromUri, spidLevelUri } from "@/lib/auth/levels";
import type { KeyPair } from "./keys";
import { signEnveloped, x } from "./xml";

/**
 * The identity-provider side of SPID, for the demo identity provider (demo mode only) and the test suite: read
 * a signed AuthnRequest from a redirect, and write a signed Response. Never used to accept anything.
 */
const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";

export type ReadAuthnRequest = { id: string; issuer: string; acs: string; level: 1 | 2 | 3 };

/** Reads and checks an HTTP-Redirect AuthnRequest: its RSA-SHA256 query signature by `spCertificate`. Null when anything is wrong. */
export function readRedirectAuthnRequest(rawQuery: string, spCertificate: string): ReadAuthnRequest | null {
  const parts = new Map<string, string>();
  for (const pair of rawQuery.replace(/^\?/, "").split("&")) {
    const i = pair.indexOf("=");
    if (i > 0) parts.set(pair.slice(0, i), pair.slice(i + 1));
  }
  const req = parts.get("SAMLRequest");
  const sigAlg = parts.get("SigAlg");
  const signature = parts.get("Signature");
  if (!req || !sigAlg || !signature) return null;
  if (decodeURIComponent(sigAlg) !== "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256") return null;
  // The signed string is the query as sent, in this order (SAML bindings §3.4.4.1).
  const signed = [`SAMLRequest=${req}`, parts.has("RelayState") ? `RelayState=${parts.get("RelayState")}` : null, `SigAlg=${sigAlg}`].filter(Boolean).join("&");
  const ok = createVerify("RSA-SHA256").update(signed).verify(spCertificate, Buffer.from(decodeURIComponent(signature), "base64"));
  if (!ok) return null;
  let xml: string;
  try {
    xml = inflateRawSync(Buffer.from(decodeURIComponent(req), "base64")).toString("utf8");
  } catch {
    return null;
  }
  let doc;
  try {
    doc = new DOMParser({ errorHandler: { warning: () => undefined, error: () => undefined, fatalError: () => undefined } }).parseFromString(xml, "text/xml");
  } catch {
    return null;
  }
  const root = doc.documentElement;
  if (!root || root.localName !== "AuthnRequest") return null;
  const issuer = root.getElementsByTagNameNS(SAML, "Issuer")[0]?.textContent?.trim() ?? "";
  const level = levelFromUri(root.getElementsByTagNameNS(SAML, "AuthnContextClassRef")[0]?.textContent);
  const id = root.getAttribute("ID") ?? "";
  const acs = root.getAttribute("AssertionConsumerServiceURL") ?? "";
  if (!id || !issuer || !acs || !level) return null;
  return { id, issuer, acs, level };
}

export type ResponseInput = {
  idpEntityId: string;
  idp: KeyPair;
  /** The SP's entityID: Audience and NameQualifier. */
  audience: string;
  acs: string;
  inResponseTo: string;
  level: 1 | 2 | 3;
  attributes: { fiscalNumber: string; name: string; familyName: string; email?: string };
  now?: Date;
  /** How long the assertion is valid (default 5 minutes). */
  validityMs?: number;
  /** Sign the Response too (default), besides the assertion, which is always signed unless `unsigned`. */
  signResponse?: boolean;
  unsigned?: boolean;
};

const id = () => `_${randomBytes(20).toString("hex")}`;
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** A SPID Response with one signed assertion, as an identity provider posts it (base64 of the XML). */
export function buildSignedResponse(r: ResponseInput): string {
  const now = r.now ?? new Date();
  const until = new Date(now.getTime() + (r.validityMs ?? 5 * 60_000));
  const responseId = id();
  const assertionId = id();
  const attribute = (name: string, value: string) =>
    `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"><saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${x(value)}</saml:AttributeValue></saml:Attribute>`;
  const attrs = [
    attribute("fiscalNumber", r.attributes.fiscalNumber),
    attribute("name", r.attributes.name),
    attribute("familyName", r.attributes.familyName),
    r.attributes.email ? attribute("email", r.attributes.email) : "",
  ].join("");
  let assertion = [
    `<saml:Assertion xmlns:saml="${SAML}" ID="${assertionId}" Version="2.0" IssueInstant="${iso(now)}">`,
    `<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${x(r.idpEntityId)}</saml:Issuer>`,
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient" NameQualifier="${x(r.idpEntityId)}">${id()}</saml:NameID>`,
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${x(r.inResponseTo)}" NotOnOrAfter="${iso(until)}" Recipient="${x(r.acs)}"/></saml:SubjectConfirmation></saml:Subject>`,
    `<saml:Conditions NotBefore="${iso(now)}" NotOnOrAfter="${iso(until)}"><saml:AudienceRestriction><saml:Audience>${x(r.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`,
    `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${id()}"><saml:AuthnContext><saml:AuthnContextClassRef>${spidLevelUri(r.level)}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
    `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>`,
    `</saml:Assertion>`,
  ].join("");
  if (!r.unsigned) assertion = signEnveloped(assertion, { localName: "Assertion", id: assertionId, privateKey: r.idp.privateKey, certificate: r.idp.certificate, after: "Issuer" });
  let response = [
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="${SAML}" ID="${responseId}" Version="2.0" IssueInstant="${iso(now)}" Destination="${x(r.acs)}" InResponseTo="${x(r.inResponseTo)}">`,
    `<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${x(r.idpEntityId)}</saml:Issuer>`,
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`,
    assertion,
    `</samlp:Response>`,
  ].join("");
  if (!r.unsigned && r.signResponse !== false) response = signEnveloped(response, { localName: "Response", id: responseId, privateKey: r.idp.privateKey, certificate: r.idp.certificate, after: "Issuer" });
  return Buffer.from(response, "utf8").toString("base64");
}
