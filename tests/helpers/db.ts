import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "@/db/client";

export type TestDatabase = Database & { label: string };

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server of DATABASE_URL
 * (dropped afterwards) when it is set, otherwise an in-memory PGlite. Never mocked.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await openDatabase({ driver: "pglite" });
    return { ...db, label: "pglite" };
  }
  const { default: postgres } = await import("postgres");
  const name = `stanza_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ driver: "postgres", url: url.toString(), max: 25 });
  return {
    ...db,
    label: `postgres:${name}`,
    close: async () => {
      await db.close();
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** The message of an error and of its causes (drizzle wraps the driver's error in "Failed query: …"). */
export function errorText(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  while (e instanceof Error && parts.length < 5) {
    parts.push(e.message);
    e = e.cause;
  }
  return parts.join(" | ") || String(err);
}

/** `db.execute` answers an array (postgres.js) or `{ rows }` (PGlite): the rows either way. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
