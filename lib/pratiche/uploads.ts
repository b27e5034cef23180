import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { attachments, services } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError, fieldError } from "@/lib/errors";
import { allFields, type FileRef } from "@/lib/services/form-schema";
import { formDefinitionFor } from "@/lib/services/form-version";
import { getStorage, storedHead, withStoredFiles } from "@/lib/storage";
import { acceptedType, safeFilename } from "@/lib/storage/sniff";
import { getOwnDraft } from "./drafts";

export type UploadInput = { filename: string; declaredType?: string; body: Readable | Buffer | Uint8Array };

type DraftUploadTarget = { draftId: string; applicantId: string; fieldName: string; accept: readonly string[]; maxSizeMb: number };
type StoredDraftFile = { filename: string; mimeType: string; size: number; sha256: string; storageKey: string };

/** The citizen's own draft and one of its file fields: checked before any byte is read. */
async function draftUploadTarget(ctx: Ctx, praticaId: string, fieldName: string): Promise<DraftUploadTarget> {
  const draft = await getOwnDraft(ctx, praticaId);
  const [service] = await ctx.db.select().from(services).where(and(eq(services.id, draft.serviceId), eq(services.enteId, ctx.ente.id)));
  if (!service) throw new NotFoundError("service.not_found");
  const definition = await formDefinitionFor(ctx.db, service, draft.formVersion);
  const field = allFields(definition).find((f) => f.name === fieldName);
  if (!field || field.type !== "file") throw new ValidationError("upload.not_file_field", [fieldError(fieldName.slice(0, 64), "upload.not_file_field", { field: fieldName.slice(0, 64) })], { field: fieldName.slice(0, 64) });
  return { draftId: draft.id, applicantId: draft.applicantId, fieldName, accept: field.accept, maxSizeMb: field.maxSizeMb };
}

/** Streams the bytes to storage with the field's limits; a refused file leaves nothing. No row yet. */
async function storeDraftBytes(target: DraftUploadTarget, file: UploadInput): Promise<StoredDraftFile> {
  const storage = await getStorage();
  return withStoredFiles(storage, async (files) => {
    const tooLarge = () => new PayloadTooLargeError("file.too_large", { mb: target.maxSizeMb }, { field: target.fieldName });
    const stored = await files.put(file.body, { maxBytes: Math.round(target.maxSizeMb * 1024 * 1024), prefix: "uploads", tooLarge });
    const mimeType = stored.size === 0 ? null : acceptedType(await storedHead(storage, stored), target.accept, file.declaredType);
    if (!mimeType) throw new UnsupportedMediaTypeError(stored.size === 0 ? "file.empty" : "file.bad_type", { types: target.accept.map(shortType).join(", ") }, { field: target.fieldName });
    return { filename: safeFilename(file.filename), mimeType, size: stored.size, sha256: stored.sha256, storageKey: stored.storageKey };
  });
}

/** The attachment row of stored bytes; if it cannot be written, the bytes are removed. */
async function recordDraftFile(ctx: Ctx, target: DraftUploadTarget, stored: StoredDraftFile): Promise<FileRef> {
  return withStoredFiles(await getStorage(), async (files) => {
    files.adopt(stored);
    const [row] = await ctx.db
      .insert(attachments)
      .values({
        enteId: ctx.ente.id,
        praticaId: target.draftId,
        kind: "citizen",
        purpose: "field",
        fieldName: target.fieldName,
        filename: stored.filename,
        mimeType: stored.mimeType,
        size: stored.size,
        sha256: stored.sha256,
        storageKey: stored.storageKey,
        uploadedBy: target.applicantId,
      })
      .returning({ id: attachments.id });
    if (!row) throw new Error("attachment insert returned nothing");
    return { id: row.id, filename: stored.filename, size: stored.size, mimeType: stored.mimeType };
  });
}

/**
 * Stores a citizen's upload for a file field of their draft: streamed to storage with the field's size limit,
 * type checked from the bytes against the field's accepted types, sha256 recorded. Refused files leave nothing.
 */
export async function uploadDraftFile(ctx: Ctx, praticaId: string, fieldName: string, file: UploadInput): Promise<FileRef> {
  const target = await draftUploadTarget(ctx, praticaId, fieldName);
  return recordDraftFile(ctx, target, await storeDraftBytes(target, file));
}

/**
 * The upload request of one file for a draft's file field (multipart, exactly one file). The bytes are stored
 * while they arrive, the attachment row only once the whole request has been read: a request refused for any
 * reason (a second file, a bad type, a body cut off) keeps neither file nor row.
 */
export async function receiveDraftUpload(ctx: Ctx, praticaId: string, fieldName: string, request: Request): Promise<FileRef | null> {
  const target = await draftUploadTarget(ctx, praticaId, fieldName);
  const { readMultipart } = await import("@/lib/portal/multipart");
  return withStoredFiles(await getStorage(), async (files) => {
    const read = await readMultipart(request, {
      maxFiles: 1,
      onFile: async (f) => {
        const stored = await storeDraftBytes(target, { filename: f.filename, declaredType: f.mimeType, body: f.stream });
        files.adopt(stored);
        return stored;
      },
    });
    const stored = read.files[0];
    return stored ? recordDraftFile(ctx, target, stored) : null;
  });
}

export function shortType(mime: string): string {
  const map: Record<string, string> = { "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP" };
  return map[mime] ?? mime;
}
