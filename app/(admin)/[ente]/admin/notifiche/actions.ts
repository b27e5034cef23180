"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { staffAction } from "@/lib/edge/actions";
import { enteSlug } from "@/lib/edge/schemas";
import { retryDelivery } from "@/lib/outbox/retry";

/** The filtered list the admin came from (`?…` of the page), kept across the retry; anything else is dropped. */
function backParams(back: unknown): URLSearchParams {
  const s = typeof back === "string" && back.length <= 2000 ? back : "";
  const params = new URLSearchParams(s.startsWith("?") ? s.slice(1) : s);
  params.delete("esito");
  params.delete("codice");
  params.delete("messaggio");
  return params;
}

/** The admin pages a retry can come from (Notifiche, or the failures of /admin/canali); it goes back there. */
const page = z.enum(["notifiche", "canali"]).catch("notifiche").default("notifiche");

/** Retry of a dead letter from the admin page: back to the same filtered list with the outcome. */
export const retryDeliveryAction = staffAction(
  {
    role: "admin",
    input: z.object({ ente: enteSlug, id: z.uuid(), back: z.string().max(2000).default(""), from: page }),
    onError: (failure, raw) => {
      const params = backParams(raw.back);
      params.set("esito", "errore");
      params.set("codice", failure.code);
      redirect(`/${enteSlug.catch("").parse(raw.ente)}/admin/${page.parse(raw.from)}?${params.toString()}`);
    },
  },
  async ({ ctx }, { id, back, from }): Promise<void> => {
    await retryDelivery(ctx, id);
    const params = backParams(back);
    params.set("esito", "riprovato");
    redirect(`/${ctx.ente.slug}/admin/${from}?${params.toString()}`);
  },
);
