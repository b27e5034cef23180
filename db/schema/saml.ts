import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import type { LoginMethod } from "./shapes/login";
import { users } from "./users";

/**
 * Every SAML AuthnRequest we sent (SPID/CIE), in the database so that any instance can check the answer: the
 * Response's InResponseTo must name an outstanding row of the same identity provider. Once answered, the row
 * carries a one-time ticket (its sha256) that the session sign-in spends, and is then deleted.
 */
export const samlRequests = pgTable(
  "saml_requests",
  {
    id: text("id").primaryKey(),
    enteId: uuid("ente_id").notNull().references(() => enti.id, { onDelete: "cascade" }),
    idpEntityId: text("idp_entity_id").notNull(),
    method: text("method").$type<Extract<LoginMethod, "spid" | "cie">>().notNull(),
    /** The level asked for (1–3). */
    level: integer("level").notNull(),
    next: text("next"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    levelReached: integer("level_reached"),
    ticketHash: text("ticket_hash"),
  },
  (t) => [index("saml_requests_expires_idx").on(t.expiresAt), uniqueIndex("saml_requests_ticket_uq").on(t.ticketHash)],
);

/** Assertion ids already accepted, per identity provider, until they expire: the same assertion never logs in twice. */
export const samlAssertions = pgTable(
  "saml_assertions",
  {
    idpEntityId: text("idp_entity_id").notNull(),
    assertionId: text("assertion_id").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: "saml_assertions_pk", columns: [t.idpEntityId, t.assertionId] }), index("saml_assertions_expires_idx").on(t.expiresAt)],
);

export type SamlRequest = typeof samlRequests.$inferSelect;
