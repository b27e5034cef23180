import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { isCleanText } from "@/lib/edge/text";
import { BadRequestError, PayloadTooLargeError, ValidationError, fieldError } from "@/lib/errors";

export type IncomingFile = { field: string; filename: string; mimeType: string; stream: Readable };

/**
 * Reads a multipart/form-data request as a stream: text fields are collected, each file is handed to `onFile`
 * while it arrives (nothing is buffered whole in memory). A file `onFile` refuses is drained so the rest of the
 * request can still be read; the first error is rethrown once the request has been consumed.
 */
export async function readMultipart<T>(
  request: Request,
  opts: { maxFiles: number; maxFields?: number; maxFieldBytes?: number; onFile: (file: IncomingFile) => Promise<T> },
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
  let limitError: Error | null = null;
  const done = new Promise<void>((resolve, reject) => {
    bb.on("field", (name, value, info) => {
      if (info.valueTruncated) limitError ??= new PayloadTooLargeError("multipart.field_too_long", { name: name.slice(0, 40) }, { field: name.slice(0, 40) });
      else if (!isCleanText(value)) limitError ??= new ValidationError("request.invalid_input", [fieldError(name.slice(0, 40), "field.control_chars")]);
      else fields[name] = value;
    });
    bb.on("file", (field, stream, info) => {
      const pass = new PassThrough();
      stream.pipe(pass);
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
    bb.on("error", (err) => reject(err instanceof Error ? new BadRequestError("multipart.invalid") : err));
    bb.on("close", () => resolve());
  });
  Readable.fromWeb(request.body as unknown as NodeWebReadableStream<Uint8Array>).pipe(bb);
  await done;
  const settled = await Promise.allSettled(results);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  if (limitError) throw limitError;
  return { fields, files: settled.map((s) => (s as PromiseFulfilledResult<T>).value) };
}
