import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Auth, type AuthConfig } from "@auth/core";
import { authSessions, type Ente, type User } from "@/db/schema";
import type { Database } from "@/db/client";
import { disableOperator, enableOperator, resetOperatorPassword } from "@/lib/admin/operators";
import { issueStaffToken, setPasswordWithToken } from "@/lib/admin/staff-tokens";
import { authCookiesSecure } from "@/lib/auth/auth";
import { createAuthSession, endAuthSession, resolveAuthSession, SESSION_MAX_AGE_S } from "@/lib/auth/sessions";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createCitizen, createEnte, createStaff } from "./helpers/fixtures";

/**
 * Sessions that end: the real Auth.js handlers (lib/auth/auth.ts's configuration) mint the cookie, and the cookie
 * minted BEFORE a logout, a password reset or change, a disabled account or a role change is refused after it.
 */
const APP_URL = "http://stanza.test";
const IDLE = 30;
let tdb: TestDatabase;
let ente: Ente;
let admin: User;
let config: AuthConfig;

beforeAll(async () => {
  tdb = await createTestDatabase();
  // lib/auth/auth.ts reads the process's database and configuration: point both at this test.
  ((globalThis as { __stanzaDb?: { promise?: Promise<Database> } }).__stanzaDb ??= {}).promise = Promise.resolve(tdb);
  Object.assign(process.env, { APP_URL, AUTH_SECRET: "s".repeat(40), DATABASE_URL: "postgres://unused@127.0.0.1/unused", DEMO_MODE: "false", TRUST_PROXY: "false" });
  const { buildConfig } = await import("@/lib/auth/auth");
  config = { ...(await buildConfig()), basePath: "/api/auth" };
  ente = await createEnte(tdb.db);
  admin = await createStaff(tdb.db, ente, "admin");
});
afterAll(async () => {
  const holder = (globalThis as { __stanzaDb?: { promise?: unknown } }).__stanzaDb;
  if (holder) holder.promise = undefined;
  await tdb?.close();
});

type Jar = Map<string, string>;
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
function keep(jar: Jar, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair?.indexOf("=") ?? -1;
    if (!pair || eq < 0) continue;
    const value = pair.slice(eq + 1);
    if (value === "" || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(pair.slice(0, eq));
    else jar.set(pair.slice(0, eq), value);
  }
}
async function call(path: string, jar: Jar, init: { method?: string; body?: Record<string, string>; headers?: Record<string, string>; base?: string } = {}) {
  const res = await Auth(
    new Request(`${init.base ?? APP_URL}${path}`, {
      method: init.method ?? "GET",
      headers: { cookie: cookieHeader(jar), ...(init.body ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...init.headers },
      body: init.body ? new URLSearchParams(init.body) : undefined,
    }),
    config,
  );
  keep(jar, res);
  return res;
}
async function csrf(jar: Jar): Promise<string> {
  return ((await (await call("/api/auth/csrf", jar)).json()) as { csrfToken: string }).csrfToken;
}

/** Logs in through Auth.js's credentials callback; returns the cookie jar holding the session cookie. */
async function login(user: User, password: string): Promise<Jar> {
  const jar: Jar = new Map();
  const csrfToken = await csrf(jar);
  const res = await call("/api/auth/callback/staff", jar, { method: "POST", body: { ente: ente.slug, email: user.email, password, csrfToken, callbackUrl: `${APP_URL}/${ente.slug}/operatori` } });
  expect(res.status).toBe(302);
  expect(jar.has("authjs.session-token")).toBe(true);
  return jar;
}

/** What getCurrentUser does with a cookie: Auth.js decodes it, the session row decides. */
async function currentUser(jar: Jar, now?: Date): Promise<string | null> {
  const session = (await (await call("/api/auth/session", new Map(jar))).json()) as { user?: { id: string; sid: string } } | null;
  const resolved = await resolveAuthSession(tdb.db, session?.user ? { uid: session.user.id, sid: session.user.sid } : null, { staffIdleMinutes: IDLE, now });
  return resolved?.user.id ?? null;
}

describe("a session cookie stops working when", () => {
  it("its user logs out (server side: a copy of the cookie is refused too)", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], "password-di-prova-1");
    const jar = await login(op, "password-di-prova-1");
    const copy = new Map(jar);
    expect(await currentUser(copy)).toBe(op.id);
    const csrfToken = await csrf(jar);
    await call("/api/auth/signout", jar, { method: "POST", body: { csrfToken, callbackUrl: APP_URL } });
    expect(jar.has("authjs.session-token")).toBe(false);
    expect(await currentUser(copy)).toBeNull();
  });

  it("logout ends only that session: the same user's other device stays signed in", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], "password-di-prova-2");
    const a = await login(op, "password-di-prova-2");
    const b = await login(op, "password-di-prova-2");
    const session = (await (await call("/api/auth/session", new Map(a))).json()) as { user: { sid: string } };
    await endAuthSession(tdb.db, session.user.sid); // what the logout action does
    expect(await currentUser(a)).toBeNull();
    expect(await currentUser(b)).toBe(op.id);
  });

  it("an admin resets the password, or the user sets a new one", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], "password-di-prova-3");
    const jar = await login(op, "password-di-prova-3");
    await resetOperatorPassword(adminCtx(tdb.db, ente, admin), op.id, { appUrl: APP_URL });
    expect(await currentUser(jar)).toBeNull();

    const op2 = await createStaff(tdb.db, ente, "operator", [], "password-di-prova-4");
    const jar2 = await login(op2, "password-di-prova-4");
    const link = await issueStaffToken(tdb.db, { enteId: ente.id, userId: op2.id, purpose: "reset", createdBy: admin.id });
    expect(await currentUser(jar2)).toBe(op2.id);
    await setPasswordWithToken(tdb.db, ente, link.token, "una-password-nuova-e-lunga");
    expect(await currentUser(jar2)).toBeNull();
    expect(await currentUser(await login(op2, "una-password-nuova-e-lunga"))).toBe(op2.id);
  });

  it("the account is disabled, and when a disabled role is given back (a role change either way)", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], "password-di-prova-5");
    const jar = await login(op, "password-di-prova-5");
    await disableOperator(adminCtx(tdb.db, ente, admin), op.id);
    expect(await currentUser(jar)).toBeNull();
    await enableOperator(adminCtx(tdb.db, ente, admin), op.id);
    expect(await currentUser(jar)).toBeNull();
    const fresh = await login(op, "password-di-prova-5");
    expect(await currentUser(fresh)).toBe(op.id);
    // A change refused (nothing to do) ends nothing.
    await enableOperator(adminCtx(tdb.db, ente, admin), op.id);
    expect(await currentUser(fresh)).toBe(op.id);
  });

  it("a staff session has been idle longer than the timeout; a used one lives on; citizens have no idle timeout", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], "password-di-prova-6");
    const jar = await login(op, "password-di-prova-6");
    const t0 = Date.now();
    // Used every 20 minutes: still valid after an hour.
    for (const minutes of [20, 40, 60]) expect(await currentUser(jar, new Date(t0 + minutes * 60_000))).toBe(op.id);
    // Then 31 idle minutes: refused, and for good (the row is gone).
    expect(await currentUser(jar, new Date(t0 + 91 * 60_000 + 1000))).toBeNull();
    expect(await currentUser(jar, new Date(t0 + 92 * 60_000))).toBeNull();

    const citizen = await createCitizen(tdb.db);
    const sid = await createAuthSession(tdb.db, { userId: citizen.id, kind: "citizen" });
    const later = new Date(Date.now() + 3 * 60 * 60_000);
    expect((await resolveAuthSession(tdb.db, { uid: citizen.id, sid }, { staffIdleMinutes: IDLE, now: later }))?.user.id).toBe(citizen.id);
    // ...but every session ends at its absolute lifetime.
    const past = new Date(Date.now() + SESSION_MAX_AGE_S * 1000 + 1000);
    expect(await resolveAuthSession(tdb.db, { uid: citizen.id, sid }, { staffIdleMinutes: IDLE, now: past })).toBeNull();
  });

  it("claims that do not match a live row are refused: no sid (a cookie from before this change), another user's sid", async () => {
    const op = await createStaff(tdb.db, ente, "operator");
    const other = await createStaff(tdb.db, ente, "operator");
    const sid = await createAuthSession(tdb.db, { userId: op.id, kind: "staff" });
    const opts = { staffIdleMinutes: IDLE };
    expect(await resolveAuthSession(tdb.db, { uid: op.id }, opts)).toBeNull();
    expect(await resolveAuthSession(tdb.db, { uid: other.id, sid }, opts)).toBeNull();
    expect(await resolveAuthSession(tdb.db, { uid: op.id, sid: "not-a-uuid" }, opts)).toBeNull();
    expect((await resolveAuthSession(tdb.db, { uid: op.id, sid }, opts))?.user.id).toBe(op.id);
    expect(await tdb.db.select().from(authSessions).where(eq(authSessions.id, sid))).toHaveLength(1);
  });
});

