import { and, asc, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { enti, users } from "@/db/schema";
import { eq } from "drizzle-orm";
import { readRedirectAuthnRequest, buildSignedResponse } from "./idp-response";
import type { KeyPair } from "./keys";
import { demoIdpEntityId, spUrls, type SpidSetup } from "./setup";

/**
 * Demo mode only: the local test identity provider behind "Demo IdP" in the SPID button. It checks the ente's
 * signed AuthnRequest like a real provider would, then offers the demo citizens; each choice is a form that
 * posts a signed Response to the ente's ACS, so the whole SAML flow runs on a laptop. Never reachable outside
 * demo mode (app/demo-idp is a 404 there and the provider is not in the list).
 */
export type DemoIdpPage =
  | { ok: false }
  | {
      ok: true;
      enteName: string;
      acsPath: string;
      level: 1 | 2 | 3;
      people: { name: string; codiceFiscale: string; samlResponse: string }[];
    };

export async function prepareDemoIdp(
  db: DbOrTx,
  query: Record<string, string | string[] | undefined>,
  opts: { appUrl: string; setup: SpidSetup; idp: KeyPair; now?: Date },
): Promise<DemoIdpPage> {
  const get = (k: string) => (typeof query[k] === "string" ? (query[k] as string) : undefined);
  // The signed string is rebuilt from the decoded parameters, in the binding's order.
  const raw = (["SAMLRequest", "RelayState", "SigAlg", "Signature"] as const)
    .filter((k) => get(k) !== undefined)
    .map((k) => `${k}=${encodeURIComponent(get(k) ?? "")}`)
    .join("&");
  const request = readRedirectAuthnRequest(raw, opts.setup.sp.certificate);
  if (!request) return { ok: false };
  const m = new RegExp(`^${opts.appUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/([a-z0-9-]+)/spid$`).exec(request.issuer);
  if (!m?.[1]) return { ok: false };
  const [ente] = await db.select().from(enti).where(eq(enti.slug, m[1]));
  if (!ente) return { ok: false };
  const u = spUrls(opts.appUrl, ente);
  if (request.acs !== u.acs) return { ok: false };
  const people = await db
    .select({ name: users.name, codiceFiscale: users.codiceFiscale, givenName: users.givenName, familyName: users.familyName, email: users.email })
    .from(users)
    .where(and(isNotNull(users.codiceFiscale), isNull(users.disabledAt)))
    .orderBy(asc(users.name))
    .limit(20);
  return {
    ok: true,
    enteName: ente.name,
    acsPath: new URL(u.acs).pathname,
    level: request.level,
    people: people.flatMap((p) => {
      if (!p.codiceFiscale) return [];
      const [first, ...rest] = p.name.split(" ");
      const samlResponse = buildSignedResponse({
        idpEntityId: demoIdpEntityId(opts.appUrl),
        idp: opts.idp,
        audience: u.entityId,
        acs: u.acs,
        inResponseTo: request.id,
        level: request.level,
        attributes: { fiscalNumber: `TINIT-${p.codiceFiscale}`, name: p.givenName ?? first ?? p.name, familyName: p.familyName ?? rest.join(" "), email: p.email.endsWith(".invalid") ? undefined : p.email },
        now: opts.now,
      });
      return [{ name: p.name, codiceFiscale: p.codiceFiscale, samlResponse }];
    }),
  };
}
