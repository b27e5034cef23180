import { sql } from "drizzle-orm";
import { paymentNoticeCounters } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { buildNoticeCode, MAX_NOTICE_SEQUENCE } from "./iuv";
import { noticeConfigOf } from "./pagopa-settings";

export type IssuedNoticeCode = { noticeCode: string; iuv: string; sequence: number };

/**
 * Takes the ente's next notice sequence number. One atomic upsert: concurrent callers wait on the counter row and
 * each gets its own number; inside a transaction that rolls back, the number is given back and the next caller
 * takes it again (it was never printed, so no code is issued twice).
 */
export async function nextNoticeSequence(ctx: Pick<Ctx, "db" | "ente">): Promise<number> {
  const [row] = await ctx.db
    .insert(paymentNoticeCounters)
    .values({ enteId: ctx.ente.id, last: 1 })
    .onConflictDoUpdate({
      target: paymentNoticeCounters.enteId,
      set: { last: sql`${paymentNoticeCounters.last} + 1`, updatedAt: sql`now()` },
      // At the 13-digit limit the update matches nothing and returns no row: refused below, never wrapped.
      setWhere: sql`${paymentNoticeCounters.last} < ${MAX_NOTICE_SEQUENCE}`,
    })
    .returning({ last: paymentNoticeCounters.last });
  if (!row) throw new ConflictError("pagopa.notice_sequence_exhausted");
  return Number(row.last);
}

/**
 * A new notice code and IUV for the ente, unique for it: the next sequence number laid out by the ente's pagoPA
 * settings (aux digit with its segregation or application code). Refused while the ente's settings are incomplete.
 * Call it inside the transaction that records the debt position, so a failure leaves no code behind.
 */
export async function issueNoticeCode(ctx: Pick<Ctx, "db" | "ente">): Promise<IssuedNoticeCode> {
  const config = noticeConfigOf(ctx.ente);
  if (!config) throw new ConflictError("pagopa.not_configured");
  const sequence = await nextNoticeSequence(ctx);
  return { ...buildNoticeCode(config, sequence), sequence };
}
