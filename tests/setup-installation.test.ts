import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, enti, memberships, staffTokens, users } from "@/db/schema";
import { setupInstallation } from "@/lib/admin/setup";
import { findStaffToken, setPasswordWithToken } from "@/lib/admin/staff-tokens";
import { verifyStaffLogin } from "@/lib/auth/verify-staff";
import { ConflictError, ValidationError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

let tdb: TestDatabase;
const APP = { appUrl: "https://stanza.comune-di-x.example" };
const INPUT = { enteName: "Comune di X", slug: "comune-di-x", adminEmail: "Segreteria@Comune-di-X.example" };

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb?.close());

async function counts() {
  const [e] = await tdb.db.select({ n: sql<number>`count(*)::int` }).from(enti);
  const [u] = await tdb.db.select({ n: sql<number>`count(*)::int` }).from(users);
  const [t] = await tdb.db.select({ n: sql<number>`count(*)::int` }).from(staffTokens);
  return { enti: e?.n, users: u?.n, tokens: t?.n };
}

describe("first set-up of a real installation (npm run setup)", () => {
  it("refuses bad input and writes nothing", async () => {
    for (const bad of [
      { ...INPUT, slug: "Comune di X" },
      { ...INPUT, slug: "api" },
      { ...INPUT, slug: "posta" },
      { ...INPUT, adminEmail: "not-an-email" },
      { ...INPUT, enteName: " " },
    ]) {
      await expect(setupInstallation(tdb.db, bad, APP)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await counts()).toEqual({ enti: 0, users: 0, tokens: 0 });
  });

  it("creates the ente, its admin without a password and a single-use set-password link, once", async () => {
    const result = await setupInstallation(tdb.db, INPUT, APP);
    expect(result.ente).toMatchObject({ slug: "comune-di-x", name: "Comune di X" });
    expect(result.admin.email).toBe("segreteria@comune-di-x.example");
    expect(result.admin.passwordHash).toBeNull();
    const roles = await tdb.db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, result.admin.id));
    expect(roles).toEqual([{ role: "admin" }]);
    const prefix = `${APP.appUrl}/comune-di-x/operatori/imposta-password/`;
    expect(result.setPasswordUrl.startsWith(prefix)).toBe(true);
    const token = result.setPasswordUrl.slice(prefix.length);
    expect((await findStaffToken(tdb.db, result.ente, token))?.user.id).toBe(result.admin.id);
    const audit = await tdb.db.select().from(auditLog).where(eq(auditLog.action, "installation.setup"));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorKind).toBe("system");

    // The link works like an invitation: the admin chooses a password and can sign in; then it is spent.
    await setPasswordWithToken(tdb.db, result.ente, token, "una-password-lunga-e-sicura");
    const login = await verifyStaffLogin(tdb.db, { ente: "comune-di-x", email: INPUT.adminEmail, password: "una-password-lunga-e-sicura" }, "setup-test");
    expect(login.ok).toBe(true);
    expect(await findStaffToken(tdb.db, result.ente, token)).toBeNull();
  });

  it("refuses a second time and changes nothing, whatever the input", async () => {
    const before = await counts();
    expect(before).toEqual({ enti: 1, users: 1, tokens: 1 });
    await expect(setupInstallation(tdb.db, INPUT, APP)).rejects.toBeInstanceOf(ConflictError);
    await expect(setupInstallation(tdb.db, { enteName: "Comune di Y", slug: "comune-di-y", adminEmail: "a@y.example" }, APP)).rejects.toBeInstanceOf(ConflictError);
    expect(await counts()).toEqual(before);
  });
});

describe("two set-ups at once on an empty database", () => {
  it("gives exactly one winner", async () => {
    const fresh = await createTestDatabase();
    try {
      const results = await Promise.allSettled([
        setupInstallation(fresh.db, { enteName: "Comune di A", slug: "comune-di-a", adminEmail: "a@a.example" }, APP),
        setupInstallation(fresh.db, { enteName: "Comune di B", slug: "comune-di-b", adminEmail: "b@b.example" }, APP),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const failed = results.find((r) => r.status === "rejected");
      expect(failed?.status === "rejected" && failed.reason).toBeInstanceOf(ConflictError);
      const [n] = await fresh.db.select({ n: sql<number>`count(*)::int` }).from(enti);
      expect(n?.n).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});
