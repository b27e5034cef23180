import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import type { LoginMethod } from "./shapes/login";
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
    /** false: the citizen turned App IO off in the profile; notices never go to IO (migration 0021). */
    ioEnabled: boolean("io_enabled").notNull().default(true),
    /** The citizen's digital domicile (PEC address), from the profile or a register lookup (INAD). */
    pecAddress: text("pec_address"),
    /** Operators: "immediate" or "digest" for news about pratiche on their services. */
    operatorNotify: text("operator_notify").notNull().default("immediate"),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    /** Staff TOTP (RFC 6238): base32 secret, set at enrolment; active once totpEnabledAt is set. */
    totpSecret: text("totp_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** The last 30-second step a code was accepted for: a code is never accepted twice. */
    totpLastStep: integer("totp_last_step"),
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

/**
 * Signed-in sessions, one row per sign-in; the (encrypted) session cookie carries the row's id. Deleting the row
 * ends the session on every instance at once: logout deletes its own row; a password change, a disabled account
 * or a changed role deletes all the user's rows in the same transaction.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"staff" | "citizen">().notNull(),
    /** Staff whose second factor is still to be entered: the session opens no page but the code form. */
    mfaPending: boolean("mfa_pending").notNull().default(false),
    /** How the citizen proved who they are (lib/auth/levels.ts); null for sessions opened before it was recorded. */
    method: text("method").$type<LoginMethod>(),
    /** The assurance reached: 0 = email link (no verified identity), 1–3 = SpidL1–L3 (CIE maps the same way). */
    authLevel: integer("auth_level").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Refreshed at most once a minute; staff sessions idle past STAFF_IDLE_MINUTES end. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId), index("auth_sessions_expires_idx").on(t.expiresAt)],
);

/**
 * Failed-login counters, for throttling repeated failures per account and per address: `failures` in a row since
 * `windowStart` (the first of them), the last at `lastFailureAt`; the next attempt is answered no earlier than
 * `lockedUntil` (a delay that grows with the count, never a lock the attacker can hold).
 */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type AuthSession = typeof authSessions.$inferSelect;
