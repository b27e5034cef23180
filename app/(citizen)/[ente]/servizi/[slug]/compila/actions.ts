"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireLevel } from "@/lib/auth/session";
import { citizenAction } from "@/lib/edge/actions";
import { getPublicService } from "@/lib/portal/catalogue";
import { enteSlug } from "@/lib/edge/schemas";
import { acceptPrivacyOnDraft } from "@/lib/pratiche/drafts";
import { startDraft } from "@/lib/portal/start-draft";
import { slugSchema } from "@/lib/slug";

const page = (raw: Record<string, unknown>) => `/${enteSlug.catch("").parse(raw.ente)}/servizi/${slugSchema.catch("").parse(raw.service)}`;
const draftOf = (raw: Record<string, unknown>) => z.uuid().optional().catch(undefined).parse(raw.bozza);

/**
 * The privacy step, the request's first: once acknowledged, a draft is created (prefilled from the profile) with the
 * acknowledgement's time, and the form opens. A draft that lacks it (`bozza`) gets it recorded instead.
 */
export const startDraftAction = citizenAction(
  {
    input: z.object({ ente: enteSlug, service: slugSchema, privacy: z.literal("on"), bozza: z.uuid().optional() }),
    next: ({ ente, service }) => `/${ente}/servizi/${service}/compila`,
    // Without the acknowledgement, back to the step saying so; a service that cannot be started, back to its sheet.
    onError: (failure, raw) => {
      const draft = draftOf(raw);
      redirect(failure.fieldErrors.privacy ? `${page(raw)}/compila?errore=privacy${draft ? `&bozza=${draft}` : ""}` : page(raw));
    },
  },
  async (session, { service, bozza }): Promise<void> => {
    const { ctx } = session;
    const found = await getPublicService(ctx.db, ctx.ente, service);
    if (found) requireLevel(session, found.minAuthLevel, `/${ctx.ente.slug}/servizi/${found.slug}/compila`);
    const now = new Date();
    const { id } = bozza ? await acceptPrivacyOnDraft(ctx, bozza, now) : await startDraft(ctx, service, { privacyAcceptedAt: now });
    redirect(`/${ctx.ente.slug}/area-personale/pratiche/${id}/modifica`);
  },
);
