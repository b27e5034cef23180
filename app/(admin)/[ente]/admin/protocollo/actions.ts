"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { staffAction } from "@/lib/edge/actions";
import { enteSlug } from "@/lib/edge/schemas";
import { retryDelivery } from "@/lib/outbox/retry";
import { retryProtocolRequest } from "@/lib/protocol/requests";

/** "Richiedi di nuovo": a refused registration gets a new request; an undelivered one is sent again. */
export const retryProtocolAction = staffAction(
  {
    role: "admin",
    input: z.object({ ente: enteSlug, id: z.uuid(), what: z.enum(["request", "delivery"]) }),
    // The page names the refusal by its code; no text travels in the URL.
    onError: (failure, raw) => redirect(`/${enteSlug.catch("").parse(raw.ente)}/admin/protocollo?esito=errore&codice=${encodeURIComponent(failure.code)}`),
  },
  async ({ ctx }, { id, what }): Promise<void> => {
    if (what === "request") await retryProtocolRequest(ctx, id);
    else await retryDelivery(ctx, id);
    redirect(`/${ctx.ente.slug}/admin/protocollo?esito=richiesto`);
  },
);
