import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, enti, paymentProviderSettings } from "@/db/schema";
import { getConfig } from "@/lib/config/env";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import {
  decryptSecret,
  encryptSecret,
  getProviderSettings,
  isAcceptableBaseUrl,
  providerCallbackUrl,
  regenerateCallbackSecret,
  saveProviderSettings,
} from "@/lib/payments/provider-settings";
import { sealDecrypt, sealEncrypt } from "@/lib/acts/secret";
import { resolveProvider } from "@/lib/payments/providers";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, citizenCtx, createAdminWorld, operatorCtx, type AdminWorld } from "./helpers/fixtures";

process.env.AUTH_SECRET ??= "a".repeat(40);
process.env.DEMO_MODE = "false";

let tdb: TestDatabase;
let w: AdminWorld;

beforeAll(async () => {
  tdb = await createTestDatabase();
  w = await createAdminWorld(tdb.db);
});
afterAll(async () => tdb?.close());

const ctx = () => adminCtx(tdb.db, w.ente, w.admin);
const REST = { kind: "pagopa-rest", baseUrl: "https://intermediario.example/gpd/", apiKey: "chiave-segreta-1234", dueDays: "30" };

async function codesOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ValidationError) return [err.code, ...err.fieldErrors.map((f) => `${f.path}:${f.code}`)];
    throw err;
  }
  throw new Error("expected a ValidationError");
}

describe("secret encryption", () => {
  it("round-trips, is randomised, and is not the seal's key", () => {
    const a = encryptSecret("chiave-àè-🔑");
    const b = encryptSecret("chiave-àè-🔑");
    expect(a).not.toBe(b);
    expect(a).not.toContain("chiave");
    expect(decryptSecret(a)).toBe("chiave-àè-🔑");
    // Another HKDF info string: a seal's ciphertext does not open as a provider secret, nor the other way round.
    expect(() => decryptSecret(sealEncrypt(Buffer.from("x")))).toThrow();
    expect(() => sealDecrypt(encryptSecret("x"))).toThrow();
    const [v, iv, tag, body] = a.split(".");
    const tampered = [v, iv, tag, Buffer.from(Buffer.from(body!, "base64").map((c, i) => (i === 0 ? c ^ 1 : c))).toString("base64")].join(".");
    expect(() => decryptSecret(tampered)).toThrow();
    expect(() => decryptSecret("v2.x.y.z")).toThrow(/format/);
  });

  it("accepts https, and http only towards loopback", () => {
    expect(isAcceptableBaseUrl("https://gpd.example.it/api")).toBe(true);
    expect(isAcceptableBaseUrl("http://127.0.0.1:9000")).toBe(true);
    expect(isAcceptableBaseUrl("http://localhost:9000/x")).toBe(true);
    expect(isAcceptableBaseUrl("http://[::1]:9000")).toBe(true);
    expect(isAcceptableBaseUrl("http://gpd.example.it")).toBe(false);
    expect(isAcceptableBaseUrl("http://127.0.0.1.example.it")).toBe(false);
    expect(isAcceptableBaseUrl("ftp://gpd.example.it")).toBe(false);
    expect(isAcceptableBaseUrl("https://user:pw@gpd.example.it")).toBe(false);
    expect(isAcceptableBaseUrl("https://gpd.example.it/?k=1")).toBe(false);
    expect(isAcceptableBaseUrl("non un url")).toBe(false);
  });
});

