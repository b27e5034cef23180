import { z } from "zod";
import type { Payment, Pratica } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ValidationError, fieldError, zodFieldErrors } from "@/lib/errors";
import { parseEurosToCents } from "@/lib/payments/money";
import { cancelDeferredPayment, requestDeferredPayment, type PaymentView } from "@/lib/payments/workflow";
import { STATUS } from "@/lib/workflow/states";
import { requireOperator } from "./scope";

/**
 * The operator's payment forms on a pratica: "Richiedi pagamento" (an amount typed in euros, read as integer cents
 * without a float, and a causale) and "Annulla richiesta di pagamento" (a message for the citizen). The workflow
 * functions check state, assignment and service; these only read the form.
 */

export const requestPaymentFormSchema = z.object({
  amount: z.string().trim().min(1, "payments.amount_invalid").max(30, "payments.amount_invalid"),
  causale: z.string().trim().min(1).max(140),
});

export const cancelPaymentFormSchema = z.object({ message: z.string().trim().min(1).max(5000) });

/** The form's amount as cents, or a field error. */
export function amountToCents(text: string): number {
  const cents = parseEurosToCents(text);
  if (cents === null || cents < 1) throw new ValidationError("payments.amount_invalid", [fieldError("amount", "payments.amount_invalid")]);
  return cents;
}

export async function requestPaymentFromForm(ctx: Ctx, praticaId: string, input: Record<string, unknown>): Promise<{ pratica: Pratica; payment: Payment }> {
  requireOperator(ctx);
  const parsed = requestPaymentFormSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_input", zodFieldErrors(parsed.error.issues));
  return requestDeferredPayment(ctx, praticaId, { amountCents: amountToCents(parsed.data.amount), causale: parsed.data.causale });
}

export async function cancelPaymentFromForm(ctx: Ctx, praticaId: string, input: Record<string, unknown>): Promise<{ pratica: Pratica }> {
  requireOperator(ctx);
  const parsed = cancelPaymentFormSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_input", zodFieldErrors(parsed.error.issues));
  return cancelDeferredPayment(ctx, praticaId, { message: parsed.data.message });
}

/** What the operator may do about payments now (the workflow still checks each). */
export function paymentActions(pratica: Pick<Pratica, "status" | "assignedOperatorId">, list: Pick<PaymentView, "phase" | "status">[], userId: string): { request: boolean; cancel: boolean } {
  const mine = pratica.assignedOperatorId === userId;
  const waiting = pratica.status === STATUS.payment_pending || pratica.status === STATUS.payment_failed;
  return {
    request: mine && pratica.status === STATUS.pending,
    cancel: mine && waiting && list.some((p) => p.phase === "deferred" && (p.status === "creating" || p.status === "pending" || p.status === "failed")),
  };
}
