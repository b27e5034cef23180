import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNotNull, isNull, lt } from "drizzle-orm";
import { SamlStatusError } from "@node-saml/node-saml";
import { DOMParser } from "@xmldom/xmldom";
import type { DbOrTx } from "@/db/client";
import { samlAssertions, samlRequests, users, type Ente, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { upsertCitizenFromIdentity } from "@/lib/auth/citizen-identity";
import { levelFromUri, type LoginMethod } from "@/lib/auth/levels";
import { BadRequestError } from "@/lib/errors";
import type { ErrorCode } from "@/lib/i18n/errors";
import { CLOCK_SKEW_MS, responseValidator } from "./saml";
import { spUrls, type SpidSetup } from "./setup";

const SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
/** A SAML Response is a few kB; anything past this is not one. */
export const MAX_RESPONSE_BYTES = 256 * 1024;
/** A login ticket is spent by the redirect that follows the ACS at once; two minutes is plenty. */
const TICKET_TTL_MS = 2 * 60_000;

export class SamlRefusal extends BadRequestError {
  constructor(code: ErrorCode) {
    super(code);
  }
}
const refuse = (code: ErrorCode): never => {
  throw new SamlRefusal(code);
};

function parse(xml: string): Document | null {
  let failed = false;
  const fail = () => {
    failed = true;
  };
  let doc;
  try {
    doc = new DOMParser({ errorHandler: { warning: () => undefined, error: fail, fatalError: fail } }).parseFromString(xml, "text/xml");
  } catch {
    return null;
  }
  return failed || !doc.documentElement ? null : (doc as unknown as Document);
}

const first = (el: Element | Document, ns: string, name: string) => el.getElementsByTagNameNS(ns, name)[0] ?? null;
const text = (el: Element | null) => el?.textContent?.trim() ?? "";

/**
 * Cheap checks on the Response as received, before its signature is checked, so the citizen (and the audit log)
 * learn the precise reason: they can only refuse, never accept. Everything is checked again on the verified
 * assertion by node-saml and below.
 */
function precheck(doc: Document, expect: { audience: string; now: number }): void {
  const assertion = first(doc, SAML, "Assertion");
  if (!assertion) return;
  const conditions = first(assertion, SAML, "Conditions");
  const audiences = conditions ? Array.from(conditions.getElementsByTagNameNS(SAML, "Audience")).map((a) => text(a)) : [];
  if (audiences.length && !audiences.includes(expect.audience)) refuse("spid.wrong_audience");
  const times = [conditions, first(assertion, SAML, "SubjectConfirmationData")].filter((e): e is Element => e !== null);
  for (const el of times) {
    const nb = Date.parse(el.getAttribute("NotBefore") ?? "");
    const noa = Date.parse(el.getAttribute("NotOnOrAfter") ?? "");
    if (!Number.isNaN(noa) && expect.now - CLOCK_SKEW_MS >= noa) refuse("spid.expired");
    if (!Number.isNaN(nb) && expect.now + CLOCK_SKEW_MS < nb) refuse("spid.not_yet_valid");
  }
}

export type AcsResult = { ticket: string; next: string | null };

/** The cookie naming the AuthnRequest this browser started (set by the login route, read by the ACS). */
export const REQUEST_COOKIE = "stanza_saml_request";

/**
 * The cookie's attributes. The ACS is reached by a cross-site POST, which carries only SameSite=None cookies, and
 * those must be Secure: so over https it is None+Secure; over plain http (a laptop demo, where the identity
 * provider is this same site) Lax is enough.
 */
export function requestCookie(appUrl: string, enteSlug: string, value: string, maxAgeS: number): string {
  const https = new URL(appUrl).protocol === "https:";
  return `${REQUEST_COOKIE}=${value}; Path=/${enteSlug}/spid; Max-Age=${maxAgeS}; HttpOnly; ${https ? "SameSite=None; Secure" : "SameSite=Lax"}`;
}

/** The request id in a Cookie header, if any. */
export function requestIdFromCookies(cookieHeader: string | null): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [k, v] = part.trim().split("=");
    if (k === REQUEST_COOKIE && v && /^_[0-9a-f]{40}$/.test(v)) return v;
  }
  return null;
}

