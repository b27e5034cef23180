import { DEFAULT_CHANNEL_POLICY, type ChannelPolicy } from "./shapes/channels";
import { bigint, boolean, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** A municipality (ente). Every other row belongs to one. */
export const enti = pgTable("enti", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  codiceIstat: text("codice_istat"),
  codiceFiscale: text("codice_fiscale"),
  codiceIpa: text("codice_ipa"),
  email: text("email"),
  pec: text("pec"),
  phone: text("phone"),
  address: text("address"),
  website: text("website"),
  logoUrl: text("logo_url"),
  /** The uploaded logo's bytes in file storage (served at /{ente}/logo) and their sniffed type. */
  logoStorageKey: text("logo_storage_key"),
  logoMimeType: text("logo_mime_type"),
  /** The accessibility statement published on AgID's form site (https://form.agid.gov.it/view/…), linked in the footer. */
  accessibilityUrl: text("accessibility_url"),
  primaryColor: text("primary_color").notNull().default("#0066cc"),
  languages: text("languages").array().notNull().default(["it", "en"]),
  defaultLanguage: text("default_language").notNull().default("it"),
  timezone: text("timezone").notNull().default("Europe/Rome"),
  /** Non-urgent notices wait outside [quietHoursEnd, quietHoursStart) local time. "HH:MM". */
  quietHoursStart: text("quiet_hours_start").notNull().default("20:00"),
  quietHoursEnd: text("quiet_hours_end").notNull().default("08:00"),
  /** ISO dates (YYYY-MM-DD) on which non-urgent notices are held back. */
  holidays: jsonb("holidays").$type<string[]>().notNull().default([]),
  /** Days after which an unanswered request for documents gets one reminder. */
  reminderDays: integer("reminder_days").notNull().default(7),
  publicMetrics: boolean("public_metrics").notNull().default(true),
  /** Admins must have enrolled a TOTP second factor before any /admin page opens. */
  requireAdminTotp: boolean("require_admin_totp").notNull().default(false),
  /** Citizens may sign in with a link by email (no verified identity): off unless the ente turns it on. */
  emailLoginEnabled: boolean("email_login_enabled").notNull().default(false),
  /** The default appeal clause of the ente's acts (a service may have its own); empty: the built-in one. */
  appealText: text("appeal_text"),
  /**
   * pagoPA (migration 0017): how the ente's notice codes are built (lib/payments/iuv.ts). Aux digit 3 with the
   * segregation code pagoPA gave the ente's intermediary, or 0 with the application code of the older layout.
   */
  pagopaAuxDigit: smallint("pagopa_aux_digit").notNull().default(3),
  pagopaSegregationCode: text("pagopa_segregation_code"),
  pagopaApplicationCode: text("pagopa_application_code"),
  /** The ente's interbank CBILL code (five letters or digits), printed on the notice for home banking. */
  pagopaCbillCode: text("pagopa_cbill_code"),
  /**
   * Which channel a citizen's notice goes to (migration 0021, lib/channels/types.ts): for ordinary notices and
   * for legally relevant acts, channels in order of preference; the first one that applies to the citizen is used,
   * the next ones only as a fallback when it fails or is refused.
   */
  channelPolicy: jsonb("channel_policy").$type<ChannelPolicy>().notNull().default(DEFAULT_CHANNEL_POLICY),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The last notice sequence number given per ente (migration 0017): the base of its notice codes, lib/payments/notice-sequence.ts. */
export const paymentNoticeCounters = pgTable("payment_notice_counters", {
  enteId: uuid("ente_id")
    .primaryKey()
    .references(() => enti.id, { onDelete: "cascade" }),
  last: bigint("last", { mode: "number" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Ente = typeof enti.$inferSelect;
export type NewEnte = typeof enti.$inferInsert;
