import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { constants } from "node:fs";
import { access, mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

export { FileTooLargeError, MissingFileError, isMissingFile, parseStorageKey, type FileStorage, type StoredFile } from "./core";
import type { StorageConfig } from "@/lib/config/env";
import { NotFoundError } from "@/lib/errors";
import { FileTooLargeError, isMissingFile, parseStorageKey, type FileStorage, type StoredFile } from "./core";

/** Keys are generated here (never from user input), so a file name can never escape the root. */
export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private resolve(storageKey: string): string {
    parseStorageKey(storageKey);
    return path.join(this.root, storageKey);
  }

  async put(body: Readable | Buffer | Uint8Array, opts: { maxBytes?: number; prefix?: string } = {}): Promise<StoredFile> {
    const prefix = (opts.prefix ?? "files").replace(/[^a-z0-9-]/g, "") || "files";
    const storageKey = `${prefix}/${randomUUID()}`;
    const finalPath = this.resolve(storageKey);
    await mkdir(path.dirname(finalPath), { recursive: true });
    const tmpPath = `${finalPath}.part`;
    const hash = createHash("sha256");
    let size = 0;
    const max = opts.maxBytes ?? Number.POSITIVE_INFINITY;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > max) return cb(new FileTooLargeError(max));
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    const source = Buffer.isBuffer(body) || body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : body;
    try {
      await pipeline(source, meter, createWriteStream(tmpPath));
      await rename(tmpPath, finalPath);
    } catch (err) {
      await rm(tmpPath, { force: true });
      throw err;
    }
    return { storageKey, size, sha256: hash.digest("hex") };
  }

  get(storageKey: string): Promise<Buffer> {
    return readFile(this.resolve(storageKey));
  }

  stream(storageKey: string): Readable {
    return createReadStream(this.resolve(storageKey));
  }

  async remove(storageKey: string): Promise<void> {
    await rm(this.resolve(storageKey), { force: true });
  }

  async ready(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.W_OK | constants.R_OK);
  }

  async exists(storageKey: string): Promise<boolean> {
    return stat(this.resolve(storageKey)).then(
      () => true,
      () => false,
    );
  }
}

let storage: FileStorage | undefined;

/** The store a storage configuration names. The AWS SDK is loaded only for S3, so a disk-only install never loads it. */
export async function storageFor(config: StorageConfig): Promise<FileStorage> {
  if (config.kind === "disk") return new LocalDiskStorage(config.root);
  const { S3Storage } = await import("@/lib/storage/s3");
  return new S3Storage(config);
}

let building: Promise<FileStorage> | undefined;

/** The process's store, built once from the configuration (concurrent first callers share one). */
export async function getStorage(): Promise<FileStorage> {
  if (storage) return storage;
  building ??= (async () => {
    const { getConfig } = await import("@/lib/config/env");
    return storageFor(getConfig().storage);
  })().finally(() => {
    building = undefined;
  });
  const built = await building;
  storage ??= built;
  return storage;
}

/**
 * The stream of a stored file once its first bytes (or its end) have arrived, for download routes: a file missing
 * from the store is NotFoundError("attachment.not_found") here, before any response is sent, rather than a
 * download cut off after its headers. Later errors surface on the stream, as before.
 */
export async function openStoredFile(storage: FileStorage, storageKey: string): Promise<Readable> {
  const stream = storage.stream(storageKey);
  return new Promise<Readable>((resolve, reject) => {
    const settle = () => {
      stream.off("error", onError);
      stream.off("readable", onReadable);
    };
    const onError = (err: unknown) => {
      settle();
      reject(isMissingFile(err) ? new NotFoundError("attachment.not_found") : err);
    };
    const onReadable = () => {
      settle();
      resolve(stream);
    };
    stream.once("error", onError);
    stream.once("readable", onReadable);
  });
}

/** For tests and tools: point storage somewhere else. */
export function setStorage(s: FileStorage): void {
  storage = s;
}

/** The files one step writes (see `withStoredFiles`). */
export type StepFiles = {
  /**
   * `storage.put`, and the file is removed again if the step fails. Past `maxBytes` the step gets `tooLarge()`'s
   * refusal when given (the storage has already removed the partial file), else the FileTooLargeError.
   */
  put(body: Readable | Buffer | Uint8Array, opts?: { maxBytes?: number; prefix?: string; tooLarge?: () => Error }): Promise<StoredFile>;
  /** Files stored before the step (by an upload it received) that it now answers for: removed too if it fails. */
  adopt(...files: { storageKey: string }[]): void;
};

/**
 * "Write the file, then delete it if the step fails", once for every path that stores files: runs `step`; if it
 * throws, every file it wrote or adopted is removed and the error rethrown. A removal that fails is ignored, so
 * the caller sees the step's own error. When the step succeeds the files stay: it has recorded them.
 */
export async function withStoredFiles<T>(storage: FileStorage, step: (files: StepFiles) => Promise<T>): Promise<T> {
  const keys: string[] = [];
  const files: StepFiles = {
    async put(body, opts = {}) {
      let stored: StoredFile;
      try {
        stored = await storage.put(body, { maxBytes: opts.maxBytes, prefix: opts.prefix });
      } catch (err) {
        if (opts.tooLarge && err instanceof FileTooLargeError) throw opts.tooLarge();
        throw err;
      }
      keys.push(stored.storageKey);
      return stored;
    },
    adopt(...adopted) {
      for (const f of adopted) keys.push(f.storageKey);
    },
  };
  try {
    return await step(files);
  } catch (err) {
    await Promise.all(keys.map((key) => storage.remove(key).catch(() => {})));
    throw err;
  }
}
