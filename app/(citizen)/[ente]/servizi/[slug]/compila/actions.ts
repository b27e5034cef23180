"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireLevel } from "@/lib/auth/session";
import { citizenAction } from "@/lib/edge/actions";
import { getPublicService } from "@/lib/portal/catalogue";
import { enteSlug } from "@/lib/edge/schemas";
import { startDraft } from "@/lib/portal/start-draft";
import { slugSchema } from "@/lib/slug";

const page = (raw: Record<string, unknown>) => `/${enteSlug.catch("").parse(raw.ente)}/servizi/${slugSchema.catch("").parse(raw.service)}`;

/** The privacy step: once acknowledged, a draft is created (prefilled from the profile) and the form opens. */
export const startDraftAction = citizenAction(
  {
    input: z.object({ ente: enteSlug, service: slugSchema, privacy: z.literal("on") }),
    next: ({ ente, service }) => `/${ente}/servizi/${service}/compila`,
    // Without the acknowledgement, back to the step saying so; a service that cannot be started, back to its sheet.
    onError: (failure, raw) => redirect(failure.fieldErrors.privacy ? `${page(raw)}/compila?errore=privacy` : page(raw)),
  },
  async (session, { service }): Promise<void> => {
    const { ctx } = session;
    const found = await getPublicService(ctx.db, ctx.ente, service);
    if (found) requireLevel(session, found.minAuthLevel, `/${ctx.ente.slug}/servizi/${found.slug}/compila`);
    const { id } = await startDraft(ctx, service);
    redirect(`/${ctx.ente.slug}/area-personale/pratiche/${id}/modifica`);
  },
);
