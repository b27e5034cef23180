import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { getConfig } from "@/lib/config/env";
import { notificationsText } from "@/lib/i18n/notifications";
import { getFormat, getT } from "@/lib/i18n/server";
import { readMail } from "@/lib/notifications/mailbox";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(notificationsText)).mailbox.title, robots: { index: false } };
}

/** Plain text with its web addresses made clickable (the sign-in link, the pratica's page). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"')\]]+)/g);
  return (
    <>
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          <a key={i} href={p} className="break-all underline">
            {p}
          </a>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}

export default async function MailPage({ params }: { params: Promise<{ id: string }> }) {
  const config = getConfig();
  if (!config.demoMode) notFound();
  const mail = await readMail(config.dataDir, (await params).id);
  if (!mail) notFound();
  const [{ mailbox: t }, f] = await Promise.all([getT(notificationsText), getFormat()]);
  return (
    <main id="contenuto" className="mx-auto max-w-4xl px-4 py-8">
      <p className="mb-4">
        <Link href="/posta">← {t.back}</Link>
      </p>
      <h1 className="mb-4 text-2xl font-bold">{mail.subject}</h1>
      <dl className="mb-6 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted">{t.from}</dt>
        <dd className="break-all">{mail.from}</dd>
        <dt className="text-muted">{t.to}</dt>
        <dd className="break-all">{mail.to}</dd>
        <dt className="text-muted">{t.date}</dt>
        <dd>{f.dateTime(mail.date)}</dd>
        {mail.attachments.length > 0 ? (
          <>
            <dt className="text-muted">{t.attachments}</dt>
            <dd>{mail.attachments.join(", ")}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="mail-text" className="mb-8">
        <h2 id="mail-text" className="mb-2 text-xl font-bold">
          {t.text}
        </h2>
        <pre className="whitespace-pre-wrap rounded border border-line bg-surface p-4 font-sans text-base" data-testid="mail-text">
          <Linkified text={mail.text} />
        </pre>
      </section>
      <section aria-labelledby="mail-html">
        <h2 id="mail-html" className="mb-2 text-xl font-bold">
          {t.html}
        </h2>
        {/* The email's own HTML, isolated: no scripts, links open at the top level. */}
        <iframe
          title={mail.subject}
          srcDoc={mail.html}
          sandbox="allow-popups allow-top-navigation-by-user-activation"
          className="h-[720px] w-full rounded border border-line"
        />
      </section>
    </main>
  );
}
