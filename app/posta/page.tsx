import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getConfig } from "@/lib/config/env";
import { notificationsText } from "@/lib/i18n/notifications";
import { getFormat, getT } from "@/lib/i18n/server";
import { listMailbox } from "@/lib/notifications/mailbox";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(notificationsText)).mailbox.title, robots: { index: false } };
}

/** Demo mode only: the emails Stanza wrote to DATA_DIR/mail, so sign-in links and notices can be followed locally. */
export default async function MailboxPage() {
  const config = getConfig();
  if (!config.demoMode) notFound();
  const [{ mailbox: t }, f] = await Promise.all([getT(notificationsText), getFormat()]);
  const mails = await listMailbox(config.dataDir);
  return (
    <main id="contenuto" className="mx-auto max-w-4xl px-4 py-8">
      <h1 className="mb-2 text-3xl font-bold">{t.title}</h1>
      <p className="mb-6 text-muted">{t.intro}</p>
      {mails.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ul className="divide-y divide-line rounded border border-line">
          {mails.map((m) => (
            <li key={m.id}>
              <Link href={`/posta/${m.id}`} className="block px-4 py-3 no-underline hover:bg-surface focus:bg-surface">
                <span className="block font-semibold text-primary underline">{m.subject}</span>
                <span className="block text-sm text-ink">
                  {t.to}: {m.to}
                </span>
                <span className="block text-sm text-muted">{f.dateTime(m.date)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
