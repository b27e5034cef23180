import type { Metadata } from "next";
import { z } from "zod";
import { ActivityList } from "@/components/portal/activity-list";
import { Pager } from "@/components/portal/pager";
import { PersonalAreaHeader } from "@/components/portal/personal-area-header";
import { requireCitizen } from "@/lib/auth/session";
import { personalArea } from "@/lib/i18n/personal-area";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import { countMyUnreadThreads, listMyActivity } from "@/lib/portal/personal-area";

export async function generateMetadata(): Promise<Metadata> {
  const [t, pa] = await Promise.all([getT(portal), getT(personalArea)]);
  return { title: `${pa.tabs.activity} - ${t.personalArea}` };
}
export const dynamic = "force-dynamic";

const querySchema = z.object({ pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

/** "Attività": the citizen's timeline across their pratiche (iter steps and messages), newest first, by pages. */
export default async function Activity({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ente: slug } = await params;
  const { ente, user, ctx } = await requireCitizen(slug, `/${slug}/area-personale/attivita`);
  const pa = await getT(personalArea);
  const query = querySchema.parse(await searchParams);
  const [activity, unread] = await Promise.all([listMyActivity(ctx, { page: query.pagina }), countMyUnreadThreads(ctx)]);
  return (
    <>
      <PersonalAreaHeader ente={ente.slug} name={user.name} current="activity" unreadThreads={unread} />
      <section aria-labelledby="attivita" className="max-w-4xl">
        <h2 id="attivita" className="mb-1 text-2xl font-bold">{pa.activityTitle}</h2>
        <p className="mb-4">{pa.activityIntro}</p>
        {activity.total === 0 ? <p>{pa.noActivity}</p> : <ActivityList rows={activity.rows} ente={ente.slug} timeZone={ente.timezone} />}
        <Pager base={`/${ente.slug}/area-personale/attivita`} page={activity.page} pages={activity.pages} />
      </section>
    </>
  );
}
