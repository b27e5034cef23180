/** The file's real type from its first bytes; the name and the browser's claim are not trusted. */
export function sniffMimeType(head: Uint8Array): string | null {
  const b = (i: number) => head[i] ?? -1;
  const ascii = (start: number, s: string) => [...s].every((ch, i) => b(start + i) === ch.charCodeAt(0));
  if (ascii(0, "%PDF-")) return "application/pdf";
  if (b(0) === 0x89 && ascii(1, "PNG")) return "image/png";
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "image/jpeg";
  if (ascii(0, "GIF87a") || ascii(0, "GIF89a")) return "image/gif";
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return "image/webp";
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return "application/zip";
  return null;
}

/** Every type sniffMimeType recognises. */
export const SNIFFED_TYPES = ["application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "application/zip"] as const;

/** Office documents are zip containers: a declared OOXML/ODF type is accepted when the bytes are a zip. */
export const ZIP_BASED = new Set([
  "application/zip",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
]);

/** The MIME type to record, or null when the bytes are not one of the accepted types. */
export function acceptedType(head: Uint8Array, accept: readonly string[], declared?: string): string | null {
  const sniffed = sniffMimeType(head);
  if (!sniffed) return null;
  if (accept.includes(sniffed)) return sniffed;
  if (sniffed === "application/zip" && declared && ZIP_BASED.has(declared) && accept.includes(declared)) return declared;
  return null;
}

/** A name safe to show and to send in Content-Disposition: no path, no control characters, bounded length. */
export function safeFilename(name: string, fallback = "allegato"): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f"<>:|?*]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  if (!cleaned) return fallback;
  if (cleaned.length <= 120) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
  return cleaned.slice(0, 120 - ext.length) + ext;
}
