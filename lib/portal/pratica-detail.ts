import { and, asc, eq } from "drizzle-orm";
import { pratiche, protocolEntries, statusHistory, type Attachment, type Pratica, type Service, type StatusHistoryRow } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";
import { listMessages, type ThreadMessage } from "@/lib/messages/list";
import { listAttachments } from "@/lib/pratiche/attachments";
import { getPratica } from "@/lib/pratiche/get";
import { formDefinitionFor } from "@/lib/services/form-version";
import { summarizeFormData } from "@/lib/services/form-schema";
import { STATUS } from "@/lib/workflow/states";
import { transitionFor } from "@/lib/workflow/table";

export type MyPraticaDetail = {
  pratica: Pratica;
  service: Service;
  iter: StatusHistoryRow[];
  attachments: Attachment[];
  messages: ThreadMessage[];
  /** The inbound registration of the submission: its number, or "pending" while the registry has not answered. */
  protocol: { number: string; registeredAt: Date | null } | "pending" | null;
  /** The municipality's request for documents the citizen still has to answer. */
  integrationRequest: { message: string | null; at: Date } | null;
  canWithdraw: boolean;
  /** What the citizen filled in, page by page. */
  summary: { title: string; rows: { label: string; value: string }[] }[];
};

/**
 * A pratica of the acting citizen with everything the detail page shows. Opening it marks the municipality's
 * news as read (`citizen_viewed_at`): a plain update, not a status change.
 */
export async function getMyPraticaDetail(ctx: Ctx, praticaId: string, opts: { markViewed?: boolean; lang?: Lang } = {}): Promise<MyPraticaDetail> {
  if (ctx.actor.kind !== "citizen") throw new ForbiddenError("citizen.only_area");
  // The visibility rules (own pratiche only, within this ente; others' are "not found") live in getPratica.
  const { pratica, service } = await getPratica(ctx, praticaId);
  const [iter, attachments, messages, protocolRows, definition] = await Promise.all([
    ctx.db.select().from(statusHistory).where(and(eq(statusHistory.praticaId, praticaId), eq(statusHistory.enteId, ctx.ente.id))).orderBy(asc(statusHistory.id)),
    listAttachments(ctx, praticaId),
    listMessages(ctx, praticaId),
    ctx.db
      .select({ status: protocolEntries.status, number: protocolEntries.number, registeredAt: protocolEntries.registeredAt })
      .from(protocolEntries)
      .where(and(eq(protocolEntries.praticaId, praticaId), eq(protocolEntries.enteId, ctx.ente.id), eq(protocolEntries.documentKind, "submission")))
      .orderBy(asc(protocolEntries.createdAt)),
    formDefinitionFor(ctx.db, service, pratica.formVersion),
  ]);
  const registered = protocolRows.find((r) => r.status === "registered" && r.number);
  const protocol = registered?.number ? { number: registered.number, registeredAt: registered.registeredAt } : protocolRows.some((r) => r.status === "requested") ? "pending" : null;

  let integrationRequest: MyPraticaDetail["integrationRequest"] = null;
  if (pratica.status === STATUS.integration_requested) {
    const last = [...iter].reverse().find((h) => h.event === "request_integration");
    integrationRequest = { message: last?.message ?? null, at: last?.createdAt ?? pratica.updatedAt };
  }
  const withdraw = transitionFor("withdraw");
  const canWithdraw = service.allowWithdraw && (withdraw.from as readonly number[]).includes(pratica.status);

  if (opts.markViewed !== false && pratica.status !== STATUS.draft) {
    await ctx.db.update(pratiche).set({ citizenViewedAt: new Date() }).where(and(eq(pratiche.id, pratica.id), eq(pratiche.enteId, ctx.ente.id)));
  }
  const summary = definition.pages.map((page) => ({ title: page.title, rows: summarizeFormData({ pages: [page] }, pratica.formData, opts.lang) }));
  return { pratica, service, iter, attachments, messages, protocol, integrationRequest, canWithdraw, summary };
}
