/**
 * `npm run restore -- FILE [--data-dir DIR] [--files-dir DIR] [--force]`
 *
 * Restores a backup made by `npm run backup` into DATA_DIR (or --data-dir): the database into DIR/pglite, the
 * attachments into DIR/files (or the folder of a file: STORAGE_URL, or --files-dir). Only with the app stopped:
 * it refuses a data folder another process has open, and a target that is not empty unless --force. Every sha256
 * of the archive is checked against its manifest before anything is written in place. Then the restored
 * database is opened (migrated to this version) and every attachment row checked against its file.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { isNotNull } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { attachments, enti } from "@/db/schema";
import { processesHolding, restoreBackup, RestoreError } from "@/lib/ops/backup";
import { backupEnv } from "./restore-env";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "data-dir": { type: "string" }, "files-dir": { type: "string" }, force: { type: "boolean", default: false } },
});
const env = backupEnv(process.env);
if (env.databaseUrl && !values["data-dir"]) {
  console.error("DATABASE_URL is set: the database is PostgreSQL. Restore it with pg_restore (docs/operations.md, \"Backups\").");
  process.exit(2);
}
const archive = positionals[0];
if (!archive || !existsSync(archive)) {
  console.error("usage: npm run restore -- FILE [--data-dir DIR] [--files-dir DIR] [--force]");
  process.exit(2);
}
const dataDir = path.resolve(values["data-dir"] ?? env.dataDir);
const filesRoot = path.resolve(values["files-dir"] ?? (values["data-dir"] ? path.join(dataDir, "files") : (env.filesRoot ?? path.join(dataDir, "files"))));
const holders = processesHolding(path.join(dataDir, "pglite"));
if (holders && holders.length > 0) {
  console.error(`Process ${holders.join(", ")} has ${path.join(dataDir, "pglite")} open: stop the app (and any worker) first.`);
  process.exit(1);
}

const sha256 = (file: string) =>
  new Promise<string>((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (c) => hash.update(c))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject);
  });

try {
  const report = await restoreBackup({ archive, dataDir, filesRoot, force: values.force });
  const m = report.manifest;
  console.log(`Restored the backup of ${m.createdAt} (Stanza ${m.version}, ${m.database.migrations} migrations) into ${dataDir}`);
  if (m.storage === "s3") console.log("Its attachments are in S3 (not in the archive): point STORAGE_URL at the bucket (or its restored copy).");
  else console.log(`${report.files} attachment files (${report.bytes} bytes) in ${filesRoot}`);
  // Open it as the app will (migrations brought up to date) and check every attachment row against its file.
  const db = await openDatabase({ driver: "pglite", dataDir: path.join(dataDir, "pglite") });
  try {
    if (m.storage === "disk") {
      const rows = [
        ...(await db.db.select({ key: attachments.storageKey, sha256: attachments.sha256 }).from(attachments)),
        ...(await db.db.select({ key: enti.logoStorageKey }).from(enti).where(isNotNull(enti.logoStorageKey))).map((r) => ({ key: r.key ?? "", sha256: null })),
      ];
      const bad: string[] = [];
      for (const r of rows) {
        const file = path.join(filesRoot, r.key);
        if (!existsSync(file) || (r.sha256 && (await sha256(file)) !== r.sha256)) bad.push(r.key);
      }
      if (bad.length) {
        console.error(`${bad.length} of ${rows.length} stored files are missing or differ (deleted while the backup ran?): ${bad.slice(0, 5).join(", ")}`);
        process.exitCode = 1;
      } else console.log(`Checked: the database opens, and all ${rows.length} stored files referenced by it are present with their sha256.`);
    }
  } finally {
    await db.close();
  }
} catch (err) {
  console.error(`Restore failed: ${err instanceof RestoreError ? err.message : err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
