import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database, type OpenOptions } from "@/db/client";
import { createDatabaseSql } from "./db";

/**
 * A database that child processes (`npm run worker`, a built server) and the test itself take turns on: on
 * PostgreSQL (DATABASE_URL) a fresh database on that server, on PGlite a fresh data folder. `env` is what a child
 * needs to use it (DATABASE_URL and/or DATA_DIR); `withDb` opens it in the test for one step and closes it again
 * (PGlite is one process at a time); `cleanup` drops or removes it.
 */
export type ProcessDatabase = {
  open: OpenOptions;
  env: Record<string, string>;
  withDb<T>(fn: (d: Database) => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
};

export async function databaseForProcesses(prefix: string, opts: { max?: number } = {}): Promise<ProcessDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `stanza-${prefix}-`));
  let open: OpenOptions;
  let env: Record<string, string>;
  let drop: () => Promise<void> = async () => {};
  if (serverUrl) {
    const { default: postgres } = await import("postgres");
    const name = `stanza_${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(createDatabaseSql(name));
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    open = { driver: "postgres", url: url.toString(), max: opts.max ?? 5 };
    env = { DATABASE_URL: url.toString(), DATA_DIR: dataDir };
    drop = async () => {
      const c = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await c.unsafe(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    open = { driver: "pglite", dataDir: path.join(dataDir, "pglite") };
    env = { DATA_DIR: dataDir };
  }
  return {
    open,
    env,
    async withDb(fn) {
      const d = await openDatabase(open);
      try {
        return await fn(d);
      } finally {
        await d.close();
      }
    },
    async cleanup() {
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
