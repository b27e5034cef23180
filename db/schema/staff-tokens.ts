import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import { users } from "./users";

export type StaffTokenPurpose = "invite" | "reset";

/**
 * Single-use links that let an invited or reset operator choose a password. Only the SHA-256 of the token is
 * stored; the token itself travels once, in the email. A newer token for the same user supersedes older ones.
 */
export const staffTokens = pgTable(
  "staff_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose").$type<StaffTokenPurpose>().notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("staff_tokens_hash_uq").on(t.tokenHash), index("staff_tokens_user_idx").on(t.userId, t.createdAt)],
);

export type StaffToken = typeof staffTokens.$inferSelect;
