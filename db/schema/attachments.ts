import { bigint, boolean, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import { pratiche } from "./pratiche";

export type AttachmentKind = "citizen" | "operator" | "generated";
/** What a file is for: the filled-in form, a field's upload, the response, a message's attachment… */
export type AttachmentPurpose = "modulo" | "field" | "integration" | "response" | "response_document" | "message" | "receipt";

/** A stored file. The bytes live in file storage under `storageKey`; the row is the truth about them. */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id),
    praticaId: uuid("pratica_id").references(() => pratiche.id),
    kind: text("kind").$type<AttachmentKind>().notNull(),
    purpose: text("purpose").$type<AttachmentPurpose>().notNull(),
    /** The form field it was uploaded for, when purpose is "field". */
    fieldName: text("field_name"),
    messageId: uuid("message_id"),
    filename: text("filename").notNull(),
    mimeType: text("mime_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedBy: uuid("uploaded_by"),
    visibleToCitizen: boolean("visible_to_citizen").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("attachments_pratica_idx").on(t.praticaId, t.createdAt)],
);

export type Attachment = typeof attachments.$inferSelect;
