/**
 * `npm run storage:migrate [-- --from file:PATH] [--dry-run]`
 *
 * Copies every stored file the database refers to (attachments, entes' logos) from the disk store (DATA_DIR/files,
 * or `--from file:PATH`) to the S3 store named by STORAGE_URL=s3://…, under the same keys, and checks each copy's
 * sha256 (read back from S3) against its database row. Files already in S3 with the right sha256 are skipped, so it
 * can be run again. Deletes nothing. Prints a summary; exits 1 when any file is mismatched or missing, 2 on a usage
 * or configuration error. Run it with the app's environment; with PGlite, while the app is stopped.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@/db/client";
import { getConfig } from "@/lib/config/env";
import { LocalDiskStorage } from "@/lib/storage";
import { migrateStorage } from "@/lib/storage/migrate";
import { S3Storage } from "@/lib/storage/s3";

function fail(message: string): never {
  console.error(`storage:migrate: ${message}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({ options: { from: { type: "string" }, "dry-run": { type: "boolean", default: false } }, strict: true });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
})();

let config: ReturnType<typeof getConfig>;
try {
  config = getConfig();
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
if (config.storage.kind !== "s3") fail("STORAGE_URL must name the destination bucket: s3://BUCKET/PREFIX");
if (values.from !== undefined && !values.from.startsWith("file:")) fail("--from must be file:PATH");
const root = values.from ? path.resolve(values.from.slice("file:".length)) : path.join(config.dataDir, "files");
const from = new LocalDiskStorage(root);
const to = new S3Storage(config.storage);
const dryRun = values["dry-run"];

const database = config.databaseUrl
  ? await openDatabase({ driver: "postgres", url: config.databaseUrl, max: 2 })
  : await openDatabase({ driver: "pglite", dataDir: path.join(config.dataDir, "pglite") });
let code = 0;
try {
  await to.ready();
  const target = `s3://${config.storage.bucket}${config.storage.prefix ? `/${config.storage.prefix}` : ""}`;
  console.log(`storage:migrate: ${root} → ${target}${dryRun ? " (dry run: nothing is written)" : ""}`);
  const s = await migrateStorage({ db: database.db, from, to, dryRun, log: (line) => console.log(line) });
  console.log(
    `storage:migrate: ${s.total} files: ${s.copied} ${dryRun ? "to copy" : "copied"}, ${s.skipped} skipped (already in S3), ${s.mismatched.length} mismatched, ${s.missing.length} missing`,
  );
  for (const p of [...s.mismatched, ...s.missing]) console.error(`  ${p.storageKey} (${p.what}): ${p.problem}`);
  if (s.mismatched.length + s.missing.length > 0) code = 1;
} catch (err) {
  console.error(`storage:migrate: ${err instanceof Error ? err.message : String(err)}`);
  code = 2;
} finally {
  to.destroy();
  await database.close();
}
process.exit(code);
