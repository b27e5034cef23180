import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { payments, type Ente } from "@/db/schema";
import { getConfig } from "@/lib/config/env";
import { NotFoundError } from "@/lib/errors";
import type { DemoOutcome, DemoPosition, DemoProvider } from "./demo-provider";
import { handlePaymentCallback } from "./events";
import type { PaymentState } from "./provider";
import { resolveProvider } from "./providers";

/**
 * The demo provider's checkout, behind Stanza's own pages `/{ente}/pagamenti/demo/{ref}` (only with DEMO_MODE=true).
 * Completing it does what an intermediary does: the position changes at the "provider" (its own table, row-locked,
 * so a double click gives one outcome after the other), then its signed notification goes through the very same
 * callback handling as a real one. Were that lost, reconciliation would find the outcome by polling.
 */
async function demoProvider(db: DbOrTx, ente: Ente, lock = false): Promise<DemoProvider> {
  if (!getConfig().demoMode) throw new NotFoundError("page.not_found");
  const resolved = await resolveProvider(db, ente, { lockDemo: lock });
  if (!resolved || resolved.kind !== "demo") throw new NotFoundError("page.not_found");
  return resolved.provider as DemoProvider;
}

export async function getDemoCheckout(db: Db, ente: Ente, providerRef: string): Promise<(DemoPosition & { effectiveState: PaymentState }) | null> {
  const provider = await demoProvider(db, ente);
  // Only positions of this ente's payments.
  const [p] = await db.select({ id: payments.id }).from(payments).where(and(eq(payments.enteId, ente.id), eq(payments.providerRef, providerRef)));
  if (!p) return null;
  return provider.view(providerRef);
}

export async function completeDemoCheckout(db: Db, ente: Ente, providerRef: string, outcome: DemoOutcome): Promise<{ redirectUrl: string }> {
  const [p] = await db.select({ id: payments.id }).from(payments).where(and(eq(payments.enteId, ente.id), eq(payments.providerRef, providerRef)));
  if (!p) throw new NotFoundError("payments.not_found");
  const done = await db.transaction(async (tx) => {
    const provider = await demoProvider(tx, ente, true);
    return provider.completeCheckout(providerRef, outcome);
  });
  await handlePaymentCallback(db, ente.slug, done.callback.headers, done.callback.body);
  return { redirectUrl: done.redirectUrl };
}
