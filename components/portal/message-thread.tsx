import type { ThreadMessage } from "@/lib/messages/list";
import { formatDateTime, type Lang } from "@/lib/i18n";

/** The conversation with the municipality: who wrote (never the operator's name), when, what, and files. */
export function MessageThread({ items, enteSlug, lang, timeZone, labels }: { items: ThreadMessage[]; enteSlug: string; lang: Lang; timeZone: string; labels: { you: string; ente: string; empty: string } }) {
  if (items.length === 0) return <p className="mb-4">{labels.empty}</p>;
  return (
    <ol className="mb-6 space-y-3">
      {items.map((m) => {
        const mine = m.authorKind === "citizen";
        return (
          <li key={m.id} className={`max-w-3xl rounded-lg border p-3 ${mine ? "ml-auto border-line bg-white sm:ml-16" : "border-primary bg-primary-light sm:mr-16"}`}>
            <p className="mb-1 text-sm">
              <span className="font-bold">{mine ? labels.you : labels.ente}</span>{" "}
              <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt, lang, timeZone)}</time>
            </p>
            <p className="whitespace-pre-line break-words">{m.body}</p>
            {m.attachments.length > 0 && (
              <ul className="mt-2 space-y-1">
                {m.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`/${enteSlug}/allegati/${a.id}`} className="text-sm font-semibold break-all underline">{a.filename}</a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
