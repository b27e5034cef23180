import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { openDatabase, type Database } from "@/db/client";

export type TestDatabase = Database & { label: string };

let pgliteTemplate: Blob | undefined;

/** The dump of the migrated PGlite template (tests/helpers/db-template.ts), read once per test file. */
function pgliteTemplateDump(): Blob | undefined {
  const file = inject("pgliteTemplate");
  if (!file) return undefined;
  pgliteTemplate ??= new Blob([readFileSync(file)]);
  return pgliteTemplate;
}

/** `create database <name>`, copied from the run's migrated template when there is one. */
export function createDatabaseSql(name: string): string {
  const template = inject("postgresTemplate");
  return template ? `create database ${name} template ${template}` : `create database ${name}`;
}

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server of DATABASE_URL
 * (dropped afterwards) when it is set, otherwise an in-memory PGlite. Never mocked. Both start as a copy of the
 * run's migrated template (tests/helpers/global-setup.ts) instead of running every migration again.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await openDatabase({ driver: "pglite", loadDataDir: pgliteTemplateDump() });
    return { ...db, label: "pglite" };
  }
  const { default: postgres } = await import("postgres");
  const name = `stanza_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(createDatabaseSql(name));
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

export { rowsOf } from "@/db/client";
