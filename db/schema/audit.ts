import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";

/** Who did what to which pratica or setting, when. Append-only. Actions are `noun.verb`. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    enteId: uuid("ente_id").notNull().references(() => enti.id),
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    /** The request that caused it (lib/ops/request-context.ts), as in the structured logs; null for the worker and tools. */
    requestId: text("request_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_ente_idx").on(t.enteId, t.createdAt), index("audit_log_target_idx").on(t.targetType, t.targetId)],
);

export type AuditRow = typeof auditLog.$inferSelect;
