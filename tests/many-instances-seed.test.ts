import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { enti } from "@/db/schema";
import { seedDemoIfEmpty } from "@/db/seed";

/*
 * Instances started together in demo mode on an empty PostgreSQL: each migrates and seeds when it opens the database
 * (db/index.ts). The seed runs under the migration lock, so one instance seeds and the others find it seeded: one
 * municipality, no instance failing on a duplicate. PostgreSQL only: the embedded PGlite is one process's database.
 */
describe.skipIf(!process.env.DATABASE_URL)("demo seed with several instances starting at once", () => {
  it("seeds once: three instances open the same empty database together, every one starts, one ente", { timeout: 180_000 }, async () => {
    const { default: postgres } = await import("postgres");
    const serverUrl = process.env.DATABASE_URL as string;
    const name = `stanza_test_seedrace_${randomBytes(4).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const opened: Database[] = [];
    try {
      const seeded: boolean[] = [];
      const open = async () => {
        const d = await openDatabase({ driver: "postgres", url: url.toString(), max: 3, afterMigrate: async (db) => void seeded.push(await seedDemoIfEmpty(db)) });
        opened.push(d);
        return d;
      };
      const results = await Promise.allSettled([open(), open(), open()]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
      expect(seeded.filter(Boolean)).toHaveLength(1);
      const rows = await opened[0]?.db.select({ slug: enti.slug }).from(enti);
      expect(rows?.map((r) => r.slug)).toEqual(["comune-di-bugliano"]);
    } finally {
      for (const d of opened) await d.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
