import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { SignedXml } from "xml-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, authSessions, samlAssertions, samlRequests, users, type Ente } from "@/db/schema";
import { createAuthSession, resolveAuthSession } from "@/lib/auth/sessions";
import type { IdpConfig } from "@/lib/config/spid-idps";
import { consumeSamlResponse, SamlRefusal, spendLoginTicket } from "@/lib/spid/acs";
import { buildSignedResponse, readRedirectAuthnRequest, type ResponseInput } from "@/lib/spid/idp-response";
import { certBody, loadOrCreateKeyPair, type KeyPair } from "@/lib/spid/keys";
import { buildSpMetadata } from "@/lib/spid/metadata";
import { spUrls, type SpidSetup } from "@/lib/spid/setup";
import { startSamlLogin } from "@/lib/spid/start-login";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createEnte, makeCodiceFiscale } from "./helpers/fixtures";

const APP = "https://stanza.example";
const IDP_ENTITY = "https://idp.example/spid";
let tdb: TestDatabase;
let ente: Ente;
let sp: KeyPair;
let idpKeys: KeyPair;
let forger: KeyPair;
let setup: SpidSetup;
let idp: IdpConfig;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  const dir = mkdtempSync(path.join(tmpdir(), "spid-test-"));
  [sp, idpKeys, forger] = await Promise.all([loadOrCreateKeyPair(dir, "sp", "SP"), loadOrCreateKeyPair(dir, "idp", "IdP"), loadOrCreateKeyPair(dir, "forger", "Forger")]);
  idp = { id: "test-idp", kind: "spid", entityId: IDP_ENTITY, name: "Test IdP", ssoUrl: "https://idp.example/sso", certificates: [certBody(idpKeys.certificate)] };
  setup = { sp, idps: [idp, { ...idp, id: "other-idp", entityId: "https://other.example/spid", ssoUrl: "https://other.example/sso" }] };
}, 240_000);
afterAll(async () => tdb?.close());

/** The in-suite identity provider: reads our signed AuthnRequest from the redirect and answers it. */
async function begin(level: 1 | 2 | 3 = 2, idpId = "test-idp") {
  const started = await startSamlLogin(tdb.db, ente, { idpId, level, next: `/${ente.slug}/area-personale` }, { appUrl: APP, setup });
  lastStarted = started.requestId;
  const url = new URL(started.url);
  const request = readRedirectAuthnRequest(url.search, sp.certificate);
  if (!request) throw new Error("the AuthnRequest did not verify");
  return { url, request };
}

function answer(request: { id: string; acs: string }, over: Partial<ResponseInput> = {}) {
  const u = spUrls(APP, ente);
  return buildSignedResponse({
    idpEntityId: IDP_ENTITY,
    idp: idpKeys,
    audience: u.entityId,
    acs: request.acs,
    inResponseTo: request.id,
    level: 2,
    attributes: { fiscalNumber: `TINIT-${cf}`, name: "Lucia", familyName: "Verdi", email: "lucia.verdi@example.com" },
    ...over,
  });
}

const cf = makeCodiceFiscale();
let lastStarted: string | null = null;
/** Posted by the browser that started the last login (its request cookie), unless told otherwise. */
const consume = (saml: string, now?: Date, browserRequestId: string | null = lastStarted) => consumeSamlResponse(tdb.db, ente, saml, { appUrl: APP, setup, now, browserRequestId });
async function refusedWith(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(SamlRefusal);
  return (err as SamlRefusal).code;
}

