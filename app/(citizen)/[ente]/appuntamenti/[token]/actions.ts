"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { cancelByLink, moveByLink } from "@/lib/appointments/manage";
import { requireEnte } from "@/lib/auth/session";
import { publicAction } from "@/lib/edge/actions";
import { enteSlug } from "@/lib/edge/schemas";

/** The signed token of the email's link (lib/appointments/link.ts): URL-safe characters only. */
const token = z.string().min(1).max(400).regex(/^[A-Za-z0-9._~-]+$/);
const slugOf = (raw: Record<string, unknown>) => enteSlug.catch("").parse(raw.ente);
const tokenOf = (raw: Record<string, unknown>) => token.catch("").parse(raw.token);
const back = (raw: Record<string, unknown>, query: string) => `/${slugOf(raw)}/appuntamenti/${tokenOf(raw)}?${query}`;

/** "Sì, annulla l'appuntamento", from the email's link: no login, the signed link is the authority. */
export const cancelByLinkAction = publicAction(
  { input: z.object({ ente: enteSlug, token }), onError: (f, raw) => redirect(back(raw, `errore=${encodeURIComponent(f.code)}`)) },
  async (i): Promise<void> => {
    const { db, ente } = await requireEnte(i.ente);
    await cancelByLink(db, ente, i.token);
    redirect(`/${ente.slug}/appuntamenti/${i.token}?esito=annullato`);
  },
);

/** "Sposta a questo orario": a free slot of the same office; a place taken meanwhile goes back to the choice. */
export const moveByLinkAction = publicAction(
  {
    input: z.object({ ente: enteSlug, token, ora: z.iso.datetime({ offset: true }), settimana: z.string().max(10).optional() }),
    onError: (f, raw) => {
      const week = typeof raw.settimana === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw.settimana) ? `&settimana=${raw.settimana}` : "";
      redirect(back(raw, `azione=sposta${week}&errore=${encodeURIComponent(f.code)}#sposta`));
    },
  },
  async (i): Promise<void> => {
    const { db, ente } = await requireEnte(i.ente);
    await moveByLink(db, ente, i.token, new Date(i.ora));
    redirect(`/${ente.slug}/appuntamenti/${i.token}?esito=spostato`);
  },
);
