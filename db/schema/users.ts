import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import { services } from "./services";

/**
 * People: citizens (identified by codice fiscale through SPID/CIE or an email link) and the
 * municipality's staff (operators and admins, who log in with a password given by the ente).
 */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Always stored lower-cased so that look-ups are case-insensitive. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    givenName: text("given_name"),
    familyName: text("family_name"),
    codiceFiscale: text("codice_fiscale"),
    phone: text("phone"),
    passwordHash: text("password_hash"),
    language: text("language").notNull().default("it"),
    /** false: the citizen sees notices only in the personal area. */
    emailNotifications: boolean("email_notifications").notNull().default(true),
    /** Operators: "immediate" or "digest" for news about pratiche on their services. */
    operatorNotify: text("operator_notify").notNull().default("immediate"),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_uq").on(t.email),
    uniqueIndex("users_cf_uq").on(t.codiceFiscale).where(sql`${t.codiceFiscale} is not null`),
  ],
);

/** A member of an ente's staff: role operator or admin. Citizens need no membership. */
export const memberships = pgTable(
  "memberships",
  {
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    enteId: uuid("ente_id").notNull().references(() => enti.id, { onDelete: "cascade" }),
    role: text("role").$type<"operator" | "admin">().notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.enteId, t.role] }), index("memberships_ente_idx").on(t.enteId, t.role)],
);

/** Which services an operator is enabled on. */
export const operatorServices = pgTable(
  "operator_services",
  {
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id").notNull().references(() => services.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.serviceId] }), index("operator_services_service_idx").on(t.serviceId)],
);

/** Auth.js email sign-in tokens (hashed by Auth.js before they reach us). */
export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/** Failed-login counters, for throttling repeated failures per account and per address. */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
