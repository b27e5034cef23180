import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import { outbox } from "./outbox";

/**
 * An ente's PEC provider (migration 0021): the SMTP server it sends through and the IMAP mailbox its receipts come
 * back to, with credentials of their own (never the ordinary email's). Passwords are encrypted at rest
 * (lib/security/at-rest.ts, PEC_ENCRYPTION_KEY or AUTH_SECRET).
 */
export const entePecSettings = pgTable("ente_pec_settings", {
  enteId: uuid("ente_id")
    .primaryKey()
    .references(() => enti.id, { onDelete: "cascade" }),
  /** The ente's PEC address: the sender of every PEC. */
  address: text("address").notNull(),
  smtpHost: text("smtp_host").notNull(),
  smtpPort: integer("smtp_port").notNull().default(465),
  /** "tls" (implicit TLS, 465), "starttls" (587) or "none" (only a local test server). */
  smtpSecurity: text("smtp_security").notNull().default("tls"),
  smtpUser: text("smtp_user").notNull(),
  smtpPasswordEnc: text("smtp_password_enc").notNull(),
  imapHost: text("imap_host").notNull(),
  imapPort: integer("imap_port").notNull().default(993),
  /** "tls" (993), "starttls" or "none" (only a local test server). */
  imapSecurity: text("imap_security").notNull().default("tls"),
  imapUser: text("imap_user").notNull(),
  imapPasswordEnc: text("imap_password_enc").notNull(),
  imapMailbox: text("imap_mailbox").notNull().default("INBOX"),
  /** The last receipt poll: when, and its error if it failed (the admin's channel health). */
  lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
  lastPollError: text("last_poll_error"),
  /** IMAP UIDVALIDITY and the highest UID read, so a poll reads only new messages. */
  imapUidValidity: text("imap_uid_validity"),
  imapLastUid: integer("imap_last_uid"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One PEC sent for an outbox row of topic "pec", found again by its Message-ID when a receipt (daticert.xml's
 * msgid) comes back. `state` moves sent → accepted → delivered, or to undelivered (which hands the notice over to
 * the fallback channel and alerts the admins).
 */
export const pecMessages = pgTable(
  "pec_messages",
  {
    outboxId: uuid("outbox_id")
      .primaryKey()
      .references(() => outbox.id),
    enteId: uuid("ente_id").notNull(),
    messageId: text("message_id").notNull(),
    toAddress: text("to_address").notNull(),
    state: text("state").$type<"sent" | "accepted" | "delivered" | "undelivered">().notNull().default("sent"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    undeliveredAt: timestamp("undelivered_at", { withTimezone: true }),
    error: text("error"),
  },
  (t) => [uniqueIndex("pec_messages_message_id_uq").on(t.messageId), index("pec_messages_ente_state_idx").on(t.enteId, t.state)],
);

export type EntePecSettings = typeof entePecSettings.$inferSelect;
export type PecMessage = typeof pecMessages.$inferSelect;
