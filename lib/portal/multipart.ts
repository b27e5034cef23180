import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { isCleanText } from "@/lib/edge/text";
import { BadRequestError, PayloadTooLargeError, ValidationError, fieldError } from "@/lib/errors";

export type IncomingFile = { field: string; filename: string; mimeType: string; stream: Readable };

/**
 * Reads a multipart/form-data request as a stream: text fields are collected, each file is handed to `onFile`
 * while it arrives (nothing is buffered whole in memory). A file `onFile` refuses is drained so the rest of the
 * request can still be read; the first error is rethrown once every file handler has finished, so a caller that
 * stores files in a `withStoredFiles` step (lib/storage) knows them all when the read fails and keeps none. A body
 * that breaks off ends the file streams still open with an error (their handlers' partial files are removed), and
 * the read answers 400: it neither hangs nor throws later.
 */
export async function readMultipart<T>(
  request: Request,
  opts: {
    maxFiles: number;
    maxFields?: number;
    maxFieldBytes?: number;
    onFile: (file: IncomingFile) => Promise<T>;
  },
): Promise<{ fields: Record<string, string>; files: T[] }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !request.body) throw new BadRequestError("multipart.required");
  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers: { "content-type": contentType }, defParamCharset: "utf8", limits: { files: opts.maxFiles, fields: opts.maxFields ?? 20, fieldSize: opts.maxFieldBytes ?? 20_000, parts: opts.maxFiles + (opts.maxFields ?? 20) } });
  } catch {
    throw new BadRequestError("multipart.invalid");
  }
  const fields: Record<string, string> = {};
  const results: Promise<T>[] = [];
  const open = new Set<PassThrough>();
  let limitError: Error | null = null;
  let fatal: Error | null = null;
  const source = Readable.fromWeb(request.body as unknown as NodeWebReadableStream<Uint8Array>);
  const done = new Promise<void>((resolve) => {
    const fail = (err: Error) => {
      if (fatal) return;
      fatal = err;
      // Every file still arriving ends with the error, so its handler stops writing and removes what it wrote.
      for (const pass of open) pass.destroy(err);
      source.unpipe(bb);
      source.destroy();
      resolve();
    };
    source.on("error", () => fail(new BadRequestError("multipart.cut_off")));
    bb.on("field", (name, value, info) => {
      if (info.valueTruncated) limitError ??= new PayloadTooLargeError("multipart.field_too_long", { name: name.slice(0, 40) }, { field: name.slice(0, 40) });
      else if (!isCleanText(value)) limitError ??= new ValidationError("request.control_chars", [fieldError(name.slice(0, 40), "field.control_chars")]);
      else fields[name] = value;
    });
    bb.on("file", (field, stream, info) => {
      const pass = new PassThrough();
      // A handler that has not started reading yet must not turn a broken upload into an uncaught error.
      pass.on("error", () => {});
      open.add(pass);
      pass.on("close", () => open.delete(pass));
      stream.on("error", (err: Error) => pass.destroy(err));
      stream.pipe(pass);
      if (fatal) pass.destroy(fatal);
      const p = opts.onFile({ field, filename: info.filename ?? "", mimeType: info.mimeType, stream: pass }).catch((err: unknown) => {
        // Keep reading the request past the refused file.
        stream.unpipe(pass);
        stream.resume();
        throw err;
      });
      p.catch(() => {});
      results.push(p);
    });
    bb.on("filesLimit", () => (limitError ??= new BadRequestError("multipart.too_many_files")));
    bb.on("partsLimit", () => (limitError ??= new BadRequestError("multipart.too_many_parts")));
    bb.on("fieldsLimit", () => (limitError ??= new BadRequestError("multipart.too_many_fields")));
    bb.on("error", (err) => fail(err instanceof Error ? new BadRequestError("multipart.invalid") : new BadRequestError("multipart.invalid")));
    bb.on("close", () => resolve());
  });
  source.pipe(bb);
  await done;
  const settled = await Promise.allSettled(results);
  const failed = settled.find((s) => s.status === "rejected");
  const error = fatal ?? (failed ? (failed.reason as unknown) : null) ?? limitError;
  if (error) throw error;
  return { fields, files: settled.map((s) => (s as PromiseFulfilledResult<T>).value) };
}
