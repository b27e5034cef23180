import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, outbox, users, verificationTokens, type Ente, type User } from "@/db/schema";
import { consumeSignInLink, requestSignInLink, SIGN_IN_LINK_POLICY, SIGN_IN_LINK_TTL_MS } from "@/lib/auth/email-link";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { prefillFromProfile } from "@/lib/portal/prefill";
import { updateProfile } from "@/lib/profile/update";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { citizenCtx, createCitizen, createEnte, createStaff, makeCodiceFiscale, operatorCtx } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
let citizen: User;
let other: User;

beforeAll(async () => {
  tdb = await createTestDatabase();
  // Sign-in by email link is off unless the ente turns it on (tests/spid-saml.test.ts checks the refusal).
  ente = await createEnte(tdb.db, { emailLoginEnabled: true });
  citizen = await createCitizen(tdb.db, { codiceFiscale: makeCodiceFiscale(), name: "Mario Rossi" });
  other = await createCitizen(tdb.db);
});
afterAll(async () => tdb?.close());

/** The link the outbox row carries, split into what the confirmation page posts. */
async function lastLink(email: string) {
  const rows = await tdb.db.select().from(outbox).where(and(eq(outbox.kind, "sign_in_link"), eq(outbox.enteId, ente.id)));
  const row = rows.filter((r) => r.payload.email === email).at(-1);
  const url = new URL(String(row?.payload.url));
  return { row, url, email: url.searchParams.get("email") ?? "", token: url.searchParams.get("token") ?? "" };
}

