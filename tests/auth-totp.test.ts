import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSessions, enti, type Ente } from "@/db/schema";
import { updateEnteSettings } from "@/lib/admin/settings";
import { createAuthSession, resolveAuthSession } from "@/lib/auth/sessions";
import {
  base32Decode,
  base32Encode,
  confirmTotpEnrolment,
  disableTotp,
  matchTotp,
  otpauthUri,
  startTotpEnrolment,
  totpCode,
  totpRequiredFor,
  totpStep,
  verifySessionTotp,
} from "@/lib/auth/totp";
import { ValidationError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createEnte, createStaff } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
});
afterAll(async () => tdb?.close());

describe("TOTP (RFC 6238, SHA-1)", () => {
  // RFC 6238 appendix B, secret "12345678901234567890", last six of the eight digits.
  const rfcSecret = base32Encode(Buffer.from("12345678901234567890"));
  it.each([
    [59, "287082"],
    [1111111109, "081804"],
    [1234567890, "005924"],
    [2000000000, "279037"],
  ])("at %i s the code is %s", (t, code) => {
    expect(totpCode(rfcSecret, totpStep(new Date(t * 1000)))).toBe(code);
  });

  it("base32 round-trips and the otpauth URI names issuer, account and secret", () => {
    expect(rfcSecret).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(base32Decode(rfcSecret).toString()).toBe("12345678901234567890");
    const uri = new URL(otpauthUri(rfcSecret, { issuer: "Comune di Prova", account: "a@b.it" }));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Comune di Prova:a@b.it");
    expect(uri.searchParams.get("secret")).toBe(rfcSecret);
  });

  it("accepts one step of drift either way, not two, and never a step already used", () => {
    const now = new Date(1_800_000_000_000);
    const step = totpStep(now);
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, step - 2), now, null)).toBeNull();
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, step), now, step)).toBeNull();
    expect(matchTotp(rfcSecret, "12345", now, null)).toBeNull();
    expect(matchTotp(rfcSecret, "abcdef", now, null)).toBeNull();
  });
});

describe("enrolment and login with a second factor", () => {
  it("enrols with a first code; the login session then waits for a code, which works once", async () => {
    const op = await createStaff(tdb.db, ente, "operator");
    const secret = await startTotpEnrolment(tdb.db, op.id);
    const now = new Date();
    expect(await confirmTotpEnrolment(tdb.db, op.id, "000000", now)).toEqual({ ok: false, reason: "invalid" });
    expect(await confirmTotpEnrolment(tdb.db, op.id, totpCode(secret, totpStep(now)), now)).toEqual({ ok: true });
    await expect(startTotpEnrolment(tdb.db, op.id)).rejects.toBeInstanceOf(ValidationError);

    const sid = await createAuthSession(tdb.db, { userId: op.id, kind: "staff", mfaPending: true });
    expect((await resolveAuthSession(tdb.db, { uid: op.id, sid }, { staffIdleMinutes: 30 }))?.mfaPending).toBe(true);
    // The enrolment's code cannot be replayed at login.
    const reused = totpCode(secret, totpStep(now));
    expect(await verifySessionTotp(tdb.db, { userId: op.id, sessionId: sid, code: reused }, now)).toEqual({ ok: false, reason: "invalid" });
    const later = new Date(now.getTime() + 30_000);
    const code = totpCode(secret, totpStep(later));
    const twice = await Promise.all([
      verifySessionTotp(tdb.db, { userId: op.id, sessionId: sid, code }, later),
      verifySessionTotp(tdb.db, { userId: op.id, sessionId: sid, code }, later),
    ]);
    expect(twice.filter((r) => r.ok)).toHaveLength(1);
    expect((await resolveAuthSession(tdb.db, { uid: op.id, sid }, { staffIdleMinutes: 30 }))?.mfaPending).toBe(false);
  });

  it("wrong codes meet the growing delays", async () => {
    const op = await createStaff(tdb.db, ente, "operator");
    const secret = await startTotpEnrolment(tdb.db, op.id);
    const now = new Date();
    await confirmTotpEnrolment(tdb.db, op.id, totpCode(secret, totpStep(now)), now);
    const sid = await createAuthSession(tdb.db, { userId: op.id, kind: "staff", mfaPending: true });
    for (let i = 0; i < 3; i++) expect((await verifySessionTotp(tdb.db, { userId: op.id, sessionId: sid, code: "000000" }, now)).ok).toBe(false);
    const right = totpCode(secret, totpStep(now) + 1);
    expect(await verifySessionTotp(tdb.db, { userId: op.id, sessionId: sid, code: right }, now)).toEqual({ ok: false, reason: "throttled", retryAfterS: 2 });
  });

  it("an ente can require it of admins: only an admin who has it may switch the rule on, and then cannot drop it", async () => {
    const admin = await createStaff(tdb.db, ente, "admin");
    const settings = {
      name: ente.name,
      primaryColor: "#0066cc",
      languages: ["it", "en"],
      defaultLanguage: "it",
      quietHoursStart: "20:00",
      quietHoursEnd: "08:00",
      holidays: "",
      reminderDays: "7",
      requireAdminTotp: "on",
    };
    await expect(updateEnteSettings(adminCtx(tdb.db, ente, admin), settings)).rejects.toBeInstanceOf(ValidationError);
    const secret = await startTotpEnrolment(tdb.db, admin.id);
    const now = new Date();
    await confirmTotpEnrolment(tdb.db, admin.id, totpCode(secret, totpStep(now)), now);
    await updateEnteSettings(adminCtx(tdb.db, ente, admin), settings);
    const [row] = await tdb.db.select().from(enti).where(eq(enti.id, ente.id));
    expect(row?.requireAdminTotp).toBe(true);
    expect(await totpRequiredFor(tdb.db, admin.id)).toBe(true);
    const later = new Date(now.getTime() + 60_000);
    await expect(disableTotp(tdb.db, admin.id, totpCode(secret, totpStep(later)), later)).rejects.toBeInstanceOf(ValidationError);

    // Switched off again, the admin may turn the factor off; their sessions end with it.
    await updateEnteSettings(adminCtx(tdb.db, ente, admin), { ...settings, requireAdminTotp: undefined });
    await createAuthSession(tdb.db, { userId: admin.id, kind: "staff" });
    expect(await disableTotp(tdb.db, admin.id, totpCode(secret, totpStep(later)), later)).toEqual({ ok: true });
    expect(await tdb.db.select().from(authSessions).where(eq(authSessions.userId, admin.id))).toHaveLength(0);
  });
});
