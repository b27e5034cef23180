import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { attachments, partnerServices, payments, pratiche, protocolEntries, services, statusHistory, users, type Attachment, type Pratica, type Service } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { BadRequestError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";
import { STATUS } from "@/lib/workflow/states";
import { eventsFrom } from "@/lib/workflow/table";
import { presentAttachment, presentIter, presentPayment, presentProtocolEntry, presentSummary } from "./present";
import type { PraticaDetail } from "./schemas";

export type PartnerCtx = Ctx & { actor: { kind: "partner"; partnerId: string } };

/**
 * A pratica the partner may see: in its ente, past the draft stage (drafts are the citizen's own), on a service
 * the partner is enabled on. Another ente's pratica, a draft or a malformed id are all "not found".
 */
export async function loadPartnerPratica(ctx: PartnerCtx, praticaId: string): Promise<{ pratica: Pratica; service: Service }> {
  if (!isUuid(praticaId)) throw new NotFoundError("pratica.not_found");
  // One round trip: the pratica, its service and the partner's binding to that service.
  const [row] = await ctx.db
    .select({ pratica: pratiche, service: services, bound: partnerServices.partnerId, disabledAt: partnerServices.disabledAt })
    .from(pratiche)
    .innerJoin(services, eq(services.id, pratiche.serviceId))
    .leftJoin(partnerServices, and(eq(partnerServices.serviceId, pratiche.serviceId), eq(partnerServices.partnerId, ctx.actor.partnerId)))
    .where(and(eq(pratiche.id, praticaId), eq(pratiche.enteId, ctx.ente.id)));
  if (!row || row.pratica.status === STATUS.draft) throw new NotFoundError("pratica.not_found");
  if (!row.bound || row.disabledAt) throw new ForbiddenError("partner.not_enabled_pratica");
  return { pratica: row.pratica, service: row.service };
}

/** Everything a back-office needs about one pratica: data, applicant, iter, protocol entries, files, payments. */
export async function getPraticaDetail(ctx: PartnerCtx, praticaId: string, partnerSlug: string): Promise<PraticaDetail> {
  const { pratica, service } = await loadPartnerPratica(ctx, praticaId);
  const [applicant] = await ctx.db.select().from(users).where(eq(users.id, pratica.applicantId));
  const iter = await ctx.db.select().from(statusHistory).where(eq(statusHistory.praticaId, pratica.id)).orderBy(asc(statusHistory.id));
  const protocol = await ctx.db
    .select()
    .from(protocolEntries)
    .where(and(eq(protocolEntries.praticaId, pratica.id), eq(protocolEntries.enteId, ctx.ente.id)))
    .orderBy(asc(protocolEntries.createdAt), asc(protocolEntries.id));
  const files = await ctx.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.praticaId, pratica.id), eq(attachments.enteId, ctx.ente.id)))
    .orderBy(asc(attachments.createdAt));
  const paymentRows = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.praticaId, pratica.id), eq(payments.enteId, ctx.ente.id)))
    .orderBy(asc(payments.createdAt), asc(payments.id));
  const answered = new Set(protocol.map((e) => e.requestId).filter(Boolean));
  return {
    ...presentSummary(pratica, service),
    applicant: { name: applicant?.name ?? "", codice_fiscale: applicant?.codiceFiscale ?? null, email: applicant?.email ?? "" },
    motivation: pratica.motivation,
    data: pratica.formData,
    awaiting_protocol: protocol.some((e) => e.status === "requested" && !e.requestId && !answered.has(e.id)),
    allowed_events: eventsFrom(pratica.status, "partner"),
    iter: iter.map(presentIter),
    protocol: protocol.map(presentProtocolEntry),
    attachments: files.map((f) => presentAttachment(f, partnerSlug)),
    payments: paymentRows.map((p) => presentPayment(p, partnerSlug)),
  };
}

type Cursor = { u: string; i: string };

function encodeCursor(p: Pratica): string {
  return Buffer.from(JSON.stringify({ u: p.updatedAt.toISOString(), i: p.id } satisfies Cursor)).toString("base64url");
}

function decodeCursor(value: string): { updatedAt: Date; id: string } {
  try {
    const c = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Partial<Cursor>;
    const updatedAt = new Date(String(c.u));
    if (typeof c.i === "string" && isUuid(c.i) && !Number.isNaN(updatedAt.getTime())) return { updatedAt, id: c.i };
  } catch {
    // fall through
  }
  throw new BadRequestError("cursor.invalid", {}, { field: "cursor" });
}

/**
 * The partner's pratiche, oldest change first, so that "updated since" plus the cursor is a complete sync:
 * page through until next_cursor is null, remember the last updated_at, start from there next time.
 */
export async function listPartnerPratiche(
  ctx: PartnerCtx,
  q: { service?: string; status?: number; updated_since?: string; cursor?: string; limit: number },
) {
  const enabled = ctx.db
    .select({ id: partnerServices.serviceId })
    .from(partnerServices)
    .where(and(eq(partnerServices.partnerId, ctx.actor.partnerId), isNull(partnerServices.disabledAt)));
  const where: SQL[] = [eq(pratiche.enteId, ctx.ente.id), inArray(pratiche.serviceId, enabled), sql`${pratiche.status} <> ${STATUS.draft}`];
  if (q.service) where.push(eq(services.slug, q.service));
  if (q.status !== undefined) where.push(eq(pratiche.status, q.status));
  if (q.updated_since) where.push(sql`${pratiche.updatedAt} >= ${new Date(q.updated_since).toISOString()}::timestamptz`);
  // Compared at millisecond precision, the precision the cursor carries (the column keeps microseconds).
  const updatedMs = sql`date_trunc('milliseconds', ${pratiche.updatedAt})`;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(sql`(${updatedMs}, ${pratiche.id}) > (${c.updatedAt.toISOString()}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await ctx.db
    .select({ pratica: pratiche, service: { slug: services.slug, name: services.name } })
    .from(pratiche)
    .innerJoin(services, eq(services.id, pratiche.serviceId))
    .where(and(...where))
    .orderBy(asc(updatedMs), asc(pratiche.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => presentSummary(r.pratica, r.service)),
    next_cursor: rows.length > q.limit && last ? encodeCursor(last.pratica) : null,
  };
}

/** One file of a visible pratica. */
export async function getPraticaAttachment(ctx: PartnerCtx, praticaId: string, attachmentId: string): Promise<Attachment> {
  const { pratica } = await loadPartnerPratica(ctx, praticaId);
  if (!isUuid(attachmentId)) throw new NotFoundError("attachment.not_found");
  const [row] = await ctx.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.praticaId, pratica.id), eq(attachments.enteId, ctx.ente.id)));
  if (!row) throw new NotFoundError("attachment.not_found");
  return row;
}
