import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import { services } from "./services";
import { users } from "./users";

/** An application (pratica) by a citizen for a service. `status` holds the numeric workflow code. */
export const pratiche = pgTable(
  "pratiche",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id),
    serviceId: uuid("service_id").notNull().references(() => services.id),
    applicantId: uuid("applicant_id").notNull().references(() => users.id),
    status: integer("status").notNull().default(1000),
    subject: text("subject").notNull(),
    /** The number people use: per ente and per year, given at submission ("2026-000123"). Null while a draft. */
    numero: text("numero"),
    formData: jsonb("form_data").$type<Record<string, unknown>>().notNull().default({}),
    formVersion: integer("form_version").notNull().default(1),
    /** The operator's answers to the service's Elabora steps (services.operator_steps), written with the decision. */
    operatorData: jsonb("operator_data").$type<Record<string, unknown>>().notNull().default({}),
    assignedOperatorId: uuid("assigned_operator_id").references(() => users.id),
    outcome: text("outcome").$type<"accepted" | "rejected">(),
    motivation: text("motivation"),
    channel: text("channel").$type<"web" | "api">().notNull().default("web"),
    /** Lower-cased subject, applicant name and codice fiscale: what the dashboard's search box looks in. */
    searchText: text("search_text").notNull().default(""),
    /** The applicant's name, filled by a trigger on insert: what the dashboard sorts "Richiedente" by without a join. */
    applicantName: text("applicant_name"),
    /** "Surname Name" (family_name, given_name), filled by the same trigger: what "Richiedente" sorts by. */
    applicantSort: text("applicant_sort"),
    /** Optimistic-concurrency counter, bumped by every transition. */
    version: integer("version").notNull().default(0),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    assignedAt: timestamp("assigned_at", { withTimezone: true }),
    concludedAt: timestamp("concluded_at", { withTimezone: true }),
    /** When the citizen last opened the pratica in the personal area (notices count as read). */
    citizenViewedAt: timestamp("citizen_viewed_at", { withTimezone: true }),
    /** When the citizen accepted the privacy notice, the request flow's first step: submission needs it. */
    privacyAcceptedAt: timestamp("privacy_accepted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("pratiche_ente_status_idx").on(t.enteId, t.status, t.submittedAt),
    index("pratiche_ente_service_status_idx").on(t.enteId, t.serviceId, t.status),
    index("pratiche_ente_assigned_idx").on(t.enteId, t.assignedOperatorId, t.status),
    index("pratiche_ente_updated_idx").on(t.enteId, t.updatedAt),
    index("pratiche_applicant_idx").on(t.applicantId, t.updatedAt),
    // The back-office dashboard's sort orders: walked in index order so a page stops after LIMIT rows.
    index("pratiche_ente_submitted_idx").on(t.enteId, t.submittedAt, t.id),
    index("pratiche_ente_subject_idx").on(t.enteId, t.subject, t.submittedAt, t.id),
    index("pratiche_ente_applicant_sort_idx").on(t.enteId, t.applicantSort, t.submittedAt, t.id),
    uniqueIndex("pratiche_ente_numero_uq").on(t.enteId, t.numero).where(sql`${t.numero} is not null`),
  ],
);

/** The last pratica number given per ente and per year of submission (migration 0014); see lib/workflow/numbering.ts. */
export const praticaCounters = pgTable(
  "pratica_counters",
  {
    enteId: uuid("ente_id").notNull().references(() => enti.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ name: "pratica_counters_pk", columns: [t.enteId, t.year] })],
);

/** The iter: one row per state change. Append-only. */
export const statusHistory = pgTable(
  "status_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    enteId: uuid("ente_id").notNull().references(() => enti.id),
    praticaId: uuid("pratica_id").notNull().references(() => pratiche.id),
    fromStatus: integer("from_status"),
    toStatus: integer("to_status").notNull(),
    event: text("event").notNull(),
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id"),
    message: text("message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("status_history_pratica_idx").on(t.praticaId, t.id)],
);

export type Pratica = typeof pratiche.$inferSelect;
export type NewPratica = typeof pratiche.$inferInsert;
export type StatusHistoryRow = typeof statusHistory.$inferSelect;
