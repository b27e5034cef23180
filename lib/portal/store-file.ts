import type { Readable } from "node:stream";
import { PayloadTooLargeError, UnsupportedMediaTypeError } from "@/lib/errors";
import { getStorage, storedHead, withStoredFiles, type StepFiles } from "@/lib/storage";
import { acceptedType, safeFilename } from "@/lib/storage/sniff";

/** What citizens may attach to a message or to documents sent on request. */
export const CITIZEN_FILE_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export const CITIZEN_FILE_MAX_MB = 10;
export const CITIZEN_FILES_MAX = 10;

export type StoredUpload = { filename: string; mimeType: string; size: number; sha256: string; storageKey: string };

/**
 * Streams a citizen's file to storage with a size limit, checks its real type from the first bytes and gives it
 * a safe name. A refused file leaves nothing behind.
 */
export async function storeCitizenFile(
  file: { filename: string; declaredType?: string; body: Readable | Buffer },
  opts: { accept?: readonly string[]; maxMb?: number; /** The form field the file came in, named by a refusal. */ field?: string } = {},
): Promise<StoredUpload> {
  const accept = opts.accept ?? CITIZEN_FILE_TYPES;
  const maxMb = opts.maxMb ?? CITIZEN_FILE_MAX_MB;
  const storage = await getStorage();
  return withStoredFiles(storage, async (files) => {
    const tooLarge = () => new PayloadTooLargeError("file.too_large", { mb: maxMb }, { field: opts.field });
    const stored = await files.put(file.body, { maxBytes: maxMb * 1024 * 1024, prefix: "uploads", tooLarge });
    const head = await storedHead(storage, stored);
    const mimeType = stored.size === 0 ? null : acceptedType(head, accept, file.declaredType);
    if (!mimeType) throw new UnsupportedMediaTypeError(stored.size === 0 ? "file.empty" : "file.bad_type_default", {}, { field: opts.field });
    return { filename: safeFilename(file.filename), mimeType, size: stored.size, sha256: stored.sha256, storageKey: stored.storageKey };
  });
}

/**
 * Reads a citizen's multipart form (message + files) and stores every non-empty file into `files`, the step the
 * caller runs with `withStoredFiles`: if a file is refused, or the caller's step fails later, every stored file
 * is removed. Without `files` the read is a step of its own.
 */
export async function readCitizenUpload(request: Request, files?: StepFiles): Promise<{ fields: Record<string, string>; files: StoredUpload[] }> {
  if (!files) return withStoredFiles(await getStorage(), (own) => readCitizenUpload(request, own));
  const { readMultipart } = await import("./multipart");
  const stored: StoredUpload[] = [];
  const { fields } = await readMultipart(request, {
    maxFiles: CITIZEN_FILES_MAX,
    maxFieldBytes: 40_000,
    onFile: async (f) => {
      // A form's empty file input still sends an empty part without a name: skip it.
      if (!f.filename) {
        f.stream.resume();
        return null;
      }
      const s = await storeCitizenFile({ filename: f.filename, declaredType: f.mimeType, body: f.stream }, { field: f.field });
      files.adopt(s);
      stored.push(s);
      return s;
    },
  });
  return { fields, files: stored };
}
