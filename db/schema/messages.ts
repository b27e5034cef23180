import { boolean, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import { pratiche } from "./pratiche";

/** The thread between citizen and municipality on a pratica; `internal` notes are for operators only. */
export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id),
    praticaId: uuid("pratica_id").notNull().references(() => pratiche.id),
    authorId: uuid("author_id"),
    authorKind: text("author_kind").$type<"citizen" | "operator" | "system" | "partner">().notNull(),
    body: text("body").notNull(),
    internal: boolean("internal").notNull().default(false),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("messages_pratica_idx").on(t.praticaId, t.createdAt)],
);

export type Message = typeof messages.$inferSelect;
