import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { count, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { attachments, type Ente, type Service, type User } from "@/db/schema";
import { knownMigrations, pgliteClientOf, pgliteSource, restoreBackup, RestoreError, writeBackup, type BackupManifest } from "@/lib/ops/backup";
import { startDraft } from "@/lib/portal/start-draft";
import { receiveDraftUpload } from "@/lib/pratiche/uploads";
import type { FormDefinition } from "@/lib/services/form-schema";
import { LocalDiskStorage, setStorage } from "@/lib/storage";
import { citizenCtx, createCitizen, createEnte, createService, MINIMAL_PDF } from "./helpers/fixtures";

/**
 * The embedded default's backup (lib/ops/backup.ts): taken while citizens keep uploading (through the domain
 * functions, on a PGlite database in a data folder, as the app runs it), restored into a new folder, opened, and
 * every row's file found with its sha256. Then the refusals: a damaged archive, one cut short, a target in use.
 * PGlite only: on PostgreSQL the commands refuse (pg_dump), so this file always opens its own PGlite.
 */
const FORM: FormDefinition = {
  pages: [{ id: "dati", title: "Dati", items: [{ type: "file", name: "documento", label: "Documento", required: false, accept: ["application/pdf"], maxSizeMb: 1, multiple: false }] }],
};

let work: string;
let database: Database;
let ente: Ente;
let service: Service;
let citizen: User;
let filesRoot: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "stanza-backup-test-"));
  filesRoot = path.join(work, "data", "files");
  database = await openDatabase({ driver: "pglite", dataDir: path.join(work, "data", "pglite") });
  setStorage(new LocalDiskStorage(filesRoot));
  ente = await createEnte(database.db);
  service = await createService(database.db, ente, { formDefinition: FORM });
  citizen = await createCitizen(database.db);
}, 120_000);

afterAll(async () => {
  await database?.close();
  rmSync(work, { recursive: true, force: true });
});

/** One citizen upload: a draft and its file, through the domain functions the routes use. */
async function upload(i: number): Promise<void> {
  const ctx = citizenCtx(database.db, ente, citizen);
  const draft = await startDraft(ctx, service.slug, { privacyAcceptedAt: new Date() });
  const form = new FormData();
  form.append("file", new Blob([Buffer.concat([MINIMAL_PDF, Buffer.from(`% upload ${i} ${"x".repeat(i * 37)}\n`)])], { type: "application/pdf" }), `doc-${i}.pdf`);
  await receiveDraftUpload(ctx, draft.id, "documento", new Request("http://x/upload", { method: "POST", body: form }));
}

async function rowCount(db: Database): Promise<number> {
  const [row] = await db.db.select({ n: count() }).from(attachments);
  return row?.n ?? 0;
}

let archive: string;
let manifest: BackupManifest;
let before = 0;
let after = 0;