describe("sign-in by email link", () => {
  it("queues the email through the outbox and stores only a hash of the token", async () => {
    const res = await requestSignInLink(tdb.db, ente, "  Nuovo.Cittadino@Example.com ", { appUrl: "https://stanza.example", lang: "it", next: `/${ente.slug}/area-personale` });
    expect(res).toEqual({ ok: true });
    const { row, url, token } = await lastLink("nuovo.cittadino@example.com");
    expect(row?.topic).toBe("email");
    expect(row?.payload).toMatchObject({ email: "nuovo.cittadino@example.com", lang: "it", urgent: true });
    expect(url.pathname).toBe(`/${ente.slug}/accedi/email`);
    const stored = await tdb.db.select().from(verificationTokens).where(eq(verificationTokens.identifier, "email:nuovo.cittadino@example.com"));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token).not.toBe(token);
    expect(stored[0]?.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it("signs in once: a new address becomes a citizen without codice fiscale; the link cannot be reused", async () => {
    await requestSignInLink(tdb.db, ente, "prima.volta@example.com", { appUrl: "http://x", lang: "en" });
    const link = await lastLink("prima.volta@example.com");
    const user = await consumeSignInLink(tdb.db, { email: link.email, token: link.token });
    expect(user?.email).toBe("prima.volta@example.com");
    expect(user?.codiceFiscale).toBeNull();
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await consumeSignInLink(tdb.db, { email: link.email, token: link.token })).toBeNull();
    // Such a citizen's forms start without a codice fiscale: it is typed by hand.
    const prefill = prefillFromProfile({ pages: [{ id: "p", title: "p", items: [{ type: "codice_fiscale", name: "cf", label: "CF", required: true, prefill: "codiceFiscale" }] }] }, user as User);
    expect(prefill).toEqual({});
  });

  it("finds an existing citizen by email, and refuses wrong, expired, staff and disabled", async () => {
    await requestSignInLink(tdb.db, ente, citizen.email, { appUrl: "http://x", lang: "it" });
    const link = await lastLink(citizen.email);
    expect(await consumeSignInLink(tdb.db, { email: link.email, token: "A".repeat(43) })).toBeNull();
    expect(await consumeSignInLink(tdb.db, { email: other.email, token: link.token })).toBeNull();
    expect(await consumeSignInLink(tdb.db, { email: link.email, token: link.token }, new Date(Date.now() + SIGN_IN_LINK_TTL_MS + 1000))).toBeNull();
    expect((await consumeSignInLink(tdb.db, { email: link.email, token: link.token }))?.id).toBe(citizen.id);

    const staff = await createStaff(tdb.db, ente, "operator");
    await requestSignInLink(tdb.db, ente, staff.email, { appUrl: "http://x", lang: "it" });
    const staffLink = await lastLink(staff.email);
    expect(await consumeSignInLink(tdb.db, { email: staffLink.email, token: staffLink.token })).toBeNull();

    const disabled = await createCitizen(tdb.db, { disabledAt: new Date() });
    await requestSignInLink(tdb.db, ente, disabled.email, { appUrl: "http://x", lang: "it" });
    const disabledLink = await lastLink(disabled.email);
    expect(await consumeSignInLink(tdb.db, { email: disabledLink.email, token: disabledLink.token })).toBeNull();
    expect(await consumeSignInLink(tdb.db, "garbage")).toBeNull();
  });

  it("refuses a malformed address and throttles repeated requests", async () => {
    expect(await requestSignInLink(tdb.db, ente, "not-an-email", { appUrl: "http://x", lang: "it" })).toEqual({ ok: false, reason: "invalid" });
    const t0 = Date.now();
    const ask = (afterS: number, email = "insistente@example.com") => requestSignInLink(tdb.db, ente, email, { appUrl: "http://x", lang: "it", now: new Date(t0 + afterS * 1000) });
    const results = [];
    for (let i = 0; i < SIGN_IN_LINK_POLICY.freeAttempts + 1; i++) results.push(await ask(0));
    expect(results.slice(0, SIGN_IN_LINK_POLICY.freeAttempts).every((r) => r.ok)).toBe(true);
    expect(results.at(-1)).toEqual({ ok: false, reason: "throttled", retryAfterS: 2 });
    // A growing delay, not a lock: after it, the owner of the address gets a link again; the next wait is longer.
    expect(await ask(2)).toEqual({ ok: true });
    expect(await ask(3)).toEqual({ ok: false, reason: "throttled", retryAfterS: 3 });
    expect(await ask(6)).toEqual({ ok: true });
    // Other addresses are not affected.
    expect(await ask(6, "qualcun.altro@example.com")).toEqual({ ok: true });
    // Per client address too, when the address is known (TRUST_PROXY).
    const fromOne = (i: number) => requestSignInLink(tdb.db, ente, `bombardato-${i}@example.com`, { appUrl: "http://x", lang: "it", clientAddress: "198.51.100.7" });
    const outcomes = [];
    for (let i = 0; i < 32; i++) outcomes.push((await fromOne(i)).ok);
    expect(outcomes.filter((ok) => !ok).length).toBeGreaterThan(0);
  });

  it("two confirmations of the same link at once: only one signs in", async () => {
    await requestSignInLink(tdb.db, ente, "doppio@example.com", { appUrl: "http://x", lang: "it" });
    const link = await lastLink("doppio@example.com");
    const both = await Promise.all([consumeSignInLink(tdb.db, link), consumeSignInLink(tdb.db, link)]);
    expect(both.filter(Boolean)).toHaveLength(1);
  });
});

describe("profile", () => {
  it("updates contacts and preferences, never the codice fiscale, and audits it", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const updated = await updateProfile(ctx, { name: "Altro Nome", email: "Mario.Nuovo@Example.com", phone: "+39 333 000111", language: "en", emailNotifications: false, codiceFiscale: "XXXXXX00X00X000X" });
    expect(updated.email).toBe("mario.nuovo@example.com");
    expect(updated.name).toBe("Mario Rossi"); // from the identity
    expect(updated.codiceFiscale).toBe(citizen.codiceFiscale);
    expect(updated.language).toBe("en");
    expect(updated.emailNotifications).toBe(false);
    expect(updated.emailVerifiedAt).toBeNull();
    const audit = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, citizen.id), eq(auditLog.action, "profile.update")));
    expect(audit).toHaveLength(1);
  });

  it("lets an email-link citizen set their name; refuses bad input and someone else's address", async () => {
    const [noCf] = await tdb.db.insert(users).values({ email: "senza.cf@example.com", name: "senza.cf@example.com" }).returning();
    const ctx = citizenCtx(tdb.db, ente, noCf as User);
    expect((await updateProfile(ctx, { name: "Anna Neri", email: "senza.cf@example.com", language: "it", emailNotifications: true })).name).toBe("Anna Neri");
    const bad = await updateProfile(ctx, { name: "A", email: "x@", phone: "abc", language: "de", emailNotifications: true }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).fieldErrors.map((f) => f.path).sort()).toEqual(["email", "language", "name", "phone"]);
    const taken = await updateProfile(ctx, { email: other.email, language: "it", emailNotifications: true }).catch((e: unknown) => e);
    expect((taken as ValidationError).fieldErrors).toEqual([{ path: "email", code: "profile.email_taken", params: {}, message: "Questo indirizzo è già usato da un altro account" }]);
    const staff = await createStaff(tdb.db, ente, "operator");
    await expect(updateProfile(operatorCtx(tdb.db, ente, staff), { email: "a@b.it", language: "it", emailNotifications: true })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
