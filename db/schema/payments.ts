import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import { services } from "./services";

/** What a fee is: a fixed amount, an amount computed from the form's answers, or the digital stamp duty (€16). */
export type FeeKind = "fixed" | "formula" | "stamp_duty";

/**
 * The fees a citizen pays for a service, in the order they are listed (`position`). Amounts are integer cents;
 * a formula fee has an expression over the form's number fields instead (lib/payments/expression.ts), computed
 * at submission. `causale` is the reason for payment the citizen reads and pagoPA receives (at most 140 characters).
 */
export const serviceFees = pgTable(
  "service_fees",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id").notNull().references(() => services.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind").$type<FeeKind>().notNull(),
    causale: text("causale").notNull(),
    /** Fixed and stamp-duty fees; null for a formula. */
    amountCents: integer("amount_cents"),
    /** Formula fees: the expression, in euros. */
    expression: text("expression"),
    /** Formula fees: the rule in words for the service page ("€ 0,50 per m² per giorno"). */
    description: text("description"),
    /** Capitolo di bilancio the income is booked on. */
    budgetLine: text("budget_line"),
    /** pagoPA taxonomy code (codice tassonomico), e.g. 9/0101108TS/. */
    taxonomyCode: text("taxonomy_code"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("service_fees_service_idx").on(t.serviceId, t.position),
    check("service_fees_kind_chk", sql`${t.kind} in ('fixed', 'formula', 'stamp_duty')`),
    check("service_fees_causale_chk", sql`char_length(${t.causale}) between 1 and 140`),
    check(
      "service_fees_amount_chk",
      sql`(${t.kind} = 'formula' and ${t.expression} is not null and ${t.amountCents} is null) or (${t.kind} <> 'formula' and ${t.amountCents} is not null and ${t.amountCents} > 0 and ${t.expression} is null)`,
    ),
  ],
);

export type ServiceFee = typeof serviceFees.$inferSelect;
export type NewServiceFee = typeof serviceFees.$inferInsert;

/** Before submission (the citizen pays to submit) or during processing (an operator asked for it). */
export type PaymentPhase = "upfront" | "deferred";
/**
 * A payment's life: `creating` until the provider has the debt position (the outbox retries while the intermediary
 * is down), `pending` until an outcome, then `paid`, `failed` (the last attempt was refused; payable again),
 * `expired` (past its due day unpaid) or `cancelled` (the request was withdrawn).
 */
export type PaymentStatus = "creating" | "pending" | "paid" | "failed" | "expired" | "cancelled";
export type PaymentLine = { feeId: string | null; kind: string; causale: string; amountCents: number; budgetLine: string | null; taxonomyCode: string | null };

/**
 * One pagoPA debt position of a pratica. Its amount, notice code and IUV are fixed at insert (a trigger refuses a
 * change): what the citizen was told is what the provider receives, and a retry publishes the same position.
 */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id, { onDelete: "cascade" }),
    praticaId: uuid("pratica_id").notNull(),
    phase: text("phase").$type<PaymentPhase>().notNull(),
    status: text("status").$type<PaymentStatus>().notNull().default("creating"),
    amountCents: integer("amount_cents").notNull(),
    causale: text("causale").notNull(),
    lines: jsonb("lines").$type<PaymentLine[]>().notNull(),
    /** The last day to pay, Europe/Rome (YYYY-MM-DD). */
    dueDate: text("due_date").notNull(),
    noticeCode: text("notice_code").notNull(),
    iuv: text("iuv").notNull(),
    /** "demo" or "pagopa-rest": the provider the position was created with. */
    provider: text("provider").notNull(),
    providerRef: text("provider_ref"),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    paidAmountCents: integer("paid_amount_cents"),
    receiptId: text("receipt_id"),
    /** The official receipt, stored and protocolled as an inbound document. */
    receiptAttachmentId: uuid("receipt_attachment_id"),
    /** Who asked (deferred: the operator), and the reason they gave. */
    requestedBy: uuid("requested_by"),
    /** Last time the provider was asked for the position's status (reconciliation). */
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payments_ente_notice_uq").on(t.enteId, t.noticeCode),
    index("payments_pratica_idx").on(t.praticaId, t.createdAt),
    index("payments_ente_status_idx").on(t.enteId, t.status, t.createdAt),
    check("payments_amount_chk", sql`${t.amountCents} > 0`),
    check("payments_phase_chk", sql`${t.phase} in ('upfront', 'deferred')`),
    check("payments_status_chk", sql`${t.status} in ('creating', 'pending', 'paid', 'failed', 'expired', 'cancelled')`),
    check("payments_paid_chk", sql`${t.status} <> 'paid' or (${t.paidAt} is not null and ${t.paidAmountCents} is not null)`),
  ],
);

export type Payment = typeof payments.$inferSelect;

/** Every outcome a provider notified or a reconciliation found, once: (payment, provider event id) is unique. */
export const paymentEvents = pgTable(
  "payment_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    enteId: uuid("ente_id").notNull(),
    paymentId: uuid("payment_id").notNull().references(() => payments.id, { onDelete: "cascade" }),
    /** The provider's id of the event (a callback), or `poll:<state>:<time>` for a reconciliation. */
    providerEventId: text("provider_event_id").notNull(),
    source: text("source").$type<"callback" | "poll" | "system">().notNull(),
    kind: text("kind").$type<"created" | "paid" | "failed" | "cancelled" | "expired" | "checkout">().notNull(),
    /** applied: it changed the payment; ignored: a late or out-of-order outcome after a final one. */
    outcome: text("outcome").$type<"applied" | "ignored">().notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("payment_events_uq").on(t.paymentId, t.providerEventId), index("payment_events_payment_idx").on(t.paymentId, t.id)],
);
export type PaymentEventRow = typeof paymentEvents.$inferSelect;

/** The demo provider's positions (lib/payments/demo-provider.ts keeps none of its own). */
export const demoPaymentPositions = pgTable("demo_payment_positions", {
  providerRef: text("provider_ref").primaryKey(),
  enteId: uuid("ente_id").notNull().references(() => enti.id, { onDelete: "cascade" }),
  data: jsonb("data").$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Which provider an ente takes payments with. `demo` is the embedded default (only with DEMO_MODE=true);
 * `pagopa-rest` calls the intermediary at `baseUrl` with an API key. Secrets are encrypted at rest (lib/acts/secret.ts).
 */
export const paymentProviderSettings = pgTable("payment_provider_settings", {
  enteId: uuid("ente_id").primaryKey().references(() => enti.id, { onDelete: "cascade" }),
  kind: text("kind").$type<"demo" | "pagopa-rest">().notNull(),
  baseUrl: text("base_url"),
  apiKeyEnc: text("api_key_enc"),
  callbackSecretEnc: text("callback_secret_enc").notNull(),
  /** Days a citizen has to pay from the position's creation. */
  dueDays: integer("due_days").notNull().default(30),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type PaymentProviderSettingsRow = typeof paymentProviderSettings.$inferSelect;
