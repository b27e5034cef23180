import { and, asc, eq, inArray } from "drizzle-orm";
import { attachments, messages, type Attachment, type Message } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { getPratica } from "@/lib/pratiche/get";

export type ThreadMessage = Message & { attachments: Pick<Attachment, "id" | "filename" | "mimeType" | "size">[] };

/** The thread of a pratica as the actor may see it: citizens never see internal notes. */
export async function listMessages(ctx: Ctx, praticaId: string): Promise<ThreadMessage[]> {
  await getPratica(ctx, praticaId);
  const citizen = ctx.actor.kind === "citizen";
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.praticaId, praticaId), eq(messages.enteId, ctx.ente.id), ...(citizen ? [eq(messages.internal, false)] : [])))
    .orderBy(asc(messages.createdAt));
  if (rows.length === 0) return [];
  const files = await ctx.db
    .select({ id: attachments.id, filename: attachments.filename, mimeType: attachments.mimeType, size: attachments.size, messageId: attachments.messageId })
    .from(attachments)
    .where(and(eq(attachments.enteId, ctx.ente.id), inArray(attachments.messageId, rows.map((r) => r.id))));
  return rows.map((m) => ({ ...m, attachments: files.filter((f) => f.messageId === m.id) }));
}
