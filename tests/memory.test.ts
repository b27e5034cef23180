// Every in-process cache is bounded (an LRU with a maximum), and the server's heap growth is tuned (lib/memory.ts).
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARTNER_CACHE_MAX, partnerCacheFor, VERIFIED_MAX, verifiedSecrets } from "@/lib/api/auth";
import { LOOKUP_CACHE_MAX, shortLivedCache } from "@/lib/notifications/deliver";
import { emailShapes, MAX_SHAPES, resetEmailShapes } from "@/lib/notifications/render-shapes";
import { HEAP_GROWING_PERCENT, tuneHeapGrowth } from "@/lib/memory";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.close();
});

describe("in-process caches are bounded", () => {
  it("verified partner secrets: at most VERIFIED_MAX digests", () => {
    for (let i = 0; i < VERIFIED_MAX + 250; i++) verifiedSecrets.set(`digest-${i}`, true);
    expect(verifiedSecrets.size).toBe(VERIFIED_MAX);
    // The newest are kept, the oldest went first.
    expect(verifiedSecrets.has(`digest-${VERIFIED_MAX + 249}`)).toBe(true);
    expect(verifiedSecrets.has("digest-0")).toBe(false);
    verifiedSecrets.clear();
  });

  it("partner rows: at most PARTNER_CACHE_MAX per database, a row in use is not evicted by a flood of others", () => {
    const cache = partnerCacheFor(tdb.db);
    const entry = { row: {} as never, until: Date.now() + 5000, generation: 0 };
    cache.set("in-use", entry);
    for (let i = 0; i < PARTNER_CACHE_MAX * 2; i++) {
      cache.set(`slug-${i}`, entry);
      if (i % 100 === 0) cache.get("in-use");
    }
    expect(cache.size).toBe(PARTNER_CACHE_MAX);
    expect(cache.has("in-use")).toBe(true);
    expect(partnerCacheFor(tdb.db)).toBe(cache);
    cache.clear();
  });

  it("the email handler's ente/service lookups: at most LOOKUP_CACHE_MAX, loads only on a miss", async () => {
    const lookup = shortLivedCache<{ id: string }>();
    let loads = 0;
    const load = (id: string) => async () => {
      loads += 1;
      return { id };
    };
    for (let i = 0; i < LOOKUP_CACHE_MAX + 300; i++) await lookup(`id-${i}`, load(`id-${i}`));
    expect(lookup.entries.size).toBe(LOOKUP_CACHE_MAX);
    expect(loads).toBe(LOOKUP_CACHE_MAX + 300);
    expect(await lookup(`id-${LOOKUP_CACHE_MAX + 299}`, load("x"))).toEqual({ id: `id-${LOOKUP_CACHE_MAX + 299}` });
    expect(loads).toBe(LOOKUP_CACHE_MAX + 300); // a hit
    expect(await lookup("missing", async () => undefined)).toBeUndefined();
    expect(lookup.entries.has("missing")).toBe(false); // a miss is not cached
  });

  it("email render shapes: at most MAX_SHAPES", () => {
    resetEmailShapes();
    for (let i = 0; i < MAX_SHAPES + 100; i++) emailShapes.set(`kind\n{"shape":${i}}`, "direct");
    expect(emailShapes.size).toBe(MAX_SHAPES);
    resetEmailShapes();
    expect(emailShapes.size).toBe(0);
  });
});

describe("heap growth", () => {
  it("is left alone when the process was started with its own factor", () => {
    expect(tuneHeapGrowth(HEAP_GROWING_PERCENT, ["--heap-growing-percent=20"], "")).toBe(false);
    expect(tuneHeapGrowth(HEAP_GROWING_PERCENT, [], "--max-old-space-size=512 --heap_growing_percent=80")).toBe(false);
  });

  // A process that keeps ~40 MB of live objects while it churns through short-lived ones: V8's default factor
  // lets its heap fill with garbage to several times that; tuned, the heap stays within a small multiple.
  const churn = (tune: boolean) => {
    const script = `
      ${tune ? `const { tuneHeapGrowth } = await import(${JSON.stringify(path.resolve("lib/memory.ts"))}); if (!tuneHeapGrowth()) throw new Error("not tuned");` : ""}
      const live = []; for (let i = 0; i < 300000; i++) live.push({ i, s: "live" + i, a: [i, i] });
      let junk = []; let max = 0;
      for (let r = 0; r < 150; r++) {
        for (let i = 0; i < 20000; i++) junk.push({ r, i, s: "junk" + i, b: new Uint8Array(64) });
        if (junk.length > 200000) junk = [];
        max = Math.max(max, process.memoryUsage().heapTotal);
      }
      console.log(Math.round(max / 1048576), live.length);`;
    const res = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    expect(res.status, res.stderr).toBe(0);
    return Number(res.stdout.split(" ")[0]);
  };

  it("the tuned factor keeps a churning heap well below V8's default growth", () => {
    const untuned = churn(false);
    const tuned = churn(true);
    expect(tuned).toBeLessThan(untuned * 0.7);
  }, 60_000);
});

describe("PGlite", () => {
  it("runs with the smaller buffer pool", async () => {
    const { openDatabase, PGLITE_SHARED_BUFFERS } = await import("@/db/client");
    const { sql } = await import("drizzle-orm");
    const database = await openDatabase({ driver: "pglite" });
    try {
      const rows = (await database.db.execute(sql`show shared_buffers`)) as unknown as { rows: { shared_buffers: string }[] };
      expect(rows.rows[0]?.shared_buffers).toBe(PGLITE_SHARED_BUFFERS);
    } finally {
      await database.close();
    }
  });
});
