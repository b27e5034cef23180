import { portal } from "@/lib/i18n/portal";
import { getFormat, getT } from "@/lib/i18n/server";
import type { ThreadMessage } from "@/lib/messages/list";

/** The conversation with the municipality: who wrote (never the operator's name), when, what, and files. */
export async function MessageThread({ items, enteSlug, timeZone }: { items: ThreadMessage[]; enteSlug: string; timeZone: string }) {
  const [t, f] = await Promise.all([getT(portal), getFormat(timeZone)]);
  if (items.length === 0) return <p className="mb-4">{t.noMessages}</p>;
  return (
    <ol className="mb-6 space-y-3">
      {items.map((m) => {
        const mine = m.authorKind === "citizen";
        return (
          <li key={m.id} className={`max-w-3xl rounded-lg border p-3 ${mine ? "ml-auto border-line bg-white sm:ml-16" : "border-primary bg-primary-light sm:mr-16"}`}>
            <p className="mb-1 text-sm">
              <span className="font-bold">{mine ? t.you : t.ente}</span>{" "}
              <time dateTime={m.createdAt.toISOString()}>{f.dateTime(m.createdAt)}</time>
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
