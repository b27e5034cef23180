"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireStaff } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { retryDelivery } from "@/lib/outbox/retry";
import { retryProtocolRequest } from "@/lib/protocol/requests";

const input = z.object({ ente: z.string().regex(/^[a-z0-9-]{1,100}$/), id: z.uuid(), what: z.enum(["request", "delivery"]) });

/** "Richiedi di nuovo": a refused registration gets a new request; an undelivered one is sent again. */
export async function retryProtocolAction(formData: FormData): Promise<void> {
  const parsed = input.safeParse({ ente: formData.get("ente"), id: formData.get("id"), what: formData.get("what") });
  if (!parsed.success) redirect("/");
  const { ente, id, what } = parsed.data;
  const { ctx } = await requireStaff(ente, "admin");
  const params = new URLSearchParams();
  try {
    if (what === "request") await retryProtocolRequest(ctx, id);
    else await retryDelivery(ctx, id);
    params.set("esito", "richiesto");
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    params.set("esito", "errore");
    params.set("messaggio", err.message);
  }
  redirect(`/${ctx.ente.slug}/admin/protocollo?${params.toString()}`);
}
