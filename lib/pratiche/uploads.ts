import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { attachments, services } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError, fieldError } from "@/lib/errors";
import { allFields, type FileRef } from "@/lib/services/form-schema";
import { formDefinitionFor } from "@/lib/services/form-version";
import { FileTooLargeError, getStorage } from "@/lib/storage";
import { acceptedType, safeFilename } from "@/lib/storage/sniff";
import { getOwnDraft } from "./drafts";

export type UploadInput = { filename: string; declaredType?: string; body: Readable | Buffer | Uint8Array };

/**
 * Stores a citizen's upload for a file field of their draft: streamed to storage with the field's size limit,
 * type checked from the bytes against the field's accepted types, sha256 recorded. Refused files leave nothing.
 */
export async function uploadDraftFile(ctx: Ctx, praticaId: string, fieldName: string, file: UploadInput): Promise<FileRef> {
  const draft = await getOwnDraft(ctx, praticaId);
  const [service] = await ctx.db.select().from(services).where(and(eq(services.id, draft.serviceId), eq(services.enteId, ctx.ente.id)));
  if (!service) throw new NotFoundError("service.not_found");
  const definition = await formDefinitionFor(ctx.db, service, draft.formVersion);
  const field = allFields(definition).find((f) => f.name === fieldName);
  if (!field || field.type !== "file") throw new ValidationError("upload.not_file_field", [fieldError(fieldName.slice(0, 64), "upload.not_file_field", { field: fieldName.slice(0, 64) })], { field: fieldName.slice(0, 64) });
  const maxBytes = Math.round(field.maxSizeMb * 1024 * 1024);
  const storage = await getStorage();
  let stored;
  try {
    stored = await storage.put(file.body, { maxBytes, prefix: "uploads" });
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new PayloadTooLargeError("file.too_large", { mb: field.maxSizeMb }, { field: fieldName });
    throw err;
  }
  const bytes = await storage.get(stored.storageKey);
  const mimeType = stored.size === 0 ? null : acceptedType(bytes.subarray(0, 16), field.accept, file.declaredType);
  if (!mimeType) {
    await storage.remove(stored.storageKey);
    throw new UnsupportedMediaTypeError(stored.size === 0 ? "file.empty" : "file.bad_type", { types: field.accept.map(shortType).join(", ") }, { field: fieldName });
  }
  const filename = safeFilename(file.filename);
  const [row] = await ctx.db
    .insert(attachments)
    .values({
      enteId: ctx.ente.id,
      praticaId: draft.id,
      kind: "citizen",
      purpose: "field",
      fieldName,
      filename,
      mimeType,
      size: stored.size,
      sha256: stored.sha256,
      storageKey: stored.storageKey,
      uploadedBy: draft.applicantId,
    })
    .returning({ id: attachments.id });
  if (!row) throw new Error("attachment insert returned nothing");
  return { id: row.id, filename, size: stored.size, mimeType };
}

export function shortType(mime: string): string {
  const map: Record<string, string> = { "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP" };
  return map[mime] ?? mime;
}