describe("provider settings", () => {
  it("refuses bad input with codes, and demo outside demo mode", async () => {
    expect(await codesOf(saveProviderSettings(ctx(), { ...REST, baseUrl: "http://gpd.example.it" }))).toContain("baseUrl:payments.base_url_invalid");
    expect(await codesOf(saveProviderSettings(ctx(), { ...REST, baseUrl: "" }))).toContain("baseUrl:payments.base_url_required");
    expect(await codesOf(saveProviderSettings(ctx(), { ...REST, apiKey: "corta" }))).toContain("apiKey:payments.api_key_invalid");
    expect(await codesOf(saveProviderSettings(ctx(), { ...REST, apiKey: "" }))).toContain("apiKey:payments.api_key_required");
    for (const dueDays of ["0", "366", "2.5", "tanti", ""]) expect(await codesOf(saveProviderSettings(ctx(), { ...REST, dueDays }))).toContain("dueDays:payments.due_days_invalid");
    expect(await codesOf(saveProviderSettings(ctx(), { ...REST, kind: "paypal" }))).toContain("kind:payments.provider_kind");
    expect(getConfig().demoMode).toBe(false);
    expect(await codesOf(saveProviderSettings(ctx(), { kind: "demo", dueDays: "30" }))).toContain("kind:payments.demo_disabled");
    expect(await getProviderSettings(ctx())).toBeNull();
    expect(await tdb.db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.enteId, w.ente.id))).toEqual([]);
  });

  it("first save generates the callback secret (shown once), encrypts the API key, audits without secrets", async () => {
    const { settings, newCallbackSecret } = await saveProviderSettings(ctx(), REST);
    expect(newCallbackSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(settings).toMatchObject({ kind: "pagopa-rest", baseUrl: "https://intermediario.example/gpd/", hasApiKey: true, dueDays: 30 });
    expect(settings.callbackSecretMasked.endsWith(newCallbackSecret!.slice(-4))).toBe(true);
    expect(settings.callbackSecretMasked).not.toContain(newCallbackSecret!.slice(0, 8));
    const [row] = await tdb.db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.enteId, w.ente.id));
    expect(row?.apiKeyEnc).not.toContain("chiave");
    expect(decryptSecret(row!.apiKeyEnc!)).toBe("chiave-segreta-1234");
    expect(decryptSecret(row!.callbackSecretEnc)).toBe(newCallbackSecret);
    expect(JSON.stringify(settings)).not.toContain("chiave-segreta");

    // An empty API key keeps the stored one; the callback secret stays the same.
    const again = await saveProviderSettings(ctx(), { ...REST, apiKey: "", dueDays: "60" });
    expect(again.newCallbackSecret).toBeNull();
    expect(again.settings.dueDays).toBe(60);
    const [row2] = await tdb.db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.enteId, w.ente.id));
    expect(decryptSecret(row2!.apiKeyEnc!)).toBe("chiave-segreta-1234");
    expect(decryptSecret(row2!.callbackSecretEnc)).toBe(newCallbackSecret);

    // Nothing changed: no audit row.
    await saveProviderSettings(ctx(), { ...REST, apiKey: "", dueDays: "60" });
    const audits = await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, w.ente.id));
    const mine = audits.filter((a) => a.action.startsWith("payment_provider."));
    expect(mine.map((a) => a.action)).toEqual(["payment_provider.update", "payment_provider.update"]);
    expect(mine[0]?.data).toMatchObject({ changed: ["kind", "baseUrl", "apiKey", "dueDays", "callbackSecret"], before: null });
    expect(mine[1]?.data).toMatchObject({ changed: ["dueDays"] });
    expect(JSON.stringify(mine)).not.toContain("chiave-segreta");
    expect(JSON.stringify(mine)).not.toContain(newCallbackSecret);
  });

  it("is what the provider resolution reads", async () => {
    // The intermediary's paths carry the ente's fiscal code.
    const [ente] = await tdb.db.update(enti).set({ codiceFiscale: "00000000000" }).where(eq(enti.id, w.ente.id)).returning();
    const resolved = await resolveProvider(tdb.db, ente!);
    expect(resolved).toMatchObject({ kind: "pagopa-rest", dueDays: 60 });
  });

  it("regenerates the callback secret, audited", async () => {
    const [before] = await tdb.db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.enteId, w.ente.id));
    const { callbackSecret, settings } = await regenerateCallbackSecret(ctx());
    expect(callbackSecret).not.toBe(decryptSecret(before!.callbackSecretEnc));
    const [after] = await tdb.db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.enteId, w.ente.id));
    expect(decryptSecret(after!.callbackSecretEnc)).toBe(callbackSecret);
    expect(settings.callbackSecretMasked.endsWith(callbackSecret.slice(-4))).toBe(true);
    const [audit] = await tdb.db.select().from(auditLog).where(eq(auditLog.action, "payment_provider.regenerate_secret"));
    expect(audit?.enteId).toBe(w.ente.id);
    expect(JSON.stringify(audit)).not.toContain(callbackSecret);
  });

  it("regenerating before any save is refused with a code", async () => {
    expect(await codesOf(regenerateCallbackSecret(adminCtx(tdb.db, w.other, w.otherAdmin)))).toEqual(["payments.settings_missing"]);
  });

  it("demo is selectable in demo mode", async () => {
    const config = getConfig() as { demoMode: boolean };
    config.demoMode = true;
    try {
      const { settings } = await saveProviderSettings(adminCtx(tdb.db, w.other, w.otherAdmin), { kind: "demo", baseUrl: "", apiKey: "", dueDays: "10" });
      expect(settings).toMatchObject({ kind: "demo", baseUrl: null, hasApiKey: false, dueDays: 10 });
    } finally {
      config.demoMode = false;
    }
  });

  it("another ente's admin, operators and citizens can neither read nor write it", async () => {
    const otherCtx = adminCtx(tdb.db, w.other, w.otherAdmin);
    // The other ente's admin reads and writes its own row only.
    expect((await getProviderSettings(otherCtx))?.kind).toBe("demo");
    await saveProviderSettings(otherCtx, { ...REST, apiKey: "altra-chiave-5678", dueDays: "7" });
    const [mine] = await tdb.db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.enteId, w.ente.id));
    expect(mine?.dueDays).toBe(60);
    expect(decryptSecret(mine!.apiKeyEnc!)).toBe("chiave-segreta-1234");
    // An admin of another ente acting on this one is refused.
    const intruder = adminCtx(tdb.db, w.ente, w.otherAdmin);
    await expect(getProviderSettings(intruder)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(saveProviderSettings(intruder, REST)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(regenerateCallbackSecret(intruder)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getProviderSettings(operatorCtx(tdb.db, w.ente, w.operator))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(saveProviderSettings(citizenCtx(tdb.db, w.ente, w.citizen), REST)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("names the callback URL to give the intermediary", () => {
    expect(providerCallbackUrl(w.ente.slug)).toBe(`${getConfig().appUrl}/api/pagamenti/${w.ente.slug}/notifica`);
  });
});
