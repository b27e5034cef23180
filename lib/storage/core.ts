import type { Readable } from "node:stream";
import { isUuid } from "@/lib/uuid";

/* What every store shares (re-exported by lib/storage): the interface, its errors and the key shape. */

export type StoredFile = { storageKey: string; size: number; sha256: string };

/** Where attachment bytes live. Local disk by default; an S3-compatible store can implement the same. */
export interface FileStorage {
  /** Streams the bytes in, hashing as they pass; refuses (and removes the partial file) past `maxBytes`. */
  put(body: Readable | Buffer | Uint8Array, opts?: { maxBytes?: number; prefix?: string }): Promise<StoredFile>;
  get(storageKey: string): Promise<Buffer>;
  stream(storageKey: string): Readable;
  remove(storageKey: string): Promise<void>;
  /** Readiness: resolves when the store can be written and read (the folder exists / the bucket answers), else throws. */
  ready(): Promise<void>;
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file exceeds ${maxBytes} bytes`);
  }
}

/**
 * The stored bytes of a key are gone (the disk's ENOENT, S3's NoSuchKey). Carries `code = "ENOENT"` so callers
 * test one thing for every store: `isMissingFile(err)`.
 */
export class MissingFileError extends Error {
  readonly code = "ENOENT";
  constructor(readonly storageKey: string, cause?: unknown) {
    super(`stored file not found: ${storageKey}`, { cause });
  }
}

/** True when `err` says the stored file does not exist, whichever store said it. */
export function isMissingFile(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "ENOENT";
}

/** Checks a storage key's shape (`prefix/uuid`, as `put` makes them) and returns its parts; throws otherwise. */
export function parseStorageKey(storageKey: string): { prefix: string; id: string } {
  const [prefix, id, ...rest] = storageKey.split("/");
  if (!prefix || !/^[a-z0-9-]+$/.test(prefix) || !id || !isUuid(id) || rest.length > 0) throw new Error("invalid storage key");
  return { prefix, id };
}
