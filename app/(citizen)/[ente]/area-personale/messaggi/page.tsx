import type { Metadata } from "next";
import { z } from "zod";
import { Pager } from "@/components/portal/pager";
import { PersonalAreaHeader } from "@/components/portal/personal-area-header";
import { ThreadList } from "@/components/portal/thread-list";
import { requireCitizen } from "@/lib/auth/session";
import { personalArea } from "@/lib/i18n/personal-area";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import { countMyUnreadThreads, listMyThreads } from "@/lib/portal/personal-area";

export async function generateMetadata(): Promise<Metadata> {
  const [t, pa] = await Promise.all([getT(portal), getT(personalArea)]);
  return { title: `${pa.tabs.messages} - ${t.personalArea}` };
}
export const dynamic = "force-dynamic";

const querySchema = z.object({ pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

/** "Messaggi": every conversation of the citizen with the municipality, one per pratica, newest first. */
export default async function Messages({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ente: slug } = await params;
  const { ente, user, ctx } = await requireCitizen(slug, `/${slug}/area-personale/messaggi`);
  const pa = await getT(personalArea);
  const query = querySchema.parse(await searchParams);
  const [threads, unread] = await Promise.all([listMyThreads(ctx, { page: query.pagina }), countMyUnreadThreads(ctx)]);
  return (
    <>
      <PersonalAreaHeader ente={ente.slug} name={user.name} current="messages" unreadThreads={unread} />
      <section aria-labelledby="messaggi" className="max-w-4xl">
        <h2 id="messaggi" className="mb-1 text-2xl font-bold">{pa.messagesTitle}</h2>
        <p className="mb-4">{pa.messagesIntro}</p>
        {threads.total === 0 ? <p>{pa.noThreads}</p> : <ThreadList rows={threads.rows} ente={ente.slug} timeZone={ente.timezone} />}
        <Pager base={`/${ente.slug}/area-personale/messaggi`} page={threads.page} pages={threads.pages} />
      </section>
    </>
  );
}
