import { createHash, randomBytes } from "node:crypto";
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { z } from "zod";
import { MIGRATIONS_FOLDER, pgliteClientOf, type PgliteClient } from "@/db/client";

/**
 * Backups of the embedded default: PGlite's data folder and the attachments on disk, in one .tar.gz.
 *
 * Consistent while the app runs: PGlite runs in the app's process, so only the app can read its data while it is
 * open. `dumpDataDir()` tars the data folder while no query runs: what it holds is what a power cut at that
 * moment would leave (every committed transaction is in the write-ahead log), and opening it replays the log
 * like any PostgreSQL after a crash, dropping a transaction left open. The attachments are copied after the
 * database: their keys are written once and never reused, so every file a dumped row names is already there.
 * (A file removed between the two steps, an attachment deleted at that moment, is missing: the restore reports
 * which rows point to a file it does not have.)
 *
 * The archive: `database.tar` (PGlite's dump), `files/<storage key>` (the disk store's files), and last
 * `manifest.json` (format, app version, time, the migrations applied, every entry's size and sha256). A restore
 * checks every sha256 before writing anything in place.
 */
export const BACKUP_FORMAT = 1;
const DB_ENTRY = "database.tar";
const MANIFEST_ENTRY = "manifest.json";

export type ManifestEntry = { path: string; size: number; sha256: string };
export type BackupManifest = {
  format: typeof BACKUP_FORMAT;
  app: "stanza";
  version: string;
  createdAt: string;
  database: ManifestEntry & { driver: "pglite"; migrations: number };
  /** "disk": the files are in the archive; "s3": only the database is (the bucket has its own versioning/replication). */
  storage: "disk" | "s3";
  files: ManifestEntry[];
};

const entrySchema = z.object({ path: z.string().max(100), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  app: z.literal("stanza"),
  version: z.string().max(100),
  createdAt: z.string().max(40),
  database: entrySchema.extend({ driver: z.literal("pglite"), migrations: z.number().int().min(0) }),
  storage: z.enum(["disk", "s3"]),
  files: z.array(entrySchema),
});

export type BackupSource = {
  /** PGlite's data folder as a tar (taken first). */
  dumpDatabase: () => Promise<Buffer>;
  /** Migrations applied in the dumped database. */
  migrations: () => Promise<number>;
  /** The disk store's root, or null when attachments live in S3. */
  filesRoot: string | null;
  version?: string;
  now?: () => Date;
};

// ---- a minimal ustar writer and reader (names up to 100 bytes: our entries are short and ASCII) ----

const BLOCK = 512;
const STORAGE_KEY = /^[a-z0-9-]+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function tarHeader(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  if (Buffer.byteLength(name) > 100) throw new Error(`archive entry name too long: ${name}`);
  h.write(name, 0, 100, "utf8");
  h.write("0000644\0", 100, 8, "ascii");
  h.write("0000000\0", 108, 8, "ascii");
  h.write("0000000\0", 116, 8, "ascii");
  h.write(`${size.toString(8).padStart(11, "0")}\0`, 124, 12, "ascii");
  h.write(`${Math.floor(mtime.getTime() / 1000).toString(8).padStart(11, "0")}\0`, 136, 12, "ascii");
  h.write("        ", 148, 8, "ascii");
  h.write("0", 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return h;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK, 0);

async function listFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      // `.part`: an upload still being written (renamed into place when complete).
      else if (entry.isFile()) out.push(path.relative(root, full).split(path.sep).join("/"));
    }
  };
  await walk(root);
  // Only storage keys (`<prefix>/<uuid>`): not an upload still being written (`.part`), nor anything else in the folder.
  return out.filter((rel) => STORAGE_KEY.test(rel)).sort();
}

