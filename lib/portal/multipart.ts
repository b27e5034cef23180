import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { BadRequestError, PayloadTooLargeError } from "@/lib/errors";

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
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !request.body) throw new BadRequestError("Serve un invio multipart/form-data");
  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers: { "content-type": contentType }, defParamCharset: "utf8", limits: { files: opts.maxFiles, fields: opts.maxFields ?? 20, fieldSize: opts.maxFieldBytes ?? 20_000, parts: opts.maxFiles + (opts.maxFields ?? 20) } });
  } catch {
    throw new BadRequestError("Invio multipart non valido");
  }
  const fields: Record<string, string> = {};
  const results: Promise<T>[] = [];
  let limitError: Error | null = null;
  const done = new Promise<void>((resolve, reject) => {
    bb.on("field", (name, value, info) => {
      if (info.valueTruncated) limitError ??= new PayloadTooLargeError(`Il campo "${name}" è troppo lungo`);
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
    bb.on("filesLimit", () => (limitError ??= new BadRequestError("Troppi file in un solo invio")));
    bb.on("partsLimit", () => (limitError ??= new BadRequestError("Troppe parti in un solo invio")));
    bb.on("fieldsLimit", () => (limitError ??= new BadRequestError("Troppi campi in un solo invio")));
    bb.on("error", (err) => reject(err instanceof Error ? new BadRequestError(`Invio multipart non valido: ${err.message}`) : err));
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
