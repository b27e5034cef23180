import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { attachments } from "./attachments";
import { enti } from "./enti";
import { pratiche } from "./pratiche";

/**
 * The ente's electronic seal: a PKCS#12 bundle and its passphrase, both encrypted at rest (lib/acts/secret.ts),
 * and the certificate's public facts, which the verification page compares a sealed document against.
 */
export const enteSeals = pgTable("ente_seals", {
  enteId: uuid("ente_id")
    .primaryKey()
    .references(() => enti.id, { onDelete: "cascade" }),
  p12Encrypted: text("p12_encrypted").notNull(),
  passphraseEncrypted: text("passphrase_encrypted").notNull(),
  /** SHA-256 of the certificate's DER, hex. */
  fingerprint: text("fingerprint").notNull(),
  subject: text("subject").notNull(),
  notBefore: timestamp("not_before", { withTimezone: true }).notNull(),
  notAfter: timestamp("not_after", { withTimezone: true }).notNull(),
  certificatePem: text("certificate_pem").notNull(),
  updatedBy: uuid("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Documents the ente issued (the outcome act): the exact bytes' SHA-256, so a document shown to the verification
 * page can be matched to what was issued. Append-only.
 */
export const acts = pgTable(
  "acts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id),
    praticaId: uuid("pratica_id").notNull().references(() => pratiche.id),
    attachmentId: uuid("attachment_id").notNull().references(() => attachments.id),
    protocolEntryId: uuid("protocol_entry_id"),
    kind: text("kind").$type<"outcome">().notNull(),
    protocolNumber: text("protocol_number"),
    protocolDate: timestamp("protocol_date", { withTimezone: true }),
    sha256: text("sha256").notNull(),
    /** The seal certificate's fingerprint, when the act was sealed. */
    sealFingerprint: text("seal_fingerprint"),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("acts_ente_sha256_idx").on(t.enteId, t.sha256), index("acts_pratica_idx").on(t.praticaId, t.issuedAt)],
);

export type EnteSeal = typeof enteSeals.$inferSelect;
export type Act = typeof acts.$inferSelect;