/** The app's version (package.json next to the working directory), for the manifest. */
export async function appVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(path.join(process.cwd(), "package.json"), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Migrations the code knows (db/migrations). */
export async function knownMigrations(): Promise<number> {
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/** Writes the archive to `out` (gzip), the database first, then the files, then the manifest; resolves to the manifest. */
export async function writeBackup(out: Writable, source: BackupSource): Promise<BackupManifest> {
  const now = source.now ?? (() => new Date());
  const createdAt = now();
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    app: "stanza",
    version: source.version ?? (await appVersion()),
    createdAt: createdAt.toISOString(),
    database: { path: DB_ENTRY, size: 0, sha256: "", driver: "pglite", migrations: 0 },
    storage: source.filesRoot === null ? "s3" : "disk",
    files: [],
  };
  async function* entries(): AsyncGenerator<Buffer> {
    const dump = await source.dumpDatabase();
    manifest.database.migrations = await source.migrations();
    manifest.database.size = dump.length;
    manifest.database.sha256 = createHash("sha256").update(dump).digest("hex");
    yield tarHeader(DB_ENTRY, dump.length, createdAt);
    yield dump;
    yield padding(dump.length);
    if (source.filesRoot !== null) {
      for (const rel of await listFiles(source.filesRoot)) {
        const full = path.join(source.filesRoot, rel);
        const size = (await stat(full).catch(() => null))?.size;
        if (size === undefined) continue; // removed since it was listed
        const name = `files/${rel}`;
        yield tarHeader(name, size, createdAt);
        const hash = createHash("sha256");
        let seen = 0;
        for await (const chunk of createReadStream(full) as AsyncIterable<Buffer>) {
          seen += chunk.length;
          if (seen > size) throw new Error(`attachment ${rel} changed while being copied`);
          hash.update(chunk);
          yield chunk;
        }
        if (seen !== size) throw new Error(`attachment ${rel} changed while being copied`);
        yield padding(size);
        manifest.files.push({ path: name, size, sha256: hash.digest("hex") });
      }
    }
    const json = Buffer.from(JSON.stringify(manifest, null, 2));
    yield tarHeader(MANIFEST_ENTRY, json.length, createdAt);
    yield json;
    yield padding(json.length);
    yield Buffer.alloc(BLOCK * 2, 0);
  }
  await pipeline(Readable.from(entries()), createGzip({ level: 6 }), out);
  return manifest;
}

// ---- restore ----

export class RestoreError extends Error {}

export type RestoreOptions = {
  /** The archive (.tar.gz). */
  archive: string;
  /** Where PGlite's data goes: `<dataDir>/pglite`. */
  dataDir: string;
  /** Where the files go (the disk store's root). */
  filesRoot: string;
  /** Replace a database or files already there. */
  force?: boolean;
};

export type RestoreReport = { manifest: BackupManifest; files: number; bytes: number };

const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/** Extracts the archive into `staging` and checks it against its manifest; resolves to the manifest. */
export async function stageAndVerify(archive: string, staging: string): Promise<BackupManifest> {
  const seen = await extract(archive, staging);
  const manifestEntry = seen.get(MANIFEST_ENTRY);
  if (!manifestEntry) throw new RestoreError("the archive has no manifest.json: not a Stanza backup, or cut short");
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(staging, MANIFEST_ENTRY), "utf8"));
  } catch {
    throw new RestoreError("manifest.json is not valid JSON");
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new RestoreError("manifest.json is not a Stanza backup manifest (or of an unknown format)");
  const manifest: BackupManifest = parsed.data;
  const expected = [manifest.database, ...manifest.files];
  for (const e of expected) {
    const got = seen.get(e.path);
    if (!got) throw new RestoreError(`${e.path} is listed in the manifest but missing from the archive`);
    if (got.size !== e.size || got.sha256 !== e.sha256) throw new RestoreError(`${e.path}: sha256 does not match the manifest`);
  }
  const extra = [...seen.keys()].filter((k) => k !== MANIFEST_ENTRY && !expected.some((e) => e.path === k));
  if (extra.length) throw new RestoreError(`the archive holds entries the manifest does not list: ${extra.slice(0, 3).join(", ")}`);
  const known = await knownMigrations();
  if (manifest.database.migrations > known) {
    throw new RestoreError(`the backup has ${manifest.database.migrations} migrations, this version of Stanza knows ${known}: restore it with a newer version`);
  }
  return manifest;
}

