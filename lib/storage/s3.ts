import { createHash, randomUUID } from "node:crypto";
import { PassThrough, Readable, Transform, pipeline } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { StorageConfig } from "@/lib/config/env";
import { FileTooLargeError, headKeeper, MissingFileError, parseStorageKey, type FileStorage, type StoredFile } from "@/lib/storage/core";

/** What S3Storage needs: the `kind: "s3"` half of StorageConfig (lib/config/env.ts), and its timeouts. */
export type S3StorageOptions = Omit<Extract<StorageConfig, { kind: "s3" }>, "kind"> & {
  /**
   * Timeouts and attempts: connecting (default 5 s), a connection silent for too long mid-request (default 30 s),
   * and attempts per call (default 3). A store that is down or stuck fails the call with an error, never hangs it.
   */
  connectionTimeoutMs?: number;
  idleTimeoutMs?: number;
  maxAttempts?: number;
};

const PART_SIZE = 8 * 1024 * 1024;

/** An S3 call failed for a reason other than "no such object": says which call, on what, and why. */
export class S3StorageError extends Error {
  constructor(
    readonly operation: string,
    readonly target: string,
    readonly status: number | undefined,
    cause: unknown,
  ) {
    super(`S3 storage: ${operation} ${target} failed: ${describe(cause, status)}`, { cause });
  }
}

function describe(err: unknown, status: number | undefined): string {
  const name = err instanceof Error ? err.name : "Error";
  const message = err instanceof Error ? err.message : String(err);
  if (status === 403) return `credentials refused (${name}: ${message || "403"})`;
  return `${name}${status ? ` (HTTP ${status})` : ""}: ${message || "no detail"}`;
}

function statusOf(err: unknown): number | undefined {
  const meta = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return typeof meta?.httpStatusCode === "number" ? meta.httpStatusCode : undefined;
}

function isNoSuchKey(err: unknown): boolean {
  const name = err instanceof Error ? err.name : "";
  return name === "NoSuchKey" || name === "NotFound" || statusOf(err) === 404;
}

/**
 * Attachment bytes in an S3-compatible bucket (AWS, MinIO, …). Keys have the disk store's shape (`prefix/uuid`)
 * under the configured key prefix, so `storage:migrate` copies a disk store across unchanged. Uploads stream
 * through a multipart upload (8 MiB parts, two in flight): the whole file is never held in memory.
 */
export class S3Storage implements FileStorage {
  readonly client: S3Client;

  constructor(readonly options: S3StorageOptions) {
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials:
        options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
      maxAttempts: options.maxAttempts ?? 3,
      requestHandler: { connectionTimeout: options.connectionTimeoutMs ?? 5_000, socketTimeout: options.idleTimeoutMs ?? 30_000 },
      // We hash every file ourselves (sha256, kept on its row); the SDK's extra CRC checksums would make it send
      // streamed bodies aws-chunked, which several S3-compatible stores do not understand.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  /** The object key for a storage key (validated like the disk store's paths). */
  objectKey(storageKey: string): string {
    parseStorageKey(storageKey);
    return this.options.prefix ? `${this.options.prefix}/${storageKey}` : storageKey;
  }

  private target(storageKey: string): string {
    return `s3://${this.options.bucket}/${this.objectKey(storageKey)}`;
  }

  async put(body: Readable | Buffer | Uint8Array, opts: { maxBytes?: number; prefix?: string } = {}): Promise<StoredFile> {
    const prefix = (opts.prefix ?? "files").replace(/[^a-z0-9-]/g, "") || "files";
    const storageKey = `${prefix}/${randomUUID()}`;
    const key = this.objectKey(storageKey);
    const hash = createHash("sha256");
    const head = headKeeper();
    let size = 0;
    let tooLarge: FileTooLargeError | undefined;
    const max = opts.maxBytes ?? Number.POSITIVE_INFINITY;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > max) return cb((tooLarge = new FileTooLargeError(max)));
        hash.update(chunk);
        head.take(chunk);
        cb(null, chunk);
      },
    });
    const source = Buffer.isBuffer(body) || body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : body;
    // An error on either side destroys both: the upload sees it on `meter` and aborts (no object is left).
    let sourceError: unknown;
    source.once("error", (err) => (sourceError ??= err));
    pipeline(source, meter, () => {});
    const upload = this.upload(key, meter);
    try {
      await upload.done();
    } catch (err) {
      meter.destroy();
      if (tooLarge) throw tooLarge;
      // The body broke (the client went away): its own error, as the disk store gives.
      if (sourceError !== undefined) throw sourceError;
      throw new S3StorageError("upload", `s3://${this.options.bucket}/${key}`, statusOf(err), err);
    }
    return { storageKey, size, sha256: hash.digest("hex"), head: head.head() };
  }

  async get(storageKey: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.stream(storageKey)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  stream(storageKey: string): Readable {
    const key = this.objectKey(storageKey);
    const out = new PassThrough();
    const abort = new AbortController();
    out.once("close", () => abort.abort());
    this.client
      .send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }), { abortSignal: abort.signal })
      .then((res) => {
        const body = res.Body;
        if (!(body instanceof Readable)) throw new Error("GetObject answered without a body stream");
        pipeline(body, out, () => {});
      })
      .catch((err: unknown) => {
        if (out.destroyed) return;
        out.destroy(isNoSuchKey(err) ? new MissingFileError(storageKey, err) : new S3StorageError("download", this.target(storageKey), statusOf(err), err));
      });
    return out;
  }

  async remove(storageKey: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(storageKey) }));
    } catch (err) {
      if (isNoSuchKey(err)) return;
      throw new S3StorageError("delete", this.target(storageKey), statusOf(err), err);
    }
  }

  /** HeadBucket: throws when the bucket is missing, the credentials are refused or the store does not answer. */
  async ready(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (err) {
      const status = statusOf(err);
      const target = `s3://${this.options.bucket}`;
      if (status === 404) throw new S3StorageError("check", target, status, new Error("the bucket does not exist"));
      throw new S3StorageError("check", target, status, err);
    }
  }

  /** A streamed multipart upload of `body` to `key` (8 MiB parts, two in flight; a failed one leaves no parts). */
  private upload(key: string, body: Readable): Upload {
    return new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: key, Body: body, ContentType: "application/octet-stream" },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
  }

  /** Stores bytes under a given key (the migration keeps the disk store's keys); streams like `put`. */
  async putAt(storageKey: string, body: Readable): Promise<void> {
    const key = this.objectKey(storageKey);
    const upload = this.upload(key, body);
    try {
      await upload.done();
    } catch (err) {
      throw new S3StorageError("upload", `s3://${this.options.bucket}/${key}`, statusOf(err), err);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
