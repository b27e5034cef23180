import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import { services } from "./services";

/** A partner system (protocol registry, back-office software) bound to one ente. */
export const partners = pgTable(
  "partners",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id),
    /** The `{partner}` of /api/v1.0/{partner}/…, and the Basic-auth user name. */
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    secretHash: text("secret_hash").notNull(),
    webhookUrl: text("webhook_url"),
    webhookSecret: text("webhook_secret"),
    webhookEvents: jsonb("webhook_events").$type<string[]>().notNull().default([]),
    /** Acts as the ente's external protocol registry. */
    isProtocolRegistry: boolean("is_protocol_registry").notNull().default(false),
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(600),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("partners_slug_uq").on(t.slug)],
);

/** The services a partner may act on; `disabledAt` switches one off without touching the others. */
export const partnerServices = pgTable(
  "partner_services",
  {
    partnerId: uuid("partner_id").notNull().references(() => partners.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id").notNull().references(() => services.id, { onDelete: "cascade" }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.serviceId] })],
);

/** Replays of a POST with the same Idempotency-Key get the first answer back. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    partnerId: uuid("partner_id").notNull().references(() => partners.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status").notNull(),
    responseBody: jsonb("response_body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.key] }), index("idempotency_created_idx").on(t.createdAt)],
);

export type Partner = typeof partners.$inferSelect;
