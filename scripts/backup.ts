/**
 * `npm run backup -- --out FILE [--url http://127.0.0.1:3000] [--token OPS_TOKEN]`
 *
 * A backup of the embedded database (PGlite) and the attachments on disk, as one .tar.gz (lib/ops/backup.ts).
 * While the app runs, the app makes it (GET /api/ops/backup: OPS_TOKEN, or this machine only): PGlite lives in the
 * app's process. When nothing answers at the URL, this opens DATA_DIR itself, unless another process holds it.
 * The archive is checked (every sha256 against its manifest) before it is renamed to FILE.
 * With DATABASE_URL (PostgreSQL) it refuses: use pg_dump (docs/operations.md, "Backups").
 */
import { createWriteStream, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { processesHolding, pgliteSource, stageAndVerify, writeBackup, type BackupManifest } from "@/lib/ops/backup";
import { backupEnv } from "./restore-env";

const { values } = parseArgs({
  options: { out: { type: "string" }, url: { type: "string" }, token: { type: "string" }, force: { type: "boolean", default: false } },
});
const env = backupEnv(process.env);
if (env.databaseUrl) {
  console.error("DATABASE_URL is set: the database is PostgreSQL. Back it up with pg_dump (docs/operations.md, \"Backups\").");
  process.exit(2);
}
if (!values.out) {
  console.error("usage: npm run backup -- --out FILE [--url http://127.0.0.1:3000] [--token TOKEN]");
  process.exit(2);
}
const out = path.resolve(values.out);
const part = `${out}.part`;
const url = (values.url ?? `http://127.0.0.1:${env.port}`).replace(/\/$/, "");
const token = values.token ?? env.opsToken;

async function fromRunningApp(): Promise<"done" | "not-running"> {
  let res: Response;
  try {
    res = await fetch(`${url}/api/ops/backup`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    return "not-running";
  }
  if (!res.ok || !res.body) {
    const text = await res.text().catch(() => "");
    console.error(`The app at ${url} refused the backup (${res.status}): ${text.slice(0, 300)}`);
    process.exit(1);
  }
  console.log(`Backup made by the running app at ${url} (attachments: ${res.headers.get("x-stanza-storage") ?? "?"})`);
  await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>), createWriteStream(part));
  return "done";
}

async function fromDataDir(): Promise<void> {
  const pgliteDir = path.join(env.dataDir, "pglite");
  if (!existsSync(path.join(pgliteDir, "PG_VERSION"))) {
    console.error(`Nothing answers at ${url} and ${pgliteDir} holds no database.`);
    process.exit(1);
  }
  const holders = processesHolding(pgliteDir);
  if (holders === null && !values.force) {
    console.error(`Nothing answers at ${url}, and this system cannot tell whether another process has ${pgliteDir} open. Stop the app (or give its --url); --force if you are sure it is stopped.`);
    process.exit(1);
  }
  if (holders && holders.length > 0) {
    console.error(`Nothing answers at ${url}, but process ${holders.join(", ")} has ${pgliteDir} open: is the app running at another address? Pass --url.`);
    process.exit(1);
  }
  console.log(`The app is not running: backing up ${env.dataDir} directly`);
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const client = await PGlite.create(pgliteDir, { extensions: { pg_trgm } });
  try {
    await writeBackup(createWriteStream(part), pgliteSource(client, env.filesRoot));
  } finally {
    await client.close();
  }
}

try {
  if ((await fromRunningApp()) === "not-running") await fromDataDir();
  // The archive is trusted only once read back: a stream cut short (the app stopped mid-way) fails here.
  const staging = mkdtempSync(path.join(os.tmpdir(), "stanza-backup-check-"));
  let manifest: BackupManifest;
  try {
    manifest = await stageAndVerify(part, staging);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  renameSync(part, out);
  const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
  console.log(`Wrote ${out}: database (${manifest.database.migrations} migrations), ${manifest.storage === "disk" ? `${manifest.files.length} attachment files (${bytes} bytes)` : "no attachments: they are in S3, back the bucket up with its versioning or replication"}; every sha256 checked.`);
} catch (err) {
  rmSync(part, { force: true });
  console.error(`Backup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
