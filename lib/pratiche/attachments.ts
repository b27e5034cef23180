import { and, asc, eq } from "drizzle-orm";
import { attachments, type Attachment } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { getPratica } from "./get";
import { isUuid } from "@/lib/uuid";

/** The files of a pratica the actor may see: citizens only those made visible to them. */
export async function listAttachments(ctx: Ctx, praticaId: string): Promise<Attachment[]> {
  await getPratica(ctx, praticaId);
  return ctx.db
    .select()
    .from(attachments)
    .where(
      and(
        eq(attachments.praticaId, praticaId),
        eq(attachments.enteId, ctx.ente.id),
        ...(ctx.actor.kind === "citizen" ? [eq(attachments.visibleToCitizen, true)] : []),
      ),
    )
    .orderBy(asc(attachments.createdAt));
}

/** One file, if the actor may download it (the pratica's visibility rules plus citizen visibility). */
export async function getAttachment(ctx: Ctx, attachmentId: string): Promise<Attachment> {
  if (!isUuid(attachmentId)) throw new NotFoundError("attachment.not_found");
  const [row] = await ctx.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.enteId, ctx.ente.id)));
  if (!row?.praticaId) throw new NotFoundError("attachment.not_found");
  await getPratica(ctx, row.praticaId);
  if (ctx.actor.kind === "citizen" && !row.visibleToCitizen) throw new NotFoundError("attachment.not_found");
  return row;
}
