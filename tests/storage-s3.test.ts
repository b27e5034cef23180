import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import type { Db } from "@/db/client";
import { attachments, enti } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { checkCharacter } from "@/lib/services/codice-fiscale";
import { FileTooLargeError, LocalDiskStorage, MissingFileError, getStorage, isMissingFile, openStoredFile, setStorage, storageFor, withStoredFiles } from "@/lib/storage";
import { migrateStorage } from "@/lib/storage/migrate";
import { S3Storage, S3StorageError } from "@/lib/storage/s3";
import { call, closeApiTest, json, openApiTest, setTestApiDeps, type ApiWorld } from "./helpers/api";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createEnte } from "./helpers/fixtures";
import { startS3Server, type S3Server } from "./helpers/s3-server";

/**
 * Attachments in an S3-compatible store: a real local server (s3rver, started here, with signatures checked), the
 * official SDK, multipart uploads for large files, the disk store's errors (too large, missing), credentials
 * refused, the disk → S3 migration command, and the app's own upload and download paths going through it.
 */
let s3: S3Server;
const storages: S3Storage[] = [];

function s3Storage(over: Partial<ConstructorParameters<typeof S3Storage>[0]> = {}): S3Storage {
  const st = new S3Storage({
    bucket: s3.bucket,
    prefix: "stanza",
    endpoint: s3.endpoint,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
    ...over,
  });
  storages.push(st);
  return st;
}

/** The object keys in the bucket under a prefix. */
async function objectKeys(prefix: string): Promise<string[]> {
  const res = await s3Storage().client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
  return (res.Contents ?? []).map((o) => o.Key ?? "").sort();
}

const cf = (first15: string) => first15 + checkCharacter(first15);
const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** `mib` MiB of varied bytes, produced 64 KiB at a time (never held whole), and their sha256. */
function generated(mib: number): { stream: () => Readable; sha256: string; size: number } {
  const chunk = (i: number) => Buffer.alloc(64 * 1024, `parte ${i} `);
  const n = mib * 16;
  const hash = createHash("sha256");
  for (let i = 0; i < n; i++) hash.update(chunk(i));
  return {
    stream: () =>
      Readable.from(
        (function* () {
          for (let i = 0; i < n; i++) yield chunk(i);
        })(),
      ),
    sha256: hash.digest("hex"),
    size: n * 64 * 1024,
  };
}

beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  for (const st of storages) st.destroy();
  await s3?.close();
});