/**
 * Reads the archive into a staging folder next to the target, hashing every entry; checks each against the
 * manifest (and that nothing is missing or extra); only then loads the database into `<dataDir>/pglite` and
 * moves the files into `filesRoot`. Run it with the app stopped: the CLI refuses a data folder in use.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreReport> {
  const pgliteDir = path.join(opts.dataDir, "pglite");
  if (!opts.force && (!isEmptyDir(pgliteDir) || !isEmptyDir(opts.filesRoot))) {
    throw new RestoreError(`the target is not empty (${isEmptyDir(pgliteDir) ? opts.filesRoot : pgliteDir}): restore into an empty folder, or pass --force to replace it`);
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const staging = path.join(opts.dataDir, `.restore-${randomBytes(4).toString("hex")}`);
  mkdirSync(staging);
  try {
    const manifest = await stageAndVerify(opts.archive, staging);
    // Verified: now replace.
    rmSync(pgliteDir, { recursive: true, force: true });
    mkdirSync(pgliteDir, { recursive: true });
    const { PGlite } = await import("@electric-sql/pglite");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const dump = readFileSync(path.join(staging, DB_ENTRY));
    const pg = await PGlite.create(pgliteDir, { loadDataDir: new Blob([dump]), extensions: { pg_trgm } });
    await pg.query("select 1");
    await pg.close();
    let bytes = 0;
    if (manifest.files.length) {
      rmSync(opts.filesRoot, { recursive: true, force: true });
      mkdirSync(path.dirname(opts.filesRoot), { recursive: true });
      renameOrCopy(path.join(staging, "files"), opts.filesRoot);
      for (const f of manifest.files) bytes += f.size;
    } else if (opts.force) {
      rmSync(opts.filesRoot, { recursive: true, force: true });
    }
    return { manifest, files: manifest.files.length, bytes };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function renameOrCopy(from: string, to: string) {
  try {
    renameSync(from, to);
  } catch {
    // Another file system (EXDEV): copy file by file.
    for (const rel of readdirSync(from, { recursive: true }) as string[]) {
      const src = path.join(from, rel);
      const dst = path.join(to, rel);
      if (statSync(src).isDirectory()) mkdirSync(dst, { recursive: true });
      else {
        mkdirSync(path.dirname(dst), { recursive: true });
        writeFileAll(dst, readFileSync(src));
      }
    }
  }
}

function writeFileAll(file: string, data: Buffer) {
  const fd = openSync(file, "w");
  try {
    writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
}

/** Streams the archive into `dir`, hashing each entry; refuses names that would leave `dir`. */
async function extract(archive: string, dir: string): Promise<Map<string, { size: number; sha256: string }>> {
  const seen = new Map<string, { size: number; sha256: string }>();
  let buf: Buffer = Buffer.alloc(0);
  let current: { name: string; remaining: number; pad: number; fd: number; hash: ReturnType<typeof createHash>; size: number } | null = null;
  let ended = false;
  const consume = () => {
    for (;;) {
      if (ended) return;
      if (current) {
        if (current.remaining > 0) {
          if (buf.length === 0) return;
          const take = buf.subarray(0, Math.min(buf.length, current.remaining));
          writeSync(current.fd, take);
          current.hash.update(take);
          current.remaining -= take.length;
          buf = buf.subarray(take.length);
          if (current.remaining > 0) return;
        }
        if (buf.length < current.pad) return;
        buf = buf.subarray(current.pad);
        closeSync(current.fd);
        seen.set(current.name, { size: current.size, sha256: current.hash.digest("hex") });
        current = null;
        continue;
      }
      if (buf.length < BLOCK) return;
      const header = buf.subarray(0, BLOCK);
      buf = buf.subarray(BLOCK);
      if (header.every((b) => b === 0)) {
        ended = true;
        return;
      }
      const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
      const size = parseInt(header.subarray(124, 136).toString("ascii").replace(/\0.*$/s, "").trim() || "0", 8);
      const type = String.fromCharCode(header[156] ?? 48);
      if (!Number.isFinite(size) || size < 0) throw new RestoreError("the archive is damaged (bad entry size)");
      if (type !== "0" && type !== "\0") throw new RestoreError(`unexpected entry type in the archive: ${name}`);
      const known = name === DB_ENTRY || name === MANIFEST_ENTRY || (name.startsWith("files/") && STORAGE_KEY.test(name.slice("files/".length)));
      if (!known || seen.has(name)) throw new RestoreError(`unexpected entry in the archive: ${name.slice(0, 100)}`);
      const target = path.join(dir, name);
      mkdirSync(path.dirname(target), { recursive: true });
      current = { name, remaining: size, pad: (BLOCK - (size % BLOCK)) % BLOCK, fd: openSync(target, "w"), hash: createHash("sha256"), size };
    }
  };
  try {
    for await (const chunk of createReadStream(archive).pipe(createGunzip()) as AsyncIterable<Buffer>) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      consume();
    }
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    throw new RestoreError(`the archive cannot be read (${err instanceof Error ? err.message : "damaged"})`);
  } finally {
    const open = current as { fd: number } | null;
    if (open) closeSync(open.fd);
  }
  if (!ended || (current as unknown)) throw new RestoreError("the archive is cut short");
  return seen;
}

// ---- who holds a PGlite data folder ----

/**
 * Whether some other process has files of `dir` open (Linux: /proc/<pid>/fd). PGlite leaves no lock a second
 * process can test (its postmaster.pid names no real process), so a data folder is "in use" when a process holds
 * one of its files; `null` when it cannot be known (no /proc).
 */
export function processesHolding(dir: string): number[] | null {
  if (!existsSync("/proc/self/fd")) return null;
  const root = path.resolve(dir) + path.sep;
  const holders: number[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(root)) {
          holders.push(Number(pid));
          break;
        }
      } catch {
        // closed meanwhile
      }
    }
  }
  return holders;
}

// ---- a PGlite client as a backup source ----

type PgliteLike = Pick<PgliteClient, "dumpDataDir" | "query">;

export { pgliteClientOf };

/** Backup source over an open PGlite client: a checkpoint first (so the dump needs little replay), then the dump. */
export function pgliteSource(client: PgliteLike, filesRoot: string | null): BackupSource {
  return {
    dumpDatabase: async () => {
      await client.query("checkpoint");
      return Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer());
    },
    migrations: async () => {
      const { rows } = await client.query<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations");
      return Number(rows[0]?.n ?? 0);
    },
    filesRoot,
  };
}
