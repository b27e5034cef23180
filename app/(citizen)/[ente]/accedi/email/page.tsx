import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireEnte } from "@/lib/auth/session";
import { common } from "@/lib/i18n/common";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import { emailLinkConfirm } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(portal)).verifyTitle };
}
export const dynamic = "force-dynamic";

const querySchema = z.object({
  email: z.string().max(254).optional().catch(undefined),
  token: z.string().max(100).optional().catch(undefined),
  next: z.string().max(500).optional().catch(undefined),
  errore: z.string().max(10).optional().catch(undefined),
});

/**
 * Where the emailed link lands. Opening it does not sign in (mail scanners open links too): the citizen
 * confirms with a button, which spends the single-use token.
 */
export default async function ConfirmEmailLink({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ente } = await requireEnte((await params).ente);
  const [t, c] = await Promise.all([getT(portal), getT(common)]);
  const q = querySchema.parse(await searchParams);
  const usable = !q.errore && q.email && q.token;
  return (
    <div className="mx-auto max-w-xl">
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, { href: `/${ente.slug}/accedi`, label: c.login }, { label: t.verifyTitle }]} />
      <h1 className="mb-4 text-3xl font-bold">{t.verifyTitle}</h1>
      {usable ? (
        <form action={emailLinkConfirm} className="card space-y-4">
          <input type="hidden" name="ente" value={ente.slug} />
          <input type="hidden" name="email" value={q.email} />
          <input type="hidden" name="token" value={q.token} />
          <input type="hidden" name="next" value={q.next ?? ""} />
          <p>{t.verifyIntro({ email: q.email ?? "" })}</p>
          <button type="submit" className="btn-primary">{t.verifyButton}</button>
        </form>
      ) : (
        <div className="rounded-md border-l-4 border-danger-dark bg-danger-light p-4" role="alert">
          <p className="mb-2 font-semibold text-danger-dark">{t.verifyFailed}</p>
          <Link href={`/${ente.slug}/accedi#email`} className="font-semibold underline">{c.login}</Link>
        </div>
      )}
    </div>
  );
}
