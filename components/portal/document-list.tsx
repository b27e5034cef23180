import { formatBytes } from "@/lib/format/bytes";
import { actTexts } from "@/lib/i18n/acts";
import { portal } from "@/lib/i18n/portal";
import { getFormat, getT } from "@/lib/i18n/server";
import { isPreviewable } from "@/lib/security/headers";

const ORDER: readonly string[] = ["modulo", "response_document", "response", "field", "integration", "message"];

/** One file as the list shows it (an `attachments` row fits). */
export type ListedDocument = { id: string; purpose: string; filename: string; mimeType: string; size: number; createdAt: Date };

/** The pratica's files the citizen may see, the receipt and the response first, each a download link (PDFs and images also a preview). */
export async function DocumentList({ files, enteSlug, timeZone }: { files: ListedDocument[]; enteSlug: string; timeZone: string }) {
  const [t, f, a] = await Promise.all([getT(portal), getFormat(timeZone), getT(actTexts)]);
  const kinds: Record<string, string> = t.docKinds;
  if (files.length === 0) return <p>{t.noDocuments}</p>;
  const sorted = [...files].sort((a, b) => ORDER.indexOf(a.purpose) - ORDER.indexOf(b.purpose));
  return (
    <ul className="divide-y divide-line rounded-lg border border-line">
      {sorted.map((file) => (
        <li key={file.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 p-3">
          <div className="min-w-0 flex-1 basis-60">
            <p className="text-sm font-semibold text-muted">{kinds[file.purpose] ?? file.purpose}</p>
            <a href={`/${enteSlug}/allegati/${file.id}`} className="font-semibold break-all underline">
              {file.filename}
            </a>
          </div>
          <p className="text-sm text-muted">
            {file.mimeType === "application/pdf" ? "PDF" : file.mimeType.split("/").pop()?.toUpperCase()} · {formatBytes(file.size, f.lang)} · {f.dateTime(file.createdAt)}
          </p>
          {isPreviewable(file.mimeType) && (
            <a href={`/${enteSlug}/allegati/${file.id}?anteprima=1`} className="text-sm font-semibold underline" aria-label={t.previewOf({ name: file.filename })}>
              {t.previewDocument}
            </a>
          )}
          {file.purpose === "response_document" && (
            <a href={`/${enteSlug}/verifica`} className="basis-full text-sm font-semibold underline">
              {a.verify.link}
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}