describe("SPID AuthnRequest", () => {
  it("is signed (RSA-SHA256, redirect binding) and says what AgID asks for", async () => {
    const { url, request } = await begin(2);
    expect(url.origin + url.pathname).toBe("https://idp.example/sso");
    expect(url.searchParams.get("SigAlg")).toBe("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    expect(request.acs).toBe(`${APP}/${ente.slug}/spid/acs`);
    expect(request.issuer).toBe(`${APP}/${ente.slug}/spid`);
    const { inflateRawSync } = await import("node:zlib");
    const xml = inflateRawSync(Buffer.from(url.searchParams.get("SAMLRequest") ?? "", "base64")).toString();
    expect(xml).toContain('ForceAuthn="true"');
    expect(xml).toContain('Comparison="minimum"');
    expect(xml).toContain("https://www.spid.gov.it/SpidL2");
    expect(xml).toContain('AttributeConsumingServiceIndex="0"');
    expect(xml).toContain("urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
    expect(xml).toMatch(/<saml:Issuer[^>]*NameQualifier="https:\/\/stanza\.example\/[^"]+\/spid"/);
    expect(xml).toMatch(/<saml:Issuer[^>]*Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity"/);
    const [row] = await tdb.db.select().from(samlRequests).where(eq(samlRequests.id, request.id));
    expect(row).toMatchObject({ enteId: ente.id, idpEntityId: IDP_ENTITY, level: 2, method: "spid" });
    // SpidL1 may reuse the provider's session: no ForceAuthn.
    const l1 = await begin(1);
    expect(inflateRawSync(Buffer.from(l1.url.searchParams.get("SAMLRequest") ?? "", "base64")).toString()).not.toContain("ForceAuthn");
  });

  it("a tampered query does not verify", async () => {
    const { url } = await begin(2);
    expect(readRedirectAuthnRequest(url.search.replace("SigAlg=", "RelayState=x&SigAlg="), sp.certificate)).toBeNull();
    expect(readRedirectAuthnRequest(url.search, forger.certificate)).toBeNull();
  });
});

describe("SPID Assertion Consumer Service", () => {
  it("accepts a signed answer to our request: creates the citizen, gives a one-time ticket for a session of that level", async () => {
    const { request } = await begin(2);
    const { ticket, next } = await consume(answer(request));
    expect(next).toBe(`/${ente.slug}/area-personale`);
    const spent = await spendLoginTicket(tdb.db, ticket);
    expect(spent).toMatchObject({ method: "spid", level: 2 });
    expect(spent?.user).toMatchObject({ codiceFiscale: cf, givenName: "Lucia", familyName: "Verdi", email: "lucia.verdi@example.com" });
    expect(await spendLoginTicket(tdb.db, ticket)).toBeNull();
    const sid = await createAuthSession(tdb.db, { userId: spent!.user.id, kind: "citizen", method: spent!.method, level: spent!.level });
    expect(await resolveAuthSession(tdb.db, { uid: spent!.user.id, sid }, { staffIdleMinutes: 30 })).toMatchObject({ method: "spid", level: 2 });
    const audits = await tdb.db.select().from(auditLog).where(and(eq(auditLog.enteId, ente.id), eq(auditLog.action, "login.spid")));
    expect(audits.at(-1)?.data).toMatchObject({ method: "spid", level: 2, idp: IDP_ENTITY });
  });

  it("a level above the one asked for is fine; a level below is refused", async () => {
    const a = await begin(1);
    const { ticket } = await consume(answer(a.request, { level: 3 }));
    expect((await spendLoginTicket(tdb.db, ticket))?.level).toBe(3);
    const b = await begin(3);
    expect(await refusedWith(consume(answer(b.request, { level: 2 })))).toBe("spid.level_too_low");
  });

  it("refuses a forged answer (signed with another key)", async () => {
    const { request } = await begin();
    expect(await refusedWith(consume(answer(request, { idp: forger })))).toBe("spid.invalid_response");
  });

  it("refuses an unsigned answer, and one whose assertion was changed after signing", async () => {
    const a = await begin();
    expect(await refusedWith(consume(answer(a.request, { unsigned: true })))).toBe("spid.invalid_response");
    const b = await begin();
    const tampered = Buffer.from(Buffer.from(answer(b.request, { signResponse: false }), "base64").toString().replace("Lucia", "Luciano")).toString("base64");
    expect(await refusedWith(consume(tampered))).toBe("spid.invalid_response");
  });

  it("refuses an expired answer, and one not valid yet", async () => {
    const a = await begin();
    const past = new Date(Date.now() - 9 * 60_000);
    expect(await refusedWith(consume(answer(a.request, { now: past, validityMs: 2 * 60_000 })))).toBe("spid.expired");
    const b = await begin();
    expect(await refusedWith(consume(answer(b.request, { now: new Date(Date.now() + 5 * 60_000) })))).toBe("spid.not_yet_valid");
  });

  it("refuses the same answer twice (replay)", async () => {
    const { request } = await begin();
    const saml = answer(request);
    await consume(saml);
    expect(await refusedWith(consume(saml))).toBe("spid.replayed");
    const [stored] = await tdb.db.select().from(samlAssertions).where(eq(samlAssertions.idpEntityId, IDP_ENTITY));
    expect(stored).toBeDefined();
  });

  it("refuses an answer meant for another service (audience) or another address (recipient)", async () => {
    const a = await begin();
    expect(await refusedWith(consume(answer(a.request, { audience: "https://other-sp.example/spid" })))).toBe("spid.wrong_audience");
    const b = await begin();
    const otherAcs = buildSignedResponse({ idpEntityId: IDP_ENTITY, idp: idpKeys, audience: spUrls(APP, ente).entityId, acs: "https://evil.example/acs", inResponseTo: b.request.id, level: 2, attributes: { fiscalNumber: cf, name: "A", familyName: "B" } });
    expect(await refusedWith(consume(otherAcs))).toBe("spid.wrong_recipient");
  });

  it("refuses an unsolicited answer and one to a request we never made", async () => {
    expect(await refusedWith(consume(answer({ id: "_never-asked", acs: spUrls(APP, ente).acs })))).toBe("spid.unsolicited");
    const noInResponseTo = Buffer.from(Buffer.from(answer({ id: "_x", acs: spUrls(APP, ente).acs }), "base64").toString().replace(/ InResponseTo="_x"/, "")).toString("base64");
    expect(await refusedWith(consume(noInResponseTo))).toBe("spid.unsolicited");
  });

  it("refuses a valid answer posted by another browser than the one that started the login (login CSRF)", async () => {
    const { request } = await begin();
    const saml = answer(request);
    expect(await refusedWith(consume(saml, undefined, null))).toBe("spid.unsolicited");
    expect(await refusedWith(consume(saml, undefined, "_0000000000000000000000000000000000000000"))).toBe("spid.unsolicited");
    // The right browser still can, once.
    await consume(saml, undefined, request.id);
  });

  it("refuses an answer from another identity provider than the one chosen, even if validly signed by it", async () => {
    const { request } = await begin(2, "other-idp");
    expect(await refusedWith(consume(answer(request)))).toBe("spid.wrong_issuer");
  });

  it("refuses an answer after the request expired, and garbage", async () => {
    const { request } = await begin();
    expect(await refusedWith(consume(answer(request), new Date(Date.now() + 11 * 60_000)))).toBe("spid.request_expired");
    expect(await refusedWith(consume("not base64 xml"))).toBe("spid.invalid_response");
  });

  it("audits every refusal with its code", async () => {
    const rows = await tdb.db.select().from(auditLog).where(and(eq(auditLog.enteId, ente.id), eq(auditLog.action, "login.refuse")));
    const codes = new Set(rows.map((r) => (r.data as { code: string }).code));
    for (const c of ["spid.invalid_response", "spid.expired", "spid.replayed", "spid.wrong_audience", "spid.unsolicited", "spid.wrong_issuer"]) expect(codes).toContain(c);
    expect(await tdb.db.select().from(users).where(eq(users.codiceFiscale, "X"))).toEqual([]);
    expect(authSessions).toBeDefined();
  });
});

describe("SP metadata", () => {
  it("is signed by the SP key, the signature verifies, and it has AgID's elements", () => {
    const xml = buildSpMetadata(APP, { ...ente, codiceIpa: "c_b123", email: "info@bugliano.example", phone: "+39 050 123456" }, sp, "Servizi online");
    const sig = new SignedXml({ publicCert: sp.certificate });
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)?.[0];
    expect(signature).toBeDefined();
    sig.loadSignature(signature!);
    expect(sig.checkSignature(xml)).toBe(true);
    const other = new SignedXml({ publicCert: forger.certificate });
    other.loadSignature(signature!);
    expect(() => other.checkSignature(xml)).toThrow();
    expect(xml).toContain('AuthnRequestsSigned="true"');
    expect(xml).toContain('WantAssertionsSigned="true"');
    expect(xml).toContain(`entityID="${APP}/${ente.slug}/spid"`);
    expect(xml).toMatch(/<md:AssertionConsumerService index="0" isDefault="true" Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="[^"]+\/spid\/acs"\/>/);
    expect(xml).toMatch(/<md:SingleLogoutService [^>]+\/spid\/slo"/);
    expect(xml).toContain('<md:AttributeConsumingService index="0">');
    for (const a of ["fiscalNumber", "name", "familyName", "email"]) expect(xml).toContain(`RequestedAttribute Name="${a}"`);
    expect(xml).toContain("<spid:IPACode>c_b123</spid:IPACode>");
    expect(xml).toContain("<spid:Public/>");
    expect(xml).toContain('<md:ContactPerson contactType="other">');
    expect(xml).toMatch(/<md:EntityDescriptor[^>]*><ds:Signature/);
    expect(xml).toContain("rsa-sha256");
  });
});

describe("login levels", () => {
  it("a SpidL1 session is sent back to the login page for an L2 service; L2 and L3 pass; email links only reach level-0 services", async () => {
    const { levelRedirect } = await import("@/lib/auth/levels");
    const next = `/${ente.slug}/servizi/contributo/compila`;
    const to = levelRedirect(ente.slug, 1, 2, next);
    expect(to).not.toBeNull();
    const url = new URL(to ?? "", APP);
    expect(url.pathname).toBe(`/${ente.slug}/accedi`);
    expect(url.searchParams.get("livello")).toBe("2");
    expect(url.searchParams.get("next")).toBe(next);
    expect(levelRedirect(ente.slug, 2, 2, next)).toBeNull();
    expect(levelRedirect(ente.slug, 3, 2, next)).toBeNull();
    expect(levelRedirect(ente.slug, 0, 1, next)).not.toBeNull();
    expect(levelRedirect(ente.slug, 0, 0, next)).toBeNull();
  });

  it("the login page then asks the identity provider for that level", async () => {
    const { request } = await begin(3);
    expect(request.level).toBe(3);
  });

  it("new services ask for SpidL2 by default", async () => {
    const { createService } = await import("./helpers/fixtures");
    const service = await createService(tdb.db, ente);
    expect(service.minAuthLevel).toBe(2);
  });
});

describe("email-link login", () => {
  it("is off by default: the request is refused and no email is queued", async () => {
    const { requestSignInLink } = await import("@/lib/auth/email-link");
    const { outbox } = await import("@/db/schema");
    const off = await createEnte(tdb.db);
    expect(off.emailLoginEnabled).toBe(false);
    expect(await requestSignInLink(tdb.db, off, "someone@example.com", { appUrl: APP, lang: "it" })).toEqual({ ok: false, reason: "disabled" });
    expect(await tdb.db.select().from(outbox).where(eq(outbox.enteId, off.id))).toEqual([]);
    const on = await createEnte(tdb.db, { emailLoginEnabled: true });
    expect(await requestSignInLink(tdb.db, on, "someone@example.com", { appUrl: APP, lang: "it" })).toEqual({ ok: true });
  });

  it("the ente's admin turns it on in the settings, and the change is audited", async () => {
    const { updateEnteSettings } = await import("@/lib/admin/settings");
    const { createStaff } = await import("./helpers/fixtures");
    const e = await createEnte(tdb.db);
    const admin = await createStaff(tdb.db, e, "admin");
    const base = { name: e.name, primaryColor: "#0066cc", languages: ["it", "en"], defaultLanguage: "it", quietHoursStart: "20:00", quietHoursEnd: "08:00", holidays: "", reminderDays: "7" };
    const updated = await updateEnteSettings({ db: tdb.db, ente: e, actor: { kind: "admin", userId: admin.id } }, { ...base, emailLoginEnabled: "on" });
    expect(updated.emailLoginEnabled).toBe(true);
    const [audit] = await tdb.db.select().from(auditLog).where(and(eq(auditLog.enteId, e.id), eq(auditLog.action, "ente.update")));
    expect((audit?.data as { changed: string[] }).changed).toContain("emailLoginEnabled");
  });
});

describe("the ACS is the one cross-site write", () => {
  it("the proxy lets a cross-site POST reach /{ente}/spid/acs and nothing else", async () => {
    const { SAML_ACS_PATH } = await import("@/lib/edge/cross-site");
    expect(SAML_ACS_PATH.test("/comune-di-bugliano/spid/acs")).toBe(true);
    for (const p of ["/comune-di-bugliano/spid/acs/x", "/comune-di-bugliano/spid/login", "/comune-di-bugliano/accedi", "/a/b/spid/acs", "//spid/acs", "/comune-di-bugliano/spid/acs?x"]) expect(SAML_ACS_PATH.test(p)).toBe(false);
  });

  it("only the ACS route skips the origin check", async () => {
    const { readdirSync, readFileSync, statSync } = await import("node:fs");
    const root = path.resolve(import.meta.dirname, "..", "app");
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : [path.join(d, n)]));
    const users = walk(root).filter((f) => readFileSync(f, "utf8").includes('origin: "identity-provider"')).map((f) => path.relative(root, f));
    expect(users).toEqual([path.join("(citizen)", "[ente]", "spid", "acs", "route.ts")]);
  });
});