describe("S3Storage", () => {
  it("round-trips a file: size and sha256 counted as it passes, the key under the configured prefix", async () => {
    const st = s3Storage({ prefix: "rt" });
    const body = Buffer.from("Domanda di prova, con àccenti.\n");
    const stored = await st.put(body, { prefix: "uploads" });
    expect(stored.storageKey).toMatch(/^uploads\/[0-9a-f-]{36}$/);
    expect(stored).toMatchObject({ size: body.length, sha256: sha256(body) });
    expect((await st.get(stored.storageKey)).equals(body)).toBe(true);
    expect((await readAll(st.stream(stored.storageKey))).equals(body)).toBe(true);
    expect(await objectKeys("rt/")).toEqual([`rt/${stored.storageKey}`]);
  });

  it("streams a 20 MiB file up in parts (multipart upload) and back down", async () => {
    const st = s3Storage({ prefix: "big" });
    const file = generated(20);
    const before = s3.requests.length;
    const stored = await st.put(file.stream());
    expect(stored).toMatchObject({ size: file.size, sha256: file.sha256 });
    const calls = s3.requests.slice(before);
    expect(calls.filter((r) => /^PUT .*partNumber=/.test(r))).toHaveLength(3);
    expect(calls.some((r) => /^POST .*uploadId=/.test(r))).toBe(true);
    const down = createHash("sha256");
    let size = 0;
    for await (const c of st.stream(stored.storageKey)) {
      down.update(c as Buffer);
      size += (c as Buffer).length;
    }
    expect({ size, sha256: down.digest("hex") }).toEqual({ size: file.size, sha256: file.sha256 });
    // As the download routes serve it: opened (first bytes arrived), then as a web stream.
    const web = Readable.toWeb(await openStoredFile(st, stored.storageKey)) as ReadableStream<Uint8Array>;
    const viaWeb = createHash("sha256");
    const reader = web.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) viaWeb.update(r.value);
    expect(viaWeb.digest("hex")).toBe(file.sha256);
  });

  it("refuses a file past maxBytes with FileTooLargeError and leaves no object (small and multipart)", async () => {
    const st = s3Storage({ prefix: "toolarge" });
    await expect(st.put(Buffer.alloc(2048), { maxBytes: 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    const before = s3.requests.length;
    await expect(st.put(generated(20).stream(), { maxBytes: 12 * 1024 * 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    // One part had gone up: the multipart upload was aborted.
    expect(s3.requests.slice(before).some((r) => /^DELETE .*uploadId=/.test(r))).toBe(true);
    expect(await objectKeys("toolarge/")).toEqual([]);
    // Through the app's step helper, with the caller's refusal.
    const refusal = new Error("troppo grande");
    await expect(withStoredFiles(st, (f) => f.put(Buffer.alloc(4096), { maxBytes: 100, tooLarge: () => refusal }))).rejects.toBe(refusal);
    expect(await objectKeys("toolarge/")).toEqual([]);
  });

  it("a body that breaks mid-way (the client went away) rejects with its own error and leaves no object", async () => {
    const st = s3Storage({ prefix: "broken" });
    for (const mib of [1, 10]) {
      const cut = new Error(`connessione interrotta dopo ${mib} MiB`);
      const body = Readable.from(
        (async function* () {
          for (let i = 0; i < mib * 16; i++) yield Buffer.alloc(64 * 1024, i);
          throw cut;
        })(),
      );
      await expect(st.put(body)).rejects.toBe(cut);
    }
    expect(await objectKeys("broken/")).toEqual([]);
  });

  it("a missing object is the recognisable missing-file error, on get and on stream, as on disk", async () => {
    const st = s3Storage();
    const key = `uploads/${randomUUID()}`;
    const onGet = await st.get(key).catch((e: unknown) => e);
    expect(onGet).toBeInstanceOf(MissingFileError);
    expect(isMissingFile(onGet)).toBe(true);
    const onStream = await readAll(st.stream(key)).catch((e: unknown) => e);
    expect(isMissingFile(onStream)).toBe(true);
    // The disk store says the same thing the same way.
    const disk = new LocalDiskStorage(mkdtempSync(path.join(os.tmpdir(), "stanza-s3-disk-")));
    expect(isMissingFile(await disk.get(key).catch((e: unknown) => e))).toBe(true);
    expect(isMissingFile(await readAll(disk.stream(key)).catch((e: unknown) => e))).toBe(true);
    // What the download routes use: a missing file is "attachment not found" before any response is sent.
    for (const store of [st, disk]) {
      await expect(openStoredFile(store, key)).rejects.toBeInstanceOf(NotFoundError);
      await expect(openStoredFile(store, key)).rejects.toMatchObject({ code: "attachment.not_found" });
    }
    const empty = await st.put(Buffer.alloc(0));
    expect((await readAll(await openStoredFile(st, empty.storageKey))).length).toBe(0);
    // Any other failure is not "missing".
    expect(isMissingFile(new Error("boom"))).toBe(false);
  });

  it("validates keys as the disk store does", async () => {
    const st = s3Storage();
    for (const bad of ["../etc/passwd", "uploads/not-a-uuid", `Uploads/${randomUUID()}`, `a/${randomUUID()}/b`, ""]) {
      await expect(st.get(bad), bad).rejects.toThrow(/invalid storage key/);
      expect(() => st.stream(bad), bad).toThrow(/invalid storage key/);
      await expect(st.remove(bad), bad).rejects.toThrow(/invalid storage key/);
    }
  });

  it("remove is idempotent", async () => {
    const st = s3Storage({ prefix: "rm" });
    const stored = await st.put(Buffer.from("da togliere"));
    await st.remove(stored.storageKey);
    expect(isMissingFile(await st.get(stored.storageKey).catch((e: unknown) => e))).toBe(true);
    await st.remove(stored.storageKey);
    await st.remove(`files/${randomUUID()}`);
    expect(await objectKeys("rm/")).toEqual([]);
  });

  it("ready() answers for a reachable bucket; throws for a missing bucket and for refused credentials", async () => {
    await expect(s3Storage().ready()).resolves.toBeUndefined();
    await expect(s3Storage({ bucket: "non-esiste" }).ready()).rejects.toThrow(/bucket does not exist/);
    const wrongSecret = await s3Storage({ secretAccessKey: "sbagliata" }).ready().catch((e: unknown) => e);
    expect(wrongSecret).toBeInstanceOf(S3StorageError);
    expect(wrongSecret).toMatchObject({ status: 403 });
    expect(String(wrongSecret)).toMatch(/credentials refused/);
    await expect(s3Storage({ accessKeyId: "SCONOSCIUTA" }).ready()).rejects.toThrow(/credentials refused/);
  });

  it("refuses a put with wrong credentials, leaving nothing", async () => {
    const bad = s3Storage({ prefix: "denied", secretAccessKey: "sbagliata" });
    const err = await bad.put(Buffer.from("non passa")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3StorageError);
    expect(String(err)).toMatch(/credentials refused/);
    await expect(bad.put(generated(9).stream())).rejects.toThrow(/credentials refused/);
    expect(await objectKeys("denied/")).toEqual([]);
  });

  it("a store that does not answer fails with a clear error, not a hang", async () => {
    // A port that was just free: nothing listens there any more.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const down = s3Storage({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 2 });
    await expect(down.ready()).rejects.toThrow(/S3 storage: check s3:\/\/stanza-test failed/);
    await expect(down.get(`files/${randomUUID()}`)).rejects.toBeInstanceOf(S3StorageError);

    // A store that accepts the connection and then says nothing: the idle timeout ends the call.
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const stuck = s3Storage({ endpoint: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, idleTimeoutMs: 500, maxAttempts: 1 });
      await expect(stuck.ready()).rejects.toThrow(/S3 storage: check s3:\/\/stanza-test failed: .*timed out/);
      await expect(readAll(stuck.stream(`files/${randomUUID()}`))).rejects.toThrow(/timed out/);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe("the configured store", () => {
  it("is an S3Storage when STORAGE_URL names a bucket, the disk otherwise", async () => {
    const { parseConfig } = await import("@/lib/config/env");
    const config = parseConfig({
      AUTH_SECRET: "x".repeat(32),
      STORAGE_URL: `s3://${s3.bucket}/conf/prefix`,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: "true",
    });
    expect(config.storage).toMatchObject({ kind: "s3", bucket: s3.bucket, prefix: "conf/prefix", forcePathStyle: true });
    const st = await storageFor(config.storage);
    expect(st).toBeInstanceOf(S3Storage);
    if (st instanceof S3Storage) storages.push(st);
    const stored = await st.put(Buffer.from("dalla configurazione"));
    expect(await objectKeys("conf/prefix/")).toEqual([`conf/prefix/${stored.storageKey}`]);
    const disk = parseConfig({ AUTH_SECRET: "x".repeat(32), DATA_DIR: os.tmpdir() });
    expect(await storageFor(disk.storage)).toBeInstanceOf(LocalDiskStorage);
  });
});

/** A file on disk, its attachment row, and what migration should make of it. */
async function diskFixture(db: Db, root: string) {
  const ente = await createEnte(db);
  const disk = new LocalDiskStorage(root);
  const row = async (bytes: Buffer | null, name: string) => {
    const stored = bytes ? await disk.put(bytes, { prefix: "uploads" }) : { storageKey: `uploads/${randomUUID()}`, size: 3, sha256: sha256("???") };
    await db.insert(attachments).values({ enteId: ente.id, kind: "citizen", purpose: "field", filename: name, mimeType: "application/pdf", size: stored.size, sha256: stored.sha256, storageKey: stored.storageKey });
    return stored;
  };
  const good = await row(Buffer.from("%PDF-1.4 buono"), "buono.pdf");
  const other = await row(Buffer.from("%PDF-1.4 altro"), "altro.pdf");
  const corrupt = await row(Buffer.from("%PDF-1.4 integro"), "rovinato.pdf");
  writeFileSync(path.join(root, corrupt.storageKey), "%PDF-1.4 rovinato");
  const missing = await row(null, "perso.pdf");
  const logo = await disk.put(Buffer.from("<svg/>"), { prefix: "logos" });
  await db.update(enti).set({ logoStorageKey: logo.storageKey, logoMimeType: "image/svg+xml" }).where(eq(enti.id, ente.id));
  return { disk, good, other, corrupt, missing, logo };
}

describe("storage:migrate (disk → S3)", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb?.close();
  });

  it("copies every file under its key, checks each sha256, skips what is there, reports mismatched and missing", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "stanza-migrate-"));
    const f = await diskFixture(tdb.db, root);
    const to = s3Storage({ prefix: "migrated" });

    const dry = await migrateStorage({ db: tdb.db, from: f.disk, to, dryRun: true });
    expect(dry).toMatchObject({ total: 5, copied: 3, skipped: 0 });
    expect(await objectKeys("migrated/")).toEqual([]);

    const lines: string[] = [];
    const first = await migrateStorage({ db: tdb.db, from: f.disk, to, log: (l) => lines.push(l) });
    expect(first).toMatchObject({ total: 5, copied: 3, skipped: 0 });
    expect(first.mismatched.map((p) => p.storageKey)).toEqual([f.corrupt.storageKey]);
    expect(first.missing.map((p) => p.storageKey)).toEqual([f.missing.storageKey]);
    expect(lines.filter((l) => l.startsWith("copied"))).toHaveLength(3);
    expect(await objectKeys("migrated/")).toEqual([f.good, f.other, f.logo].map((s) => `migrated/${s.storageKey}`).sort());
    expect(sha256(await to.get(f.good.storageKey))).toBe(f.good.sha256);
    expect((await to.get(f.logo.storageKey)).toString()).toBe("<svg/>");

    // Again: nothing to copy; the disk files are all still there.
    const second = await migrateStorage({ db: tdb.db, from: f.disk, to });
    expect(second).toMatchObject({ total: 5, copied: 0, skipped: 3 });
    expect(second.mismatched).toHaveLength(1);
    expect(second.missing).toHaveLength(1);
    expect(await f.disk.exists(f.good.storageKey)).toBe(true);

    // An object in S3 with the wrong bytes is copied again.
    await to.putAt(f.other.storageKey, Readable.from([Buffer.from("alterato")]));
    const third = await migrateStorage({ db: tdb.db, from: f.disk, to });
    expect(third).toMatchObject({ copied: 1, skipped: 2 });
    expect(sha256(await to.get(f.other.storageKey))).toBe(f.other.sha256);
  });

  it("the command: prints the summary and exits non-zero on a mismatch or a missing file; 0 when all is well", async () => {
    // Its own database, which the command opens itself: PostgreSQL when the suite runs on it, else PGlite on disk.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "stanza-migrate-cli-"));
    const root = path.join(dataDir, "files");
    const pgUrl = process.env.DATABASE_URL;
    const own = pgUrl ? await createTestDatabase() : undefined;
    const env: Record<string, string> = {};
    if (pgUrl && own) {
      const url = new URL(pgUrl);
      url.pathname = `/${own.label.replace(/^postgres:/, "")}`;
      env.DATABASE_URL = url.toString();
    }
    /** PGlite on disk is one process at a time: opened for each change, closed before the command runs. */
    const withDb = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
      if (own) return fn(own.db);
      const local = await openDatabase({ driver: "pglite", dataDir: path.join(dataDir, "pglite") });
      try {
        return await fn(local.db);
      } finally {
        await local.close();
      }
    };
    const f = await withDb((db) => diskFixture(db, root));
    const run = (args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) => {
        execFile(
          path.join(process.cwd(), "node_modules", ".bin", "tsx"),
          ["scripts/storage-migrate.ts", ...args],
          {
            cwd: process.cwd(),
            env: {
              NODE_ENV: "production",
              PATH: process.env.PATH ?? "",
              HOME: process.env.HOME ?? os.tmpdir(),
              ...env,
              DATA_DIR: dataDir,
              AUTH_SECRET: "x".repeat(32),
              STORAGE_URL: `s3://${s3.bucket}/cli`,
              S3_ENDPOINT: s3.endpoint,
              S3_ACCESS_KEY_ID: s3.accessKeyId,
              S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
              S3_FORCE_PATH_STYLE: "true",
            },
          },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout, err: stderr }),
        );
      });
    try {
      const first = await run([]);
      expect(first.out).toContain("5 files: 3 copied, 0 skipped (already in S3), 1 mismatched, 1 missing");
      expect(first.err).toContain(f.corrupt.storageKey);
      expect(first.err).toContain(f.missing.storageKey);
      expect(first.code).toBe(1);
      expect(await objectKeys("cli/")).toHaveLength(3);

      // Once the rows of the broken files are dealt with, a run from an explicit --from folder succeeds.
      await withDb(async (db) => {
        await db.delete(attachments).where(eq(attachments.storageKey, f.corrupt.storageKey));
        await db.delete(attachments).where(eq(attachments.storageKey, f.missing.storageKey));
      });
      const second = await run(["--from", `file:${root}`]);
      expect(second.out).toContain("3 files: 0 copied, 3 skipped (already in S3), 0 mismatched, 0 missing");
      expect(second.code).toBe(0);

      const usage = await run(["--from", "s3://altro"]);
      expect(usage.code).toBe(2);
      expect(usage.err).toContain("--from must be file:PATH");
    } finally {
      await own?.close();
    }
  }, 180_000);
});

