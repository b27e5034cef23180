import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { demoPaymentPositions, paymentProviderSettings, type Ente, type Payment } from "@/db/schema";
import { getConfig } from "@/lib/config/env";
import { ConflictError } from "@/lib/errors";
import { createDemoProvider, demoPositionSchema, type DemoPositionStore, type DemoProvider } from "./demo-provider";
import { createPagopaRestProvider } from "./pagopa-rest";
import type { PaymentProvider } from "./provider";
import { decryptSecret, derivedDemoCallbackSecret } from "./secret";

export const DEFAULT_DUE_DAYS = 30;

export type ResolvedProvider = { provider: PaymentProvider; kind: "demo" | "pagopa-rest"; dueDays: number };

/**
 * The demo provider's positions, in `demo_payment_positions`. `lock: true` reads FOR UPDATE (the checkout's
 * transaction), so two clicks on "Paga" give one outcome after the other, never two at once.
 */
export function demoStore(db: DbOrTx, ente: Pick<Ente, "id">, opts: { lock?: boolean } = {}): DemoPositionStore {
  return {
    async get(providerRef) {
      const q = db.select().from(demoPaymentPositions).where(eq(demoPaymentPositions.providerRef, providerRef));
      const [row] = opts.lock ? await q.for("update") : await q;
      if (!row || row.enteId !== ente.id) return null;
      const parsed = demoPositionSchema.safeParse(row.data);
      return parsed.success ? parsed.data : null;
    },
    async put(position) {
      await db
        .insert(demoPaymentPositions)
        .values({ providerRef: position.providerRef, enteId: ente.id, data: position })
        .onConflictDoUpdate({ target: demoPaymentPositions.providerRef, set: { data: position, updatedAt: sql`now()` }, setWhere: sql`${demoPaymentPositions.enteId} = ${ente.id}` });
    },
  };
}

export function demoCheckoutBase(ente: Pick<Ente, "slug">): string {
  return `${getConfig().appUrl.replace(/\/+$/, "")}/${ente.slug}/pagamenti/demo`;
}

export function demoProviderFor(db: DbOrTx, ente: Pick<Ente, "id" | "slug">, callbackSecret: string, opts: { lock?: boolean } = {}): DemoProvider {
  return createDemoProvider({ store: demoStore(db, ente, opts), checkoutBaseUrl: demoCheckoutBase(ente), callbackSecret });
}

/**
 * The provider an ente takes payments with: its settings row (pagoPA intermediary, or the demo one), or — with no
 * row — the demo provider in demo mode. Null: payments are not configured (refused as payments.not_configured).
 * The demo provider is never used outside demo mode, whatever the row says.
 */
export async function resolveProvider(db: DbOrTx, ente: Ente, opts: { lockDemo?: boolean } = {}): Promise<ResolvedProvider | null> {
  const config = getConfig();
  const [row] = await db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.enteId, ente.id));
  if (!row) {
    if (!config.demoMode) return null;
    return { kind: "demo", dueDays: DEFAULT_DUE_DAYS, provider: demoProviderFor(db, ente, derivedDemoCallbackSecret(ente.id), { lock: opts.lockDemo }) };
  }
  const callbackSecret = decryptSecret(row.callbackSecretEnc);
  if (row.kind === "demo") {
    if (!config.demoMode) return null;
    return { kind: "demo", dueDays: row.dueDays, provider: demoProviderFor(db, ente, callbackSecret, { lock: opts.lockDemo }) };
  }
  if (!row.baseUrl || !row.apiKeyEnc) return null;
  const provider = createPagopaRestProvider(
    { baseUrl: row.baseUrl, subscriptionKey: decryptSecret(row.apiKeyEnc), callbackSecret },
    { creditorFiscalCode: ente.codiceFiscale ?? "" },
  );
  return { kind: "pagopa-rest", dueDays: row.dueDays, provider };
}

export async function requireProvider(db: DbOrTx, ente: Ente, opts: { lockDemo?: boolean } = {}): Promise<ResolvedProvider> {
  const p = await resolveProvider(db, ente, opts);
  if (!p) throw new ConflictError("payments.not_configured");
  return p;
}

/**
 * The provider a payment was created with. An admin who switches provider leaves the positions created with the
 * old one behind: they cannot be paid, reconciled or receipted through the new one (payments.provider_changed),
 * and the admin's stuck list shows them.
 */
export async function requireProviderFor(db: DbOrTx, ente: Ente, payment: Pick<Payment, "provider">, opts: { lockDemo?: boolean } = {}): Promise<ResolvedProvider> {
  const p = await requireProvider(db, ente, opts);
  if (p.kind !== payment.provider) throw new ConflictError("payments.provider_changed");
  return p;
}
