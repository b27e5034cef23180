import { eq } from "drizzle-orm";
import { pratiche } from "@/db/schema";
import { recordProtocolAnswers, type ProtocolRecordInput } from "@/lib/protocol/answers";
import { loadPartnerPratica, type PartnerCtx } from "./pratiche";
import { presentProtocolEntry, statusRef } from "./present";

/** POST …/protocolli: the partner's records, stored as sent; answers to pending requests complete them. */
export async function recordPartnerProtocolli(ctx: PartnerCtx, praticaId: string, records: ProtocolRecordInput[]) {
  const { pratica } = await loadPartnerPratica(ctx, praticaId);
  const { entries, completedRequestIds } = await recordProtocolAnswers(ctx, pratica.id, records);
  const [after] = await ctx.db.select({ status: pratiche.status }).from(pratiche).where(eq(pratiche.id, pratica.id));
  return { entries: entries.map(presentProtocolEntry), completed_requests: completedRequestIds, status: statusRef(after?.status ?? pratica.status) };
}