describe("the app's attachments through S3", () => {
  let api: { tdb: TestDatabase; w: ApiWorld };
  let previous: Awaited<ReturnType<typeof getStorage>>;
  let st: S3Storage;
  beforeAll(async () => {
    api = await openApiTest();
    previous = await getStorage();
    st = s3Storage({ prefix: "app" });
    setStorage(st);
  });
  afterAll(async () => {
    setStorage(previous);
    if (api) await closeApiTest(api.tdb);
  });

  it("a partner's submission stores its attachment and the generated modulo in S3; the download route reads them back", async () => {
    setTestApiDeps(api.tdb.db);
    const { w } = api;
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const res = await call(`/api/v1.0/${w.partner.slug}/pratica/offline/create`, {
      auth: w.auth,
      json: {
        servizio: w.service.slug,
        richiedente: { codiceFiscale: cf("RSSMRA80A01H501"), nome: "Mario", cognome: "Rossi", email: "mario.rossi@example.com" },
        dati: { oggetto: "Richiesta via API", modalita: "email" },
        allegati: [{ campo: "documento", nomeFile: "domanda.pdf", contentType: "application/pdf", contenuto: pdf.toString("base64") }],
      },
    });
    expect(res.status).toBe(201);
    const body = await json<{ id: string; attachments: { purpose: string; url: string }[] }>(res);
    const rows = await api.tdb.db.select().from(attachments).where(eq(attachments.praticaId, body.id));
    expect(rows.map((r) => r.purpose).sort()).toEqual(["field", "modulo"]);
    expect(await objectKeys("app/")).toEqual(expect.arrayContaining(rows.map((r) => `app/${r.storageKey}`)));
    for (const r of rows) expect(sha256(await st.get(r.storageKey))).toBe(r.sha256);

    const field = body.attachments.find((a) => a.purpose === "field");
    const dl = await call(field?.url ?? "", { auth: w.auth });
    expect(dl.status).toBe(200);
    expect(dl.headers.get("x-checksum-sha256")).toBe(sha256(pdf));
    expect(Buffer.from(await dl.arrayBuffer()).equals(pdf)).toBe(true);

    // The object gone from the bucket (say, a migration not finished): a clean 404, not a download cut short.
    const fieldRow = rows.find((r) => r.purpose === "field");
    await st.remove(fieldRow?.storageKey ?? "");
    const gone = await call(field?.url ?? "", { auth: w.auth });
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toContain("application/problem+json");
  });
});