/** What refusing a Response leaves in the audit log (the reason's code and the provider, never the XML). */
async function auditRefusal(db: DbOrTx, ente: Pick<Ente, "id">, code: string, issuer: string, requestId: string | null): Promise<void> {
  await recordAudit(db, { enteId: ente.id, actor: { kind: "system", reason: "spid" }, action: "login.refuse", targetType: "saml_request", targetId: requestId ?? "-", data: { code, issuer: issuer.slice(0, 300) } });
}

/**
 * The Assertion Consumer Service: checks a SAML Response posted by an identity provider and, when every check
 * passes, finds or creates the citizen and answers a one-time ticket the session sign-in spends
 * (`spendLoginTicket`). Checked: the Response answers an outstanding AuthnRequest of ours for this ente
 * (InResponseTo, in the database), not yet answered and not expired; its Issuer is the provider that request
 * went to; the assertion is signed by that provider's certificate (node-saml, xml-crypto); audience = our
 * entityID; NotBefore/NotOnOrAfter within CLOCK_SKEW_MS; SubjectConfirmationData's Recipient = our ACS and its
 * InResponseTo = the request; the level reached is at least the level asked for; the assertion id was never
 * accepted before (replay). A refusal is a `SamlRefusal` with its code, and is audited.
 */
export async function consumeSamlResponse(
  db: DbOrTx,
  ente: Pick<Ente, "id" | "slug">,
  samlResponse: string,
  opts: { appUrl: string; setup: SpidSetup; now?: Date; browserRequestId: string | null },
): Promise<AcsResult> {
  let issuer = "";
  let requestId: string | null = null;
  try {
    return await consume();
  } catch (err) {
    if (err instanceof SamlRefusal) await auditRefusal(db, ente, err.code, issuer, requestId);
    throw err;
  }

  async function consume(): Promise<AcsResult> {
    const now = opts.now ?? new Date();
    if (samlResponse.length > (MAX_RESPONSE_BYTES * 4) / 3 + 4) refuse("spid.invalid_response");
    const xml = Buffer.from(samlResponse, "base64").toString("utf8");
    const doc = parse(xml);
    const root = doc?.documentElement;
    if (!doc || !root || root.namespaceURI !== SAMLP || root.localName !== "Response") return refuse("spid.invalid_response");
    const issuerEl = Array.from(root.childNodes).find((n): n is Element => (n as Element).localName === "Issuer" && (n as Element).namespaceURI === SAML) ?? null;
    issuer = text(issuerEl);
    requestId = root.getAttribute("InResponseTo") || null;
    if (!requestId) return refuse("spid.unsolicited");
    const [request] = await db.select().from(samlRequests).where(and(eq(samlRequests.id, requestId), eq(samlRequests.enteId, ente.id)));
    if (!request || request.answeredAt) {
      const assertionId = first(doc, SAML, "Assertion")?.getAttribute("ID") ?? "";
      const [seen] = assertionId ? await db.select().from(samlAssertions).where(and(eq(samlAssertions.idpEntityId, issuer), eq(samlAssertions.assertionId, assertionId))) : [];
      return refuse(request || seen ? "spid.replayed" : "spid.unsolicited");
    }
    if (request.expiresAt <= now) return refuse("spid.request_expired");
    // Bound to the browser that started the login (REQUEST_COOKIE): another browser posting someone else's valid
    // Response (login CSRF: "sign the victim in as the attacker") is refused.
    if (opts.browserRequestId !== request.id) return refuse("spid.unsolicited");
    if (issuer !== request.idpEntityId) return refuse("spid.wrong_issuer");
    const idp = opts.setup.idps.find((i) => i.entityId === request.idpEntityId);
    if (!idp) return refuse("spid.unknown_idp");
    const u = spUrls(opts.appUrl, ente);
    if (root.getAttribute("Destination") && root.getAttribute("Destination") !== u.acs) refuse("spid.wrong_recipient");
    precheck(doc, { audience: u.entityId, now: now.getTime() });

    let profile;
    try {
      ({ profile } = await responseValidator({ entityId: u.entityId, acs: u.acs, sp: opts.setup.sp }, idp, request).validatePostResponseAsync({ SAMLResponse: samlResponse }));
    } catch (err) {
      return refuse(err instanceof SamlStatusError ? "spid.idp_refused" : "spid.invalid_response");
    }
    if (!profile) return refuse("spid.invalid_response");
    // From here on, only the verified assertion.
    if (profile.issuer !== idp.entityId) return refuse("spid.wrong_issuer");
    const assertionDoc = parse(profile.getAssertionXml?.() ?? "");
    const assertion = assertionDoc?.documentElement;
    if (!assertion) return refuse("spid.invalid_response");
    const assertionId = assertion.getAttribute("ID") ?? "";
    if (!assertionId) return refuse("spid.invalid_response");
    const confirmation = first(assertion, SAML, "SubjectConfirmationData");
    if (!confirmation || confirmation.getAttribute("Recipient") !== u.acs) return refuse("spid.wrong_recipient");
    if (confirmation.getAttribute("InResponseTo") !== request.id) return refuse("spid.unsolicited");
    const reached = levelFromUri(text(first(assertion, SAML, "AuthnContextClassRef")));
    if (!reached || reached < request.level) return refuse("spid.level_too_low");
    const attr = (name: string) => (typeof profile[name] === "string" ? (profile[name] as string) : undefined);
    const notOnOrAfter = Date.parse(first(assertion, SAML, "Conditions")?.getAttribute("NotOnOrAfter") ?? "");

    const ticket = randomBytes(32).toString("base64url");
    await db.transaction(async (tx) => {
      const answered = await tx
        .update(samlRequests)
        .set({ answeredAt: now, levelReached: reached, ticketHash: hashTicket(ticket) })
        .where(and(eq(samlRequests.id, request.id), isNull(samlRequests.answeredAt)))
        .returning({ id: samlRequests.id });
      if (answered.length === 0) refuse("spid.replayed");
      await tx.delete(samlAssertions).where(lt(samlAssertions.expiresAt, now));
      const fresh = await tx
        .insert(samlAssertions)
        .values({ idpEntityId: idp.entityId, assertionId, expiresAt: new Date(Math.max(Number.isNaN(notOnOrAfter) ? 0 : notOnOrAfter, now.getTime()) + 24 * 3600_000) })
        .onConflictDoNothing()
        .returning({ id: samlAssertions.assertionId });
      if (fresh.length === 0) refuse("spid.replayed");
      let citizen: User;
      try {
        citizen = await upsertCitizenFromIdentity(tx, { fiscalNumber: attr("fiscalNumber"), given_name: attr("name"), family_name: attr("familyName"), email: attr("email") });
      } catch {
        return refuse("spid.no_fiscal_number");
      }
      if (citizen.disabledAt) refuse("spid.account_disabled");
      await tx.update(samlRequests).set({ userId: citizen.id }).where(eq(samlRequests.id, request.id));
      await recordAudit(tx, { enteId: ente.id, actor: { kind: "citizen", userId: citizen.id }, action: "login.spid", targetType: "user", targetId: citizen.id, data: { method: request.method, level: reached, idp: idp.entityId } });
    });
    return { ticket, next: request.next };
  }
}

const hashTicket = (t: string) => createHash("sha256").update(t).digest("hex");

/**
 * Spends a login ticket (once, within two minutes of the ACS): the citizen, the method and the level reached;
 * null when the ticket is unknown, spent or stale.
 */
export async function spendLoginTicket(db: DbOrTx, ticket: unknown, now = new Date()): Promise<{ user: User; method: LoginMethod; level: number } | null> {
  if (typeof ticket !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(ticket)) return null;
  const [row] = await db
    .delete(samlRequests)
    .where(and(eq(samlRequests.ticketHash, hashTicket(ticket)), isNotNull(samlRequests.userId), gt(samlRequests.answeredAt, new Date(now.getTime() - TICKET_TTL_MS))))
    .returning();
  if (!row?.userId || row.levelReached === null) return null;
  const [user] = await db.select().from(users).where(eq(users.id, row.userId));
  if (!user || user.disabledAt) return null;
  return { user, method: row.method, level: row.levelReached };
}