describe("TRUST_PROXY off: X-Forwarded-Proto does not make the cookies secure", () => {
  // Next.js builds the request URL's scheme from X-Forwarded-Proto, so a forged header reaches Auth.js as an
  // https URL; without useSecureCookies pinned, Auth.js then sets __Secure-/__Host- cookies over plain http.
  const forged = { base: "https://stanza.test", headers: { "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" } };

  it("keeps the plain cookie names and no Secure flag when APP_URL is http", async () => {
    const res = await call("/api/auth/csrf", new Map(), forged);
    const cookies = res.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) {
      expect(c).not.toMatch(/^__(Secure|Host)-/);
      expect(c).not.toMatch(/;\s*Secure/i);
    }
    const op = await createStaff(tdb.db, ente, "operator", [], "password-di-prova-7");
    const jar: Jar = new Map();
    const csrfToken = await csrf(jar);
    await call("/api/auth/callback/staff", jar, { ...forged, method: "POST", body: { ente: ente.slug, email: op.email, password: "password-di-prova-7", csrfToken, callbackUrl: "/" } });
    expect([...jar.keys()]).toContain("authjs.session-token");
  });

  it("redirects stay on this site, as paths, whatever X-Forwarded-Host says", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], "password-di-prova-8");
    const jar: Jar = new Map();
    const csrfToken = await csrf(jar);
    const res = await call("/api/auth/callback/staff", jar, { ...forged, method: "POST", body: { ente: ente.slug, email: op.email, password: "password-di-prova-8", csrfToken, callbackUrl: `https://evil.example/${ente.slug}` } });
    expect(res.headers.get("location")).toBe("/");
    const ok = await call("/api/auth/callback/staff", new Map(jar), { method: "POST", body: { ente: ente.slug, email: op.email, password: "password-di-prova-8", csrfToken, callbackUrl: `${APP_URL}/${ente.slug}/operatori?x=1` } });
    expect(ok.headers.get("location")).toBe(`/${ente.slug}/operatori?x=1`);
  });

  it("decides from APP_URL alone", () => {
    expect(authCookiesSecure("https://stanza.comune.example")).toBe(true);
    expect(authCookiesSecure("http://localhost:3000")).toBe(false);
    expect(config.useSecureCookies).toBe(false);
  });
});
