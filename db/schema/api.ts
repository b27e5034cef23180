import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Fixed-window request counters of the partner API, one row per credential per minute. Kept in the database,
 * not in memory, so that the limit holds across every instance behind the load balancer.
 */
export const apiRateLimits = pgTable(
  "api_rate_limits",
  {
    bucket: text("bucket").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);
