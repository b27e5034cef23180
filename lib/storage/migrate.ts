import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachments, enti } from "@/db/schema";
import { isMissingFile, type LocalDiskStorage } from "@/lib/storage";
import type { S3Storage } from "@/lib/storage/s3";

/** One stored file the database refers to, with the sha256 its row records (null when the row keeps none). */
export type StoredRef = { storageKey: string; sha256: string | null; what: string };

export type MigrationProblem = { storageKey: string; what: string; problem: string };

export type MigrationSummary = {
  /** Files referred to by the database (each key once). */
  total: number;
  /** Uploaded and verified (with `dryRun`: the ones that would be uploaded). */
  copied: number;
  /** Already in S3 with the right sha256. */
  skipped: number;
  mismatched: MigrationProblem[];
  missing: MigrationProblem[];
};

/**
 * Every file the database refers to: attachments (their row keeps the sha256) and the entes' logos (no sha256 is
 * kept; the disk file's own hash is checked against the copy). Each key once.
 */
export async function storedRefs(db: Db): Promise<StoredRef[]> {
  const refs = new Map<string, StoredRef>();
  const rows = await db.select({ id: attachments.id, storageKey: attachments.storageKey, sha256: attachments.sha256 }).from(attachments).orderBy(attachments.createdAt, attachments.id);
  for (const r of rows) if (!refs.has(r.storageKey)) refs.set(r.storageKey, { storageKey: r.storageKey, sha256: r.sha256 || null, what: `attachment ${r.id}` });
  const logos = await db.select({ id: enti.id, key: enti.logoStorageKey }).from(enti).where(isNotNull(enti.logoStorageKey));
  for (const l of logos) if (l.key && !refs.has(l.key)) refs.set(l.key, { storageKey: l.key, sha256: null, what: `logo of ente ${l.id}` });
  return [...refs.values()];
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The sha256 of a stored file, or null when it does not exist. */
async function hashOrNull(stream: () => Readable): Promise<string | null> {
  try {
    return await sha256Of(stream());
  } catch (err) {
    if (isMissingFile(err)) return null;
    throw err;
  }
}

/**
 * Copies every file the database refers to from the disk store to S3, under the same key, streaming. Each copy is
 * read back from S3 and its sha256 compared with the row's (or, when the row keeps none, the disk file's). Files
 * already in S3 with the right sha256 are skipped, so it can be run again after an interruption. A disk file whose
 * bytes no longer match its row is reported and not copied. Never deletes anything.
 */
export async function migrateStorage(opts: {
  db: Db;
  from: LocalDiskStorage;
  to: S3Storage;
  dryRun?: boolean;
  log?: (line: string) => void;
}): Promise<MigrationSummary> {
  const { from, to } = opts;
  const log = opts.log ?? (() => {});
  const refs = await storedRefs(opts.db);
  const summary: MigrationSummary = { total: refs.length, copied: 0, skipped: 0, mismatched: [], missing: [] };
  for (const ref of refs) {
    const { storageKey, what } = ref;
    const diskHash = await hashOrNull(() => from.stream(storageKey));
    const expected = ref.sha256 ?? diskHash;
    if (expected && (await hashOrNull(() => to.stream(storageKey))) === expected) {
      summary.skipped++;
      continue;
    }
    if (diskHash === null) {
      summary.missing.push({ storageKey, what, problem: "not on disk (and not in S3 with its sha256)" });
      log(`missing     ${storageKey} (${what}): not on disk`);
      continue;
    }
    if (expected !== diskHash) {
      summary.mismatched.push({ storageKey, what, problem: `disk file's sha256 ${diskHash} differs from the row's ${expected}; not copied` });
      log(`mismatched  ${storageKey} (${what}): the disk file's sha256 differs from its row; not copied`);
      continue;
    }
    if (opts.dryRun) {
      summary.copied++;
      log(`would copy  ${storageKey} (${what})`);
      continue;
    }
    await to.putAt(storageKey, from.stream(storageKey));
    const copied = await hashOrNull(() => to.stream(storageKey));
    if (copied !== expected) {
      summary.mismatched.push({ storageKey, what, problem: `the copy read back from S3 has sha256 ${copied ?? "(none)"}, expected ${expected}` });
      log(`mismatched  ${storageKey} (${what}): the copy read back from S3 differs`);
      continue;
    }
    summary.copied++;
    log(`copied      ${storageKey} (${what})`);
  }
  return summary;
}
