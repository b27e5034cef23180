import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
