"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireCitizen } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { startDraft } from "@/lib/portal/start-draft";

const schema = z.object({
  ente: z.string().regex(/^[a-z0-9-]{1,100}$/),
  service: z.string().regex(/^[a-z0-9-]{1,100}$/),
  privacy: z.literal("on"),
});

/** The privacy step: once acknowledged, a draft is created (prefilled from the profile) and the form opens. */
export async function startDraftAction(formData: FormData): Promise<void> {
  const ente = String(formData.get("ente") ?? "");
  const service = String(formData.get("service") ?? "");
  const parsed = schema.safeParse({ ente, service, privacy: formData.get("privacy") });
  const back = `/${encodeURIComponent(ente)}/servizi/${encodeURIComponent(service)}/compila`;
  if (!parsed.success) redirect(`${back}?errore=privacy`);
  const { ctx } = await requireCitizen(parsed.data.ente, back);
  let id: string;
  try {
    id = (await startDraft(ctx, parsed.data.service)).id;
  } catch (err) {
    if (err instanceof DomainError) redirect(`/${parsed.data.ente}/servizi/${parsed.data.service}`);
    throw err;
  }
  redirect(`/${parsed.data.ente}/area-personale/pratiche/${id}/modifica`);
}
