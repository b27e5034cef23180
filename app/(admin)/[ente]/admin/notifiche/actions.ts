"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireStaff } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { retryDelivery } from "@/lib/outbox/retry";

const input = z.object({ ente: z.string().regex(/^[a-z0-9-]{1,100}$/), id: z.uuid(), back: z.string().max(2000).default("") });

/** Retry of a dead letter from the admin page: back to the same filtered list with the outcome. */
export async function retryDeliveryAction(formData: FormData): Promise<void> {
  const parsed = input.safeParse({ ente: formData.get("ente"), id: formData.get("id"), back: formData.get("back") ?? "" });
  if (!parsed.success) redirect("/");
  const { ente, id, back } = parsed.data;
  const { ctx } = await requireStaff(ente, "admin");
  const params = new URLSearchParams(back.startsWith("?") ? back.slice(1) : back);
  try {
    await retryDelivery(ctx, id);
    params.set("esito", "riprovato");
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    params.set("esito", "errore");
    params.set("messaggio", err.message);
  }
  redirect(`/${ctx.ente.slug}/admin/notifiche?${params.toString()}`);
}
