import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ente, User } from "@/db/schema";
import { clientAddress } from "@/lib/auth/client-address";
import { ACCOUNT_POLICY, ADDRESS_POLICY, claimAttempt, delayAfterAttempts } from "@/lib/auth/throttle";
import { verifyStaffLogin } from "@/lib/auth/verify-staff";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createEnte, createStaff } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
const PASSWORD = "password-giusta-123";

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
});
afterAll(async () => tdb?.close());

const t0 = Date.now();
const at = (s: number) => new Date(t0 + s * 1000);
const login = (user: User, password: string, s: number, address: string | null = null) =>
  verifyStaffLogin(tdb.db, { ente: ente.slug, email: user.email, password }, address, at(s));

describe("growing delays per account", () => {
  it("three tries, then 2 s, 4 s, 8 s…; the right password inside the delay is refused with the wait, after it works", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], PASSWORD);
    for (let i = 0; i < 3; i++) expect(await login(op, "sbagliata", 0)).toEqual({ ok: false, reason: "invalid" });
    expect(await login(op, PASSWORD, 0)).toEqual({ ok: false, reason: "throttled", retryAfterS: 2 });
    expect(await login(op, PASSWORD, 1)).toEqual({ ok: false, reason: "throttled", retryAfterS: 1 });
    expect(await login(op, "sbagliata", 2)).toEqual({ ok: false, reason: "invalid" });
    expect(await login(op, PASSWORD, 2)).toEqual({ ok: false, reason: "throttled", retryAfterS: 4 });
    expect(await login(op, "sbagliata", 6)).toEqual({ ok: false, reason: "invalid" });
    expect(await login(op, PASSWORD, 6)).toEqual({ ok: false, reason: "throttled", retryAfterS: 8 });
    expect((await login(op, PASSWORD, 14)).ok).toBe(true);
    // A success clears the account's count: three free tries again.
    for (let i = 0; i < 3; i++) expect(await login(op, "sbagliata", 15)).toEqual({ ok: false, reason: "invalid" });
    expect((await login(op, PASSWORD, 17)).ok).toBe(true);
  });

  it("attempts refused by the delay neither count nor extend it, so hammering cannot keep the owner out", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], PASSWORD);
    for (let i = 0; i < 3; i++) await login(op, "sbagliata", 0);
    for (let i = 0; i < 50; i++) expect((await login(op, "sbagliata", 1)).ok).toBe(false);
    expect((await login(op, PASSWORD, 2)).ok).toBe(true);
  });

  it("the delay is capped at 15 minutes, however many failures", async () => {
    expect(delayAfterAttempts(2, ACCOUNT_POLICY)).toBe(0);
    expect(delayAfterAttempts(3, ACCOUNT_POLICY)).toBe(2);
    expect(delayAfterAttempts(12, ACCOUNT_POLICY)).toBe(900);
    expect(delayAfterAttempts(10_000, ACCOUNT_POLICY)).toBe(900);
    const op = await createStaff(tdb.db, ente, "operator", [], PASSWORD);
    let s = 0;
    let failures = 0;
    let longest = 0;
    while (failures < 15) {
      const r = await login(op, "sbagliata", s);
      if (r.ok) throw new Error("a wrong password was accepted");
      if (r.reason === "invalid") failures += 1;
      else {
        longest = Math.max(longest, r.retryAfterS);
        s += r.retryAfterS;
      }
    }
    expect(longest).toBe(900);
    // Right after the 15th failure: the owner waits at most 15 minutes, then gets in.
    expect(await login(op, PASSWORD, s)).toEqual({ ok: false, reason: "throttled", retryAfterS: 900 });
    expect((await login(op, PASSWORD, s + 900)).ok).toBe(true);
  });

  it("parallel guesses cannot slip through together: only the free tries are checked", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], PASSWORD);
    const results = await Promise.all(Array.from({ length: 20 }, () => login(op, "sbagliata", 100)));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(ACCOUNT_POLICY.freeAttempts);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(20 - ACCOUNT_POLICY.freeAttempts);
  });

  it("a changed X-Forwarded-For does not reset anything: the account's delay holds from any address", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], PASSWORD);
    for (let i = 0; i < 3; i++) await login(op, "sbagliata", 0, `203.0.113.${i}`);
    expect(await login(op, PASSWORD, 0, "203.0.113.99")).toEqual({ ok: false, reason: "throttled", retryAfterS: 2 });
    expect(await login(op, PASSWORD, 0, null)).toEqual({ ok: false, reason: "throttled", retryAfterS: 2 });
  });
});

describe("per client address (TRUST_PROXY on)", () => {
  it("one address guessing many accounts meets delays; the office's successful logins never do", async () => {
    const victims = await Promise.all(Array.from({ length: ADDRESS_POLICY.freeAttempts + 1 }, () => createStaff(tdb.db, ente, "operator", [], PASSWORD)));
    const results = [];
    for (const v of victims) results.push(await login(v, "sbagliata", 200, "198.51.100.66"));
    expect(results.slice(0, ADDRESS_POLICY.freeAttempts).every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    expect(results.at(-1)).toEqual({ ok: false, reason: "throttled", retryAfterS: 2 });
    // Another address is not slowed down.
    expect((await login(victims[0] as User, PASSWORD, 200, "198.51.100.67")).ok).toBe(true);

    const colleague = await createStaff(tdb.db, ente, "operator", [], PASSWORD);
    for (let i = 0; i < ADDRESS_POLICY.freeAttempts * 2; i++) expect((await login(colleague, PASSWORD, 300 + i, "192.0.2.10")).ok).toBe(true);
  });

  it("the address is the one our proxy appended, never one the client wrote; without TRUST_PROXY there is none", () => {
    const h = (xff: string) => new Headers({ "x-forwarded-for": xff });
    expect(clientAddress(h("203.0.113.5"), false)).toBeNull();
    expect(clientAddress(h("1.2.3.4, 203.0.113.5"), false)).toBeNull();
    expect(clientAddress(h("203.0.113.5"), true)).toBe("203.0.113.5");
    // A client that sends its own X-Forwarded-For only adds entries in front of the proxy's.
    expect(clientAddress(h("1.2.3.4, 203.0.113.5"), true)).toBe("203.0.113.5");
    expect(clientAddress(h("9.9.9.9, 203.0.113.5"), true)).toBe("203.0.113.5");
    expect(clientAddress(h("::ffff:203.0.113.5"), true)).toBe("203.0.113.5");
    expect(clientAddress(h("2001:db8::1"), true)).toBe("2001:db8::1");
    expect(clientAddress(h("not-an-ip"), true)).toBeNull();
    expect(clientAddress(new Headers(), true)).toBeNull();
  });

  it("claimAttempt is per key and atomic on both drivers", async () => {
    const key = `test:${Math.random()}`;
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimAttempt(tdb.db, key, ACCOUNT_POLICY, at(500))));
    expect(claims.filter((c) => c.ok)).toHaveLength(3);
  });
});
