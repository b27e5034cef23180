import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";
import { pratiche } from "./pratiche";
import { services } from "./services";
import { users } from "./users";

/** One opening interval of a weekday: ISO weekday (1 = Monday … 7 = Sunday), wall-clock "HH:MM" in the ente's zone. */
export type OpeningInterval = { weekday: number; from: string; to: string };
/** A closure of the office: inclusive days (YYYY-MM-DD) and why (shown to citizens). The ente's holidays close every office too. */
export type OfficeClosure = { from: string; to: string; reason: string };

/**
 * An office (ufficio) of the ente where citizens are received: its address and contacts, its weekly opening hours,
 * its closures, and its calendar's rules (slot length, people per slot, how far ahead and with how much notice a
 * citizen may book, whether an operator approves each booking). Times are wall-clock times of the ente's time zone.
 */
export const offices = pgTable(
  "offices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    address: text("address").notNull().default(""),
    phone: text("phone"),
    email: text("email"),
    /** What a citizen should know (entrance, documents to bring), shown when booking. */
    notes: text("notes"),
    openingHours: jsonb("opening_hours").$type<OpeningInterval[]>().notNull().default([]),
    closures: jsonb("closures").$type<OfficeClosure[]>().notNull().default([]),
    slotMinutes: integer("slot_minutes").notNull().default(15),
    /** How many people are received in one slot (desks). */
    capacity: integer("capacity").notNull().default(1),
    /** Citizens book at most this many days ahead… */
    horizonDays: integer("horizon_days").notNull().default(30),
    /** …and at least this many hours before the slot. */
    minNoticeHours: integer("min_notice_hours").notNull().default(24),
    /** A booking waits for an operator's approval (status 'requested') before it is confirmed. */
    needsApproval: boolean("needs_approval").notNull().default(false),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("offices_ente_idx").on(t.enteId),
    check("offices_slot_chk", sql`${t.slotMinutes} between 5 and 240`),
    check("offices_capacity_chk", sql`${t.capacity} between 1 and 50`),
    check("offices_horizon_chk", sql`${t.horizonDays} between 1 and 366`),
    check("offices_notice_chk", sql`${t.minNoticeHours} between 0 and 720`),
  ],
);

/** The services an office handles: only these offices are offered when booking for the service. */
export const officeServices = pgTable(
  "office_services",
  {
    officeId: uuid("office_id").notNull().references(() => offices.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id").notNull().references(() => services.id, { onDelete: "cascade" }),
    enteId: uuid("ente_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.serviceId] }), index("office_services_service_idx").on(t.serviceId)],
);

/** The operators who work at an office: they see its agenda and act on its bookings. */
export const officeOperators = pgTable(
  "office_operators",
  {
    officeId: uuid("office_id").notNull().references(() => offices.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    enteId: uuid("ente_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.userId] }), index("office_operators_user_idx").on(t.userId)],
);

/** requested: waits for an operator's approval; confirmed; then cancelled, refused, no_show (the citizen did not come) or done. */
export type AppointmentStatus = "requested" | "confirmed" | "cancelled" | "refused" | "no_show" | "done";
/** The statuses that hold a place of the slot. */
export const HOLDING_APPOINTMENT_STATUSES = ["requested", "confirmed", "no_show", "done"] as const satisfies readonly AppointmentStatus[];
export type AppointmentChannel = "citizen" | "guest" | "operator" | "partner";

/**
 * A booking of one place (`seat`, 1…capacity) in one slot of an office. The partial unique index on (office,
 * start, seat) over the holding statuses is what makes a double booking impossible: two confirmations of the last
 * place race on the same seat and the database lets one in. `capacity` is the office's capacity when booked, and
 * the seat must fit it. `bookingKey` is the booking form's one-time key: the same confirmation sent twice is one
 * booking. The citizen manages the booking without logging in through a link signed with the app's secret
 * (lib/appointments/link.ts).
 */
export const appointments = pgTable(
  "appointments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id, { onDelete: "cascade" }),
    officeId: uuid("office_id").notNull().references(() => offices.id),
    serviceId: uuid("service_id").notNull().references(() => services.id),
    /** A booking tied to an application ("bring the originals"). */
    praticaId: uuid("pratica_id").references(() => pratiche.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    seat: smallint("seat").notNull(),
    capacity: smallint("capacity").notNull(),
    status: text("status").$type<AppointmentStatus>().notNull(),
    /** Human reference read on the phone and in emails: "APP-2026-000123". */
    code: text("code").notNull(),
    /** The signed-in citizen, or null for a booking made without logging in (then name and email are the contact). */
    citizenId: uuid("citizen_id").references(() => users.id),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    fiscalCode: text("fiscal_code"),
    reason: text("reason").notNull(),
    channel: text("channel").$type<AppointmentChannel>().notNull(),
    /** The staff member or partner who booked on the citizen's behalf. */
    bookedBy: text("booked_by"),
    bookingKey: uuid("booking_key").notNull(),
    /** The last message to the citizen (a refusal's or a cancellation's reason). */
    message: text("message"),
    lang: text("lang").notNull().default("it"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("appointments_seat_uq")
      .on(t.officeId, t.startsAt, t.seat)
      .where(sql`${t.status} in ('requested', 'confirmed', 'no_show', 'done')`),
    uniqueIndex("appointments_booking_key_uq").on(t.bookingKey),
    uniqueIndex("appointments_code_uq").on(t.enteId, t.code),
    index("appointments_office_day_idx").on(t.officeId, t.startsAt),
    index("appointments_ente_created_idx").on(t.enteId, t.createdAt, t.id),
    index("appointments_citizen_idx").on(t.citizenId),
    index("appointments_pratica_idx").on(t.praticaId),
    check("appointments_seat_chk", sql`${t.seat} between 1 and ${t.capacity}`),
    check("appointments_time_chk", sql`${t.endsAt} > ${t.startsAt}`),
    check("appointments_status_chk", sql`${t.status} in ('requested', 'confirmed', 'cancelled', 'refused', 'no_show', 'done')`),
    check("appointments_channel_chk", sql`${t.channel} in ('citizen', 'guest', 'operator', 'partner')`),
  ],
);

/** Every change of a booking, append-only: what the agenda's history and the metrics read. */
export const appointmentEvents = pgTable(
  "appointment_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull(),
    appointmentId: uuid("appointment_id")
      .notNull()
      .references(() => appointments.id),
    /** booked, requested, approved, refused, cancelled, moved, no_show, reminded */
    kind: text("kind").notNull(),
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("appointment_events_appt_idx").on(t.appointmentId, t.createdAt), index("appointment_events_ente_idx").on(t.enteId, t.kind, t.createdAt)],
);

/** The last appointment number given per ente and year (the code's sequence). */
export const appointmentCounters = pgTable(
  "appointment_counters",
  {
    enteId: uuid("ente_id").notNull(),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.year] })],
);

export type Office = typeof offices.$inferSelect;
export type NewOffice = typeof offices.$inferInsert;
export type Appointment = typeof appointments.$inferSelect;
export type AppointmentEvent = typeof appointmentEvents.$inferSelect;