describe("a backup taken while uploads go on", () => {
  it("holds the database and the files, every entry with its sha256", async () => {
    for (let i = 0; i < 5; i++) await upload(i);
    before = await rowCount(database);
    // Uploads keep coming, one after the other, during the whole backup.
    let stop = false;
    let n = 100;
    const load = (async () => {
      while (!stop) await upload(n++);
    })();
    const client = pgliteClientOf(database.db);
    expect(client).not.toBeNull();
    archive = path.join(work, "backup.tar.gz");
    try {
      manifest = await writeBackup(createWriteStream(archive), pgliteSource(client!, filesRoot));
      // At least one upload after the backup ended, so the load did overlap it.
      const target = n + 1;
      while (n < target) await new Promise((r) => setTimeout(r, 20));
    } finally {
      stop = true;
      await load;
    }
    after = await rowCount(database);
    expect(after).toBeGreaterThan(before);
    expect(manifest).toMatchObject({ format: 1, app: "stanza", storage: "disk", database: { driver: "pglite", migrations: await knownMigrations() } });
    expect(manifest.files.length).toBeGreaterThanOrEqual(before);
    for (const f of manifest.files) expect(f).toMatchObject({ path: expect.stringMatching(/^files\/uploads\/[0-9a-f-]{36}$/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  }, 180_000);

  it("restores into a new folder: the database opens, migrations current, every row's file there with its sha256", async () => {
    const target = path.join(work, "restored");
    const report = await restoreBackup({ archive, dataDir: target, filesRoot: path.join(target, "files") });
    expect(report.files).toBe(manifest.files.length);
    const restored = await openDatabase({ driver: "pglite", dataDir: path.join(target, "pglite") });
    try {
      const applied = await restored.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(Number((applied as unknown as { rows: { n: number }[] }).rows[0]?.n)).toBe(await knownMigrations());
      const rows = await restored.db.select({ key: attachments.storageKey, sha256: attachments.sha256, size: attachments.size }).from(attachments);
      // Everything committed before the backup began, and nothing that was not committed by its end.
      expect(rows.length).toBeGreaterThanOrEqual(before);
      expect(rows.length).toBeLessThanOrEqual(after);
      for (const row of rows) {
        const file = path.join(target, "files", row.key);
        expect(existsSync(file), row.key).toBe(true);
        const bytes = readFileSync(file);
        expect(bytes.length).toBe(row.size);
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(row.sha256);
      }
      // The restored database takes writes.
      const [e] = await restored.db.select({ n: count() }).from(attachments);
      expect(e?.n).toBe(rows.length);
      await createCitizen(restored.db);
    } finally {
      await restored.close();
    }
  }, 180_000);

  it("with attachments in S3, holds the database only, and says so", async () => {
    const dbOnly = path.join(work, "db-only.tar.gz");
    const m = await writeBackup(createWriteStream(dbOnly), pgliteSource(pgliteClientOf(database.db)!, null));
    expect(m).toMatchObject({ storage: "s3", files: [] });
    const target = path.join(work, "restored-db-only");
    const report = await restoreBackup({ archive: dbOnly, dataDir: target, filesRoot: path.join(target, "files") });
    expect(report).toMatchObject({ files: 0, manifest: { storage: "s3" } });
    expect(existsSync(path.join(target, "pglite", "PG_VERSION"))).toBe(true);
  }, 180_000);

  it("refuses a target that is not empty, unless forced", async () => {
    const target = path.join(work, "restored");
    await expect(restoreBackup({ archive, dataDir: target, filesRoot: path.join(target, "files") })).rejects.toThrow(/not empty/);
    const report = await restoreBackup({ archive, dataDir: target, filesRoot: path.join(target, "files"), force: true });
    expect(report.files).toBe(manifest.files.length);
  }, 180_000);

  it("refuses an archive whose file does not match its sha256, and one cut short, writing nothing", async () => {
    // Change one byte of an attachment inside the tar, and gzip again (so only the manifest can tell).
    const tar = gunzipSync(readFileSync(archive));
    const entry = manifest.files[0]!;
    const at = tar.indexOf(Buffer.from(entry.path));
    expect(at).toBeGreaterThanOrEqual(0);
    tar[at + 512] = tar[at + 512]! ^ 0xff;
    const tampered = path.join(work, "tampered.tar.gz");
    writeFileSync(tampered, gzipSync(tar));
    const t1 = path.join(work, "t1");
    await expect(restoreBackup({ archive: tampered, dataDir: t1, filesRoot: path.join(t1, "files") })).rejects.toThrow(/sha256 does not match/);
    expect(existsSync(path.join(t1, "pglite"))).toBe(false);

    const cut = path.join(work, "cut.tar.gz");
    writeFileSync(cut, readFileSync(archive).subarray(0, Math.floor(readFileSync(archive).length / 2)));
    const t2 = path.join(work, "t2");
    await expect(restoreBackup({ archive: cut, dataDir: t2, filesRoot: path.join(t2, "files") })).rejects.toBeInstanceOf(RestoreError);
    expect(existsSync(path.join(t2, "pglite"))).toBe(false);

    const stranger = path.join(work, "stranger.tar.gz");
    const header = Buffer.alloc(512, 0);
    header.write("../../etc/passwd", 0);
    mkdirSync(path.join(work, "t3"), { recursive: true });
    writeFileSync(stranger, gzipSync(Buffer.concat([header, Buffer.alloc(1024, 0)])));
    await expect(restoreBackup({ archive: stranger, dataDir: path.join(work, "t3"), filesRoot: path.join(work, "t3", "files") })).rejects.toThrow(/unexpected entry/);
  }, 120_000);
});
