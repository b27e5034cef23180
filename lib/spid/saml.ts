import { SAML, ValidateInResponseTo, type SamlConfig } from "@node-saml/node-saml";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import type { IdpConfig } from "@/lib/config/spid-idps";
import { spidLevelUri } from "@/lib/auth/levels";
import type { KeyPair } from "./keys";

/** Accepted difference between our clock and an identity provider's. */
export const CLOCK_SKEW_MS = 60_000;
/** How long an AuthnRequest of ours may be answered. */
export const REQUEST_TTL_MS = 10 * 60_000;

type SpSide = { entityId: string; acs: string; sp: KeyPair };

/**
 * node-saml's SAML, with the one thing AgID asks of an AuthnRequest that it does not write: the Issuer's
 * NameQualifier (our entityID) and Format (entity). The request is signed afterwards, on the redirect's query
 * (HTTP-Redirect binding, RSA-SHA256), so adding the attributes here keeps the signature right.
 */
class SpidSaml extends SAML {
  constructor(
    config: SamlConfig,
    private readonly nameQualifier: string,
  ) {
    super(config);
  }
  protected override async generateAuthorizeRequestAsync(isPassive: boolean, isHttpPostBinding: boolean): Promise<string> {
    const xml = await super.generateAuthorizeRequestAsync(isPassive, isHttpPostBinding);
    const doc = new DOMParser().parseFromString(xml, "text/xml");
    const issuer = doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer")[0];
    if (!issuer) throw new Error("AuthnRequest without Issuer");
    issuer.setAttribute("NameQualifier", this.nameQualifier);
    issuer.setAttribute("Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:entity");
    return new XMLSerializer().serializeToString(doc);
  }
}

/** The signed redirect to `idp` for one AuthnRequest with id `requestId`, asking for at least `level`. */
export async function authnRequestUrl(side: SpSide, idp: IdpConfig, requestId: string, level: 1 | 2 | 3): Promise<string> {
  const saml = new SpidSaml(
    {
      entryPoint: idp.ssoUrl,
      issuer: side.entityId,
      callbackUrl: side.acs,
      idpCert: idp.certificates,
      privateKey: side.sp.privateKey,
      publicCert: side.sp.certificate,
      signatureAlgorithm: "sha256",
      digestAlgorithm: "sha256",
      identifierFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
      authnContext: [spidLevelUri(level)],
      racComparison: "minimum",
      // SpidL2 and L3 always ask the citizen again (AgID's rules); L1 may reuse the provider's session.
      forceAuthn: level > 1,
      attributeConsumingServiceIndex: "0",
      generateUniqueId: () => requestId,
      validateInResponseTo: ValidateInResponseTo.never,
    },
    side.entityId,
  );
  return saml.getAuthorizeUrlAsync("", undefined, {});
}

/** A validator of Responses from `idp` to the request `request` (InResponseTo checked against that one row). */
export function responseValidator(side: SpSide, idp: IdpConfig, request: { id: string; createdAt: Date }): SAML {
  const one = {
    saveAsync: async () => null,
    getAsync: async (key: string) => (key === request.id ? request.createdAt.toISOString() : null),
    removeAsync: async () => null,
  };
  return new SAML({
    issuer: side.entityId,
    callbackUrl: side.acs,
    audience: side.entityId,
    idpIssuer: idp.entityId,
    idpCert: idp.certificates,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_TTL_MS,
    cacheProvider: one,
  });
}
