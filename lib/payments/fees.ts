import type { FeeKind, ServiceFee } from "@/db/schema/payments";
import { evaluateExpression, MAX_AMOUNT_CENTS, parseExpression, type ExpressionIssue } from "./expression";

/** What computeDue reads of a fee: a row of `service_fees`, or the same fields from elsewhere. */
export type FeeForCompute = Pick<ServiceFee, "id" | "kind" | "causale" | "amountCents" | "expression" | "budgetLine" | "taxonomyCode" | "active" | "position">;

/** One amount the citizen owes: what the payment workflow turns into a transfer of the pagoPA debt position. */
export type DueLine = { feeId: string; kind: FeeKind; causale: string; amountCents: number; budgetLine: string | null; taxonomyCode: string | null };

export type DueResult =
  | { ok: true; lines: DueLine[]; totalCents: number }
  /** The fee that could not be computed and why (a code of lib/i18n/errors.ts with its parameters). */
  | { ok: false; feeId: string | null; causale: string | null; issue: ExpressionIssue };

/**
 * What a citizen owes for a service, from its fees and the form's answers: the active fees in order, each
 * with its amount in integer cents (a formula computed exactly, rounded half-up), and the total. A formula
 * that comes to zero adds no line (pagoPA takes no zero amounts); no line at all means nothing to pay.
 * A formula that cannot be computed (a missing answer, a division by zero, a negative result) is an error,
 * never a guess.
 */
export function computeDue(fees: readonly FeeForCompute[], formData: Readonly<Record<string, unknown>>): DueResult {
  const lines: DueLine[] = [];
  let total = 0;
  for (const fee of [...fees].filter((f) => f.active).sort((a, b) => a.position - b.position)) {
    let amount: number;
    if (fee.kind === "formula") {
      const parsed = parseExpression(fee.expression ?? "");
      if (!parsed.ok) return { ok: false, feeId: fee.id, causale: fee.causale, issue: parsed.issue };
      const res = evaluateExpression(parsed.expression, formData);
      if (!res.ok) return { ok: false, feeId: fee.id, causale: fee.causale, issue: res.issue };
      amount = res.cents;
    } else {
      amount = fee.amountCents ?? 0;
      if (!Number.isSafeInteger(amount) || amount < 0) return { ok: false, feeId: fee.id, causale: fee.causale, issue: { code: "fees.expression.negative", params: {} } };
    }
    if (amount === 0) continue;
    total += amount;
    if (total > MAX_AMOUNT_CENTS) return { ok: false, feeId: null, causale: null, issue: { code: "fees.expression.too_large", params: {} } };
    lines.push({ feeId: fee.id, kind: fee.kind, causale: fee.causale, amountCents: amount, budgetLine: fee.budgetLine, taxonomyCode: fee.taxonomyCode });
  }
  return { ok: true, lines, totalCents: total };
}
