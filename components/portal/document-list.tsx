import { formatDateTime, type Lang } from "@/lib/i18n";
import { isPreviewable } from "@/lib/security/headers";

const ORDER: readonly string[] = ["modulo", "response_document", "response", "field", "integration", "message"];

/** One file as the list shows it (an `attachments` row fits). */
export type ListedDocument = { id: string; purpose: string; filename: string; mimeType: string; size: number; createdAt: Date };

function size(n: number): string {
  return n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The pratica's files the citizen may see, the receipt and the response first, each a download link (PDFs and images also a preview). */
export function DocumentList({ files, enteSlug, kinds, lang, timeZone, empty, preview }: { files: ListedDocument[]; enteSlug: string; kinds: Record<string, string>; lang: Lang; timeZone: string; empty: string; preview: string }) {
  if (files.length === 0) return <p>{empty}</p>;
  const sorted = [...files].sort((a, b) => ORDER.indexOf(a.purpose) - ORDER.indexOf(b.purpose));
  return (
    <ul className="divide-y divide-line rounded-lg border border-line">
      {sorted.map((f) => (
        <li key={f.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 p-3">
          <div className="min-w-0 flex-1 basis-60">
            <p className="text-sm font-semibold text-muted">{kinds[f.purpose] ?? f.purpose}</p>
            <a href={`/${enteSlug}/allegati/${f.id}`} className="font-semibold break-all underline">
              {f.filename}
            </a>
          </div>
          <p className="text-sm text-muted">
            {f.mimeType === "application/pdf" ? "PDF" : f.mimeType.split("/").pop()?.toUpperCase()} · {size(f.size)} · {formatDateTime(f.createdAt, lang, timeZone)}
          </p>
          {isPreviewable(f.mimeType) && (
            <a href={`/${enteSlug}/allegati/${f.id}?anteprima=1`} className="text-sm font-semibold underline" aria-label={`${preview}: ${f.filename}`}>
              {preview}
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}
