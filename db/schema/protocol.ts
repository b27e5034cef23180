import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import { pratiche } from "./pratiche";

export type ProtocolStatus = "requested" | "registered" | "failed";

/**
 * Protocol (registry) entries. Append-only: a request is one row (status "requested"); its answer is
 * another row (registered or failed) pointing at it through `requestId`. A request with no answer is pending.
 */
export const protocolEntries = pgTable(
  "protocol_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id),
    praticaId: uuid("pratica_id").notNull().references(() => pratiche.id),
    requestId: uuid("request_id"),
    direction: text("direction").$type<"in" | "out">().notNull(),
    /** What is being registered: the submission, an integration, a request for documents, the outcome. */
    documentKind: text("document_kind").notNull(),
    attachmentId: uuid("attachment_id"),
    status: text("status").$type<ProtocolStatus>().notNull(),
    number: text("number"),
    registeredAt: timestamp("registered_at", { withTimezone: true }),
    source: text("source").$type<"builtin" | "partner">().notNull().default("builtin"),
    partnerId: uuid("partner_id"),
    params: jsonb("params").$type<Record<string, unknown>>().notNull().default({}),
    /** What a partner sent, kept as it came (no semantic validation, per the manual). */
    raw: jsonb("raw").$type<Record<string, unknown>>(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("protocol_entries_pratica_idx").on(t.praticaId, t.createdAt),
    index("protocol_entries_request_idx").on(t.requestId),
    index("protocol_entries_ente_status_idx").on(t.enteId, t.status, t.createdAt),
  ],
);

/** Gap-free numbering per ente per year: the counter row is locked by the transaction that takes a number. */
export const protocolCounters = pgTable(
  "protocol_counters",
  {
    enteId: uuid("ente_id").notNull().references(() => enti.id),
    year: integer("year").notNull(),
    lastValue: integer("last_value").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.year] })],
);

export type ProtocolEntry = typeof protocolEntries.$inferSelect;
