import type { Ente } from "@/db/schema";
import { certBody } from "./keys";
import type { KeyPair } from "./keys";
import { spUrls } from "./setup";
import { signEnveloped, x } from "./xml";

/** The attributes every SPID/CIE login asks for (AttributeConsumingService index 0). */
export const REQUESTED_ATTRIBUTES = ["fiscalNumber", "name", "familyName", "email"] as const;

const BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";

/** A stable ID for the metadata document of an ente (an NCName: starts with a letter or underscore). */
const metadataId = (ente: Pick<Ente, "id">) => `_${ente.id.replace(/-/g, "")}`;

/**
 * The signed SAML metadata of an ente as a SPID service provider, with what AgID's technical rules ask for:
 * SPSSODescriptor with AuthnRequestsSigned and WantAssertionsSigned, the signing key, the logout and
 * assertion-consumer endpoints (index 0, default), AttributeConsumingService index 0 with the attributes we
 * use, Organization, and a ContactPerson "other" whose SPID extensions say the SP is public and give the ente's
 * IPA code. The whole document carries an enveloped RSA-SHA256 signature by the SP key.
 */
export function buildSpMetadata(appUrl: string, ente: Pick<Ente, "id" | "slug" | "name" | "codiceIpa" | "email" | "phone" | "website">, sp: KeyPair, serviceName: string): string {
  const u = spUrls(appUrl, ente);
  const id = metadataId(ente);
  const orgUrl = ente.website || `${appUrl}/${ente.slug}`;
  const contact = [
    `<md:Extensions>`,
    ente.codiceIpa ? `<spid:IPACode>${x(ente.codiceIpa)}</spid:IPACode>` : "",
    `<spid:Public/>`,
    `</md:Extensions>`,
    ente.email ? `<md:EmailAddress>${x(ente.email)}</md:EmailAddress>` : "",
    ente.phone ? `<md:TelephoneNumber>${x(ente.phone.replace(/[^+0-9]/g, ""))}</md:TelephoneNumber>` : "",
  ].join("");
  const xml = [
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:spid="https://spid.gov.it/saml-extensions" entityID="${x(u.entityId)}" ID="${id}">`,
    `<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" AuthnRequestsSigned="true" WantAssertionsSigned="true">`,
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody(sp.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${x(u.slo)}"/>`,
    `<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>`,
    `<md:AssertionConsumerService index="0" isDefault="true" Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${x(u.acs)}"/>`,
    `<md:AttributeConsumingService index="0">`,
    `<md:ServiceName xml:lang="it">${x(serviceName)}</md:ServiceName>`,
    ...REQUESTED_ATTRIBUTES.map((a) => `<md:RequestedAttribute Name="${a}" NameFormat="${BASIC}"/>`),
    `</md:AttributeConsumingService>`,
    `</md:SPSSODescriptor>`,
    `<md:Organization>`,
    `<md:OrganizationName xml:lang="it">${x(ente.name)}</md:OrganizationName>`,
    `<md:OrganizationDisplayName xml:lang="it">${x(ente.name)}</md:OrganizationDisplayName>`,
    `<md:OrganizationURL xml:lang="it">${x(orgUrl)}</md:OrganizationURL>`,
    `</md:Organization>`,
    `<md:ContactPerson contactType="other">${contact}</md:ContactPerson>`,
    `</md:EntityDescriptor>`,
  ].join("");
  return `<?xml version="1.0" encoding="UTF-8"?>${signEnveloped(xml, { localName: "EntityDescriptor", id, privateKey: sp.privateKey, certificate: sp.certificate })}`;
}
