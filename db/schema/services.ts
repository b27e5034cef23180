import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import type { FormDefinition, FormPage } from "./shapes/form-definition";
import type { EmailTexts, ProtocolParams, ServiceStatus, StoredInfoSheet } from "./shapes/service";

/** A service a municipality offers: its information sheet, its form and its workflow options. */
export const services = pgTable(
  "services",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    category: text("category").notNull().default("Altro"),
    status: text("status").$type<ServiceStatus>().notNull().default("available"),
    scheduledFrom: timestamp("scheduled_from", { withTimezone: true }),
    scheduledTo: timestamp("scheduled_to", { withTimezone: true }),
    infoSheet: jsonb("info_sheet").$type<StoredInfoSheet>().notNull(),
    formDefinition: jsonb("form_definition").$type<FormDefinition>().notNull(),
    formVersion: integer("form_version").notNull().default(1),
    /** Text shown after the generic one on a step of the form, keyed by step id. */
    stepTexts: jsonb("step_texts").$type<Record<string, string>>().notNull().default({}),
    protocolRequired: boolean("protocol_required").notNull().default(false),
    protocolMode: text("protocol_mode").$type<"builtin" | "external">().notNull().default("builtin"),
    protocolParams: jsonb("protocol_params").$type<ProtocolParams>().notNull().default({}),
    allowWithdraw: boolean("allow_withdraw").notNull().default(false),
    allowReopen: boolean("allow_reopen").notNull().default(false),
    allowIntegrationRequests: boolean("allow_integration_requests").notNull().default(true),
    maxResponseDays: integer("max_response_days").notNull().default(30),
    /** Lowest login level that may start or continue this service's form: 0 = email link, 1–3 = SpidL1–L3. */
    minAuthLevel: integer("min_auth_level").notNull().default(2),
    emailTexts: jsonb("email_texts").$type<EmailTexts>().notNull().default({}),
    /** Service-specific steps of the operator's Elabora wizard: pages in the form-definition format, no file fields. */
    operatorSteps: jsonb("operator_steps").$type<FormPage[]>().notNull().default([]),
    /** The outcome act's office (unità organizzativa) and responsabile del procedimento (L. 241/1990 art. 5). */
    responsibleOffice: text("responsible_office"),
    responsibleOfficer: text("responsible_officer"),
    /** How and by when to appeal the outcome (L. 241/1990 art. 3 c. 4); empty: the ente's default. */
    appealText: text("appeal_text"),
    /** Booked rather than filled in (an identity card at the counter): the service page leads to "Prenota appuntamento" only. */
    bookingOnly: boolean("booking_only").notNull().default(false),
    /**
     * The service's App IO API key (each IO service has its own), encrypted at rest (lib/channels/io/keys.ts);
     * only its last four characters are ever shown again (`ioKeyHint`). Null: the service sends nothing to IO.
     */
    ioApiKeyEnc: text("io_api_key_enc"),
    ioKeyHint: text("io_key_hint"),
    ioKeySetAt: timestamp("io_key_set_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("services_ente_slug_uq").on(t.enteId, t.slug), index("services_ente_status_idx").on(t.enteId, t.status)],
);

/** Every published version of a service's form; a pratica keeps the version it was filled with. */
export const serviceFormVersions = pgTable(
  "service_form_versions",
  {
    serviceId: uuid("service_id").notNull().references(() => services.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<FormDefinition>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.version] })],
);

export type Service = typeof services.$inferSelect;
export type NewService = typeof services.$inferInsert;
