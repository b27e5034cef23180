import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoModeOnly } from "@/lib/config/demo";
import { ConfigError, emailShapeCacheFrom, parseConfig } from "@/lib/config/env";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "stanza-config-"));

describe("configuration", () => {
  it("defaults to the embedded database with demo mode off: an empty installation is a real one", () => {
    const c = parseConfig({ DATA_DIR: tmp(), AUTH_SECRET: "y".repeat(40) });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.demoMode).toBe(false);
    expect(c.port).toBe(3000);
    expect(c.appUrl).toBe("http://localhost:3000");
  });

  it("in demo mode (DEMO_MODE=true, as npm run demo sets), generates a secret once and keeps it in DATA_DIR", () => {
    const dir = tmp();
    const a = parseConfig({ DATA_DIR: dir, DEMO_MODE: "true" });
    expect(a.demoMode).toBe(true);
    expect(a.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, "auth-secret"), "utf8").trim()).toBe(a.authSecret);
    expect(parseConfig({ DATA_DIR: dir, DEMO_MODE: "true" }).authSecret).toBe(a.authSecret);
  });

  it("keeps demo mode off with DATABASE_URL, where AUTH_SECRET is required", () => {
    expect(() => parseConfig({ DATABASE_URL: "postgres://u@h/db", DATA_DIR: tmp() })).toThrow(/AUTH_SECRET/);
    const c = parseConfig({ DATABASE_URL: "postgres://u@h/db", AUTH_SECRET: "x".repeat(32) });
    expect(c.demoMode).toBe(false);
    expect(parseConfig({ DATABASE_URL: "postgres://u@h/db", AUTH_SECRET: "x".repeat(32), DEMO_MODE: "true" }).demoMode).toBe(true);
  });

  it("never turns demo mode on unless asked for, whatever the database", () => {
    const dir = tmp();
    expect(() => parseConfig({ DATA_DIR: dir })).toThrow(/AUTH_SECRET/);
    expect(existsSync(path.join(dir, "auth-secret"))).toBe(false);
    expect(() => parseConfig({ DATA_DIR: tmp(), DEMO_MODE: "false" })).toThrow(/AUTH_SECRET/);
    expect(parseConfig({ DATA_DIR: tmp(), DEMO_MODE: "false", AUTH_SECRET: "y".repeat(40) }).demoMode).toBe(false);
    for (const off of ["0", "false", "no", "off"]) expect(parseConfig({ DATA_DIR: tmp(), DEMO_MODE: off, AUTH_SECRET: "y".repeat(40) }).demoMode).toBe(false);
  });

  it("answers 404 for the demo's pages and actions outside demo mode", () => {
    let err: unknown;
    try {
      demoModeOnly({ demoMode: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect(String((err as { digest?: string }).digest)).toMatch(/;404$/);
    expect(() => demoModeOnly({ demoMode: true })).not.toThrow();
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ SMTP_URL: "http://mail" }, "SMTP_URL"],
    [{ APP_URL: "not a url" }, "APP_URL"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
    [{ DEMO_MODE: "maybe" }, "DEMO_MODE"],
    [{ OIDC_ISSUER: "https://id.example" }, "OIDC_CLIENT_ID"],
    [{ STAFF_IDLE_MINUTES: "0" }, "STAFF_IDLE_MINUTES"],
    [{ STAFF_IDLE_MINUTES: "mezz'ora" }, "STAFF_IDLE_MINUTES"],
    [{ STAFF_IDLE_MINUTES: "2.5" }, "STAFF_IDLE_MINUTES"],
    [{ STORAGE_URL: "s3://stanza-files/allegati%zz" }, "STORAGE_URL"],
  ])("a wrong value names the variable in one line: %o", (env, variable) => {
    let err: unknown;
    try {
      parseConfig({ DATA_DIR: tmp(), AUTH_SECRET: "z".repeat(40), ...env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).toContain(variable);
    expect(message.split("\n")).toHaveLength(1);
  });

  it("honours PORT in the default APP_URL and treats empty values as unset", () => {
    const c = parseConfig({ DATA_DIR: tmp(), PORT: "4123", SMTP_URL: "", DATABASE_URL: "", DEMO_MODE: "", AUTH_SECRET: "z".repeat(40) });
    expect(c.demoMode).toBe(false);
    expect(c.appUrl).toBe("http://localhost:4123");
    expect(c.smtpUrl).toBeUndefined();
    expect(c.databaseUrl).toBeUndefined();
  });

  it("staff sessions idle out after 30 minutes unless STAFF_IDLE_MINUTES says otherwise", () => {
    expect(parseConfig({ DATA_DIR: tmp(), DEMO_MODE: "true" }).staffIdleMinutes).toBe(30);
    expect(parseConfig({ DATA_DIR: tmp(), DEMO_MODE: "true", STAFF_IDLE_MINUTES: "15" }).staffIdleMinutes).toBe(15);
  });

  it("the worker renders emails by shape unless EMAIL_SHAPE_CACHE is off; a bench reads the same variable alone", () => {
    expect(parseConfig({ DATA_DIR: tmp(), DEMO_MODE: "true" }).emailShapeCache).toBe(true);
    expect(parseConfig({ DATA_DIR: tmp(), DEMO_MODE: "true", EMAIL_SHAPE_CACHE: "off" }).emailShapeCache).toBe(false);
    expect(() => parseConfig({ DATA_DIR: tmp(), DEMO_MODE: "true", EMAIL_SHAPE_CACHE: "sometimes" })).toThrow(/EMAIL_SHAPE_CACHE/);
    expect(emailShapeCacheFrom({})).toBe(true);
    expect(emailShapeCacheFrom({ EMAIL_SHAPE_CACHE: "0" })).toBe(false);
    expect(() => emailShapeCacheFrom({ EMAIL_SHAPE_CACHE: "sometimes" })).toThrow(/EMAIL_SHAPE_CACHE/);
  });
});
