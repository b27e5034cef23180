import { sql } from "drizzle-orm";
import { check, index, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import { services } from "./services";

/**
 * The citizens' ratings of a page ("Quanto sono chiare le informazioni su questa pagina?"), anonymous: no user,
 * no address. `page` says where (`service:<slug>`, `flow-end:<slug>`), `answer` is a stable code of the follow-up
 * question (lib/feedback/answers.ts), never the sentence, so renaming a text keeps the statistics.
 */
export const feedbackRatings = pgTable(
  "feedback_ratings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id, { onDelete: "cascade" }),
    page: text("page").notNull(),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "set null" }),
    rating: smallint("rating").notNull(),
    answer: text("answer"),
    comment: text("comment"),
    lang: text("lang").$type<"it" | "en">().notNull().default("it"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("feedback_ratings_ente_created_idx").on(t.enteId, t.createdAt),
    check("feedback_ratings_rating_check", sql`${t.rating} between 1 and 5`),
    check(
      "feedback_ratings_answer_check",
      sql`${t.answer} is null or (${t.rating} >= 4 and ${t.answer} in ('clear', 'complete', 'on_track', 'no_tech_issues', 'other')) or (${t.rating} <= 3 and ${t.answer} in ('unclear', 'incomplete', 'lost', 'tech_issues', 'other'))`,
    ),
    check("feedback_ratings_comment_check", sql`char_length(${t.comment}) <= 500`),
    check("feedback_ratings_page_check", sql`char_length(${t.page}) <= 120`),
    check("feedback_ratings_lang_check", sql`${t.lang} in ('it', 'en')`),
  ],
);

export type FeedbackRating = typeof feedbackRatings.$inferSelect;
