import { afterEach, describe, expect, it } from "vitest";
import { markDraining, readiness, resetHealthForTests, type CheckName } from "@/lib/ops/health";

/**
 * Readiness (lib/ops/health.ts): each check's outcome, a timeout for a check that hangs, no error text or host in
 * the answer, one run of the checks shared for a few seconds, and "draining" from shutdown on. The real checks run
 * against the built server in e2e/api/health.spec.ts and tests/shutdown.test.ts.
 */
afterEach(() => resetHealthForTests());

const ok = async () => {};
const checks = (over: Partial<Record<CheckName, () => Promise<void>>> = {}) => ({ database: ok, storage: ok, mail: ok, ...over });

describe("readiness", () => {
  it("is ready when every check passes", async () => {
    expect(await readiness({ checks: checks(), now: 1 })).toEqual({ status: "ready", checks: { database: { status: "ok" }, storage: { status: "ok" }, mail: { status: "ok" } } });
  });

  it("is unready when a check fails, and tells only which one: no error text, no host", async () => {
    const r = await readiness({
      checks: checks({
        mail: async () => {
          throw new Error("connect ECONNREFUSED smtp.internal.example:25 user=secret");
        },
      }),
      now: 1,
    });
    expect(r).toEqual({ status: "unready", checks: { database: { status: "ok" }, storage: { status: "ok" }, mail: { status: "failed", reason: "unavailable" } } });
    expect(JSON.stringify(r)).not.toMatch(/smtp\.internal|secret|ECONNREFUSED/);
  });

  it("gives a check that hangs a timeout, without waiting for it", async () => {
    const r = await readiness({ checks: checks({ database: () => new Promise<void>(() => {}) }), timeoutMs: 50, now: 1 });
    expect(r.checks.database).toEqual({ status: "failed", reason: "timeout" });
    expect(r.status).toBe("unready");
  });

  it("runs the checks once for callers within the cache time, again after it", async () => {
    let runs = 0;
    const counted = checks({
      database: async () => {
        runs += 1;
      },
    });
    await Promise.all([readiness({ checks: counted, now: 1000, cacheMs: 3000 }), readiness({ checks: counted, now: 1000, cacheMs: 3000 })]);
    await readiness({ checks: counted, now: 3999, cacheMs: 3000 });
    expect(runs).toBe(1);
    await readiness({ checks: counted, now: 4000, cacheMs: 3000 });
    expect(runs).toBe(2);
  });

  it("answers draining from the shutdown on, without running the checks", async () => {
    let runs = 0;
    markDraining();
    const r = await readiness({
      checks: checks({
        database: async () => {
          runs += 1;
        },
      }),
      now: 1,
    });
    expect(r).toEqual({ status: "draining", checks: {} });
    expect(runs).toBe(0);
  });
});
