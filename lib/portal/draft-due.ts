import type { Pratica } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { computeDue, type DueResult } from "@/lib/payments/fees";
import { listActiveFees } from "@/lib/payments/service-fees";

/**
 * What the citizen will pay to submit a draft, from the service's active fees and the draft's answers (the same
 * computation the payment workflow makes): null when nothing is due (no active fee, or all come to zero), so the
 * summary offers the plain submission; otherwise the lines and total, or the fee that cannot be computed yet.
 */
export async function dueForDraft(ctx: Ctx, draft: Pick<Pratica, "serviceId" | "formData">): Promise<DueResult | null> {
  const fees = await listActiveFees(ctx.db, ctx.ente, draft.serviceId);
  if (fees.length === 0) return null;
  const due = computeDue(fees, draft.formData);
  if (due.ok && due.totalCents === 0) return null;
  return due;
}
