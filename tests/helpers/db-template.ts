import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MIGRATIONS_FOLDER, openDatabase } from "@/db/client";

/**
 * The migrated template every test database starts from (vitest's globalSetup makes it once per run; see
 * tests/helpers/global-setup.ts). Each file used to run initdb and every migration from scratch: about 3 s of CPU
 * per PGlite database and 0.5–1 s per PostgreSQL one, across a hundred or so databases per run.
 *   PGlite:     a dump of a migrated data folder (`dumpDataDir`), loaded with `loadDataDir`.
 *   PostgreSQL: a migrated database on the server, copied by `CREATE DATABASE … TEMPLATE`.
 * Named by a hash of the migrations (and PGlite's version), so a changed migration makes a new template; and
 * `openDatabase` still runs the migrator on the copy (a no-op when the template is current), so a copy is never
 * behind the migrations.
 */
export function templateKey(): string {
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(path.relative(MIGRATIONS_FOLDER, p)).update("\0").update(readFileSync(p)).update("\0");
    }
  };
  walk(MIGRATIONS_FOLDER);
  const pglite = JSON.parse(readFileSync(path.join(process.cwd(), "node_modules", "@electric-sql", "pglite", "package.json"), "utf8")) as { version: string };
  h.update(`pglite@${pglite.version}`);
  return h.digest("hex").slice(0, 16);
}

/** The PGlite template: a dump file in the system's temporary folder, made once and reused by later runs. */
export async function ensurePgliteTemplate(key: string): Promise<string> {
  const file = path.join(os.tmpdir(), `stanza-pglite-template-${key}.tar`);
  if (existsSync(file)) return file;
  const d = await openDatabase({ driver: "pglite" });
  try {
    const client = (d.db as unknown as { $client: import("@electric-sql/pglite").PGlite }).$client;
    const dump = await client.dumpDataDir("none");
    // Written aside and renamed: runs side by side never read a half-written file.
    const part = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(part, Buffer.from(await dump.arrayBuffer()));
    renameSync(part, file);
  } finally {
    await d.close();
  }
  return file;
}

/**
 * The PostgreSQL template on the server of `serverUrl`. Made under an advisory lock, migrated under a temporary
 * name and renamed when complete: runs side by side (other checkouts on the same server) never copy a half-made one.
 */
export async function ensurePostgresTemplate(serverUrl: string, key: string): Promise<string> {
  const { default: postgres } = await import("postgres");
  const name = `stanza_tpl_${key}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const reserved = await admin.reserve();
    try {
      await reserved`select pg_advisory_lock(727275)`;
      // A half-made one left by a run that was stopped: nobody else is making one while this lock is held.
      for (const { datname } of await reserved<{ datname: string }[]>`select datname from pg_database where datname like ${`${name}_part_%`}`) {
        await reserved.unsafe(`drop database if exists ${datname} with (force)`);
      }
      const found = await reserved`select 1 from pg_database where datname = ${name}`;
      if (found.length === 0) {
        const part = `${name}_part_${randomBytes(3).toString("hex")}`;
        await reserved.unsafe(`create database ${part}`);
        const url = new URL(serverUrl);
        url.pathname = `/${part}`;
        // openDatabase holds one connection for its migration lock and migrates on another.
        const d = await openDatabase({ driver: "postgres", url: url.toString(), max: 2 });
        await d.close();
        await reserved.unsafe(`alter database ${part} rename to ${name}`);
      }
    } finally {
      await reserved`select pg_advisory_unlock(727275)`;
      reserved.release();
    }
  } finally {
    await admin.end();
  }
  return name;
}
