import { createHmac } from "node:crypto";
import { and, count, eq, gt, inArray, sql } from "drizzle-orm";
import { claimAttempt, type ThrottlePolicy } from "@/lib/auth/throttle";
import { appointmentCounters, appointments, HOLDING_APPOINTMENT_STATUSES, officeServices, pratiche, services, users, type Appointment, type AppointmentChannel } from "@/db/schema";
import type { Actor, Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError, fieldError, type FieldError } from "@/lib/errors";
import { isLang, type Lang } from "@/lib/i18n";
import { isServiceOpen } from "@/lib/services/availability";
import { wallClock } from "@/lib/time/wall-clock";
import { isUuid } from "@/lib/uuid";
import { isPartnerEnabled } from "@/lib/workflow/guards";
import { recordAppointmentChange } from "./effects";
import { managePath } from "./link";
import { loadOffice, staffOfficeIds } from "./offices";
import { isBookableTime } from "./slots";
import { isCleanText } from "@/lib/edge/text";

/** A citizen who books without logging in, giving name and contacts. */
export const GUEST: Actor = { kind: "system", reason: "guest" };
export const isGuest = (a: Actor) => a.kind === "system" && a.reason === "guest";

export type BookingInput = {
  officeId: string;
  serviceId: string;
  startsAt: Date;
  reason: string;
  name?: string;
  email?: string;
  phone?: string;
  fiscalCode?: string;
  praticaId?: string | null;
  /** The booking form's one-time key: the same confirmation twice is one booking. */
  bookingKey: string;
  lang?: Lang;
  at?: Date;
  /** A guest's client address as a throttle key (`guestClientKey`); null when the address is unknown. */
  clientKey?: string | null;
};

/**
 * Anti-abuse for bookings without login, with no address stored: growing delays after a few bookings in a row from
 * one client address (keyed by an HMAC of it, the login throttle's table), and a ceiling of upcoming bookings per
 * email address (per signed-in citizen for them), so nobody holds a day's places alone.
 */
export const GUEST_BOOKING_POLICY: ThrottlePolicy = { freeAttempts: 5, maxDelayS: 15 * 60 };
export const MAX_UPCOMING_GUEST = 3;
export const MAX_UPCOMING_CITIZEN = 5;

export function guestClientKey(secret: string, enteId: string, address: string): string {
  return `appointment:${createHmac("sha256", secret).update(`${enteId}\0${address}`).digest("base64url").slice(0, 32)}`;
}

/**
 * The ceiling of upcoming bookings. Checked once before the booking (a quick refusal that spends no throttle
 * attempt) and again inside its transaction under a transaction-scoped advisory lock on the citizen or address,
 * so simultaneous bookings by one person are counted one after the other and cannot pass the ceiling together.
 */
async function assertNotHoarding(ctx: Ctx, contact: Contact, at: Date, opts: { lock?: boolean } = {}): Promise<void> {
  const byCitizen = contact.citizenId !== null;
  if (!byCitizen && contact.channel !== "guest") return;
  const max = byCitizen ? MAX_UPCOMING_CITIZEN : MAX_UPCOMING_GUEST;
  const who = byCitizen ? `c:${contact.citizenId}` : `e:${contact.email ?? ""}`;
  if (opts.lock) await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`appointment-cap:${ctx.ente.id}:${who}`}))`);
  const [row] = await ctx.db
    .select({ n: count() })
    .from(appointments)
    .where(
      and(
        eq(appointments.enteId, ctx.ente.id),
        inArray(appointments.status, ["requested", "confirmed"]),
        gt(appointments.startsAt, at),
        byCitizen ? eq(appointments.citizenId, contact.citizenId!) : sql`lower(${appointments.email}) = ${contact.email ?? ""}`,
      ),
    );
  if ((row?.n ?? 0) >= max) throw new ValidationError("appointments.too_many", [fieldError(byCitizen ? "startsAt" : "email", "appointments.too_many", { max })], { max });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ./()-]{6,20}$/;
const CF = /^[A-Z0-9]{16}$/;

function text(v: string | undefined | null): string {
  return (v ?? "").replace(/\s+/g, " ").trim();
}

type Contact = { name: string; email: string | null; phone: string | null; fiscalCode: string | null; citizenId: string | null; channel: AppointmentChannel; bookedBy: string | null };

/** Who the booking is for, by who books: the signed-in citizen's own data, or the contacts given. */
async function contactOf(ctx: Ctx, input: BookingInput): Promise<Contact> {
  const errors: FieldError[] = [];
  const given = { name: text(input.name), email: text(input.email).toLowerCase() || null, phone: text(input.phone) || null, fiscalCode: text(input.fiscalCode).toUpperCase() || null };
  if (given.email && (!EMAIL.test(given.email) || given.email.length > 200)) errors.push(fieldError("email", "field.email"));
  if (given.phone && !PHONE.test(given.phone)) errors.push(fieldError("phone", "field.format"));
  if (given.fiscalCode && !CF.test(given.fiscalCode)) errors.push(fieldError("fiscalCode", "field.format"));
  if (given.name.length > 120) errors.push(fieldError("name", "field.max_chars", { max: 120 }));
  if (!isCleanText(given.name)) errors.push(fieldError("name", "field.control_chars"));
  const a = ctx.actor;
  if (a.kind === "citizen") {
    const [u] = await ctx.db.select().from(users).where(eq(users.id, a.userId));
    if (!u) throw new ForbiddenError("request.unauthorized");
    if (errors.length) throw new ValidationError("request.invalid_input", errors);
    const name = text([u.givenName, u.familyName].filter(Boolean).join(" ")) || text(u.name) || given.name;
    return { name: name || u.email, email: u.email, phone: given.phone ?? u.phone ?? null, fiscalCode: u.codiceFiscale, citizenId: u.id, channel: "citizen", bookedBy: null };
  }
  if (given.name.length < 2) errors.push(fieldError("name", given.name ? "field.min_chars" : "field.required", { min: 2 }));
  if (isGuest(a)) {
    if (!given.email) errors.push(fieldError("email", "field.required"));
  } else if (!given.email && !given.phone) errors.push(fieldError("email", "appointments.contact_required"));
  if (errors.length) throw new ValidationError("request.invalid_input", errors);
  if (isGuest(a)) return { ...given, citizenId: null, channel: "guest", bookedBy: null };
  if (a.kind === "operator" || a.kind === "admin") return { ...given, citizenId: null, channel: "operator", bookedBy: a.userId };
  if (a.kind === "partner") return { ...given, citizenId: null, channel: "partner", bookedBy: a.partnerId };
  throw new ForbiddenError("request.forbidden");
}

/** The next code of the ente's year: APP-2026-000123 (in the booking's transaction: a rolled-back booking gives its number back). */
async function nextCode(tx: Ctx["db"], enteId: string, year: number): Promise<string> {
  const [row] = await tx
    .insert(appointmentCounters)
    .values({ enteId, year, last: 1 })
    .onConflictDoUpdate({ target: [appointmentCounters.enteId, appointmentCounters.year], set: { last: sql`${appointmentCounters.last} + 1` } })
    .returning({ last: appointmentCounters.last });
  return `APP-${year}-${String(row!.last).padStart(6, "0")}`;
}

/** Whether the booking was made by this actor in this ente: a form's key given again returns only the booker's own booking. */
function bookedBy(appt: Appointment, ctx: Ctx): boolean {
  if (appt.enteId !== ctx.ente.id) return false;
  const a = ctx.actor;
  if (a.kind === "citizen") return appt.channel === "citizen" && appt.citizenId === a.userId;
  if (a.kind === "operator" || a.kind === "admin") return appt.channel === "operator" && appt.bookedBy === a.userId;
  if (a.kind === "partner") return appt.channel === "partner" && appt.bookedBy === a.partnerId;
  return isGuest(a) && appt.channel === "guest";
}

/**
 * The booking already made with this key (the key is unique across entes), when it is the actor's own; a key of
 * someone else's booking (another ente's, another citizen's) is refused, saying nothing of that booking.
 */
function ownDuplicate(ctx: Ctx, row: Appointment | undefined): Appointment | undefined {
  if (row && !bookedBy(row, ctx)) throw new ValidationError("request.invalid_input", [fieldError("bookingKey", "field.invalid")]);
  return row;
}

async function existingByKey(ctx: Ctx, bookingKey: string): Promise<Appointment | undefined> {
  const [row] = await ctx.db.select().from(appointments).where(eq(appointments.bookingKey, bookingKey));
  return ownDuplicate(ctx, row);
}

/**
 * Books one place of a slot. Checks who may book (a signed-in citizen, a guest with name and email, an operator of
 * the office or an admin on a citizen's behalf, a partner enabled on the service), that the office receives for the
 * service, and that the time is a free slot of its calendar that the booker may take (notice and horizon for
 * citizens). The place is then claimed seat by seat: the insert of a seat someone else holds does nothing (the
 * partial unique index decides, even between instances), and with no seat left the booking is refused with
 * `appointments.slot_taken`. The same `bookingKey` again returns the first booking (`duplicate`).
 */
export async function bookAppointment(ctx: Ctx, input: BookingInput): Promise<{ appointment: Appointment; manageUrlPath: string; duplicate: boolean }> {
  const at = input.at ?? new Date();
  if (!isUuid(input.bookingKey)) throw new ValidationError("request.invalid_input", [fieldError("bookingKey", "field.invalid")]);
  const again = await existingByKey(ctx, input.bookingKey);
  if (again) return withLink(ctx.ente.slug, { appointment: again, duplicate: true });

  const office = await loadOffice(ctx, input.officeId);
  const staff = ctx.actor.kind === "operator" || ctx.actor.kind === "admin";
  if (ctx.actor.kind === "operator" && !(await staffOfficeIds(ctx)).includes(office.id)) throw new ForbiddenError("appointments.not_staff_of_office");
  if (!isUuid(input.serviceId)) throw new NotFoundError("appointments.service_not_offered");
  const [svc] = await ctx.db
    .select({ service: services })
    .from(services)
    .innerJoin(officeServices, and(eq(officeServices.serviceId, services.id), eq(officeServices.officeId, office.id)))
    .where(and(eq(services.id, input.serviceId), eq(services.enteId, ctx.ente.id)));
  if (!svc) throw new NotFoundError("appointments.service_not_offered");
  if (!staff && ctx.actor.kind !== "partner" && !isServiceOpen(svc.service, at).ok) throw new NotFoundError("appointments.service_not_offered");
  if (ctx.actor.kind === "partner" && !(await isPartnerEnabled(ctx.db, ctx.actor.partnerId, svc.service.id))) throw new ForbiddenError("partner.not_enabled_service");

  const reason = text(input.reason) || svc.service.name;
  if (reason.length > 300) throw new ValidationError("request.invalid_input", [fieldError("reason", "field.max_chars", { max: 300 })]);
  if (!isCleanText(reason)) throw new ValidationError("request.invalid_input", [fieldError("reason", "field.control_chars")]);
  const contact = await contactOf(ctx, input);
  await assertNotHoarding(ctx, contact, at);
  if (isGuest(ctx.actor) && input.clientKey) {
    const claim = await claimAttempt(ctx.db, input.clientKey, GUEST_BOOKING_POLICY, at);
    if (!claim.ok) throw new RateLimitedError(claim.retryAfterS);
  }

  let praticaId: string | null = null;
  if (input.praticaId) {
    if (!isUuid(input.praticaId) || isGuest(ctx.actor)) throw new ValidationError("request.invalid_input", [fieldError("praticaId", "appointments.pratica_not_linkable")]);
    const [p] = await ctx.db
      .select({ id: pratiche.id, applicantId: pratiche.applicantId, serviceId: pratiche.serviceId })
      .from(pratiche)
      .where(and(eq(pratiche.id, input.praticaId), eq(pratiche.enteId, ctx.ente.id)));
    const own = p && (ctx.actor.kind !== "citizen" || p.applicantId === ctx.actor.userId);
    if (!p || !own || p.serviceId !== svc.service.id) throw new ValidationError("request.invalid_input", [fieldError("praticaId", "appointments.pratica_not_linkable")]);
    praticaId = p.id;
  }

  const slot = isBookableTime(office, ctx.ente, input.startsAt, at, { staff });
  if (!slot) throw new ValidationError("appointments.slot_unavailable", [fieldError("startsAt", "appointments.slot_unavailable")]);
  const status = office.needsApproval && !staff ? "requested" : "confirmed";

  const result = await ctx.db.transaction(async (tx) => {
    await assertNotHoarding({ ...ctx, db: tx }, contact, at, { lock: true });
    const held = await tx
      .select({ seat: appointments.seat })
      .from(appointments)
      .where(and(eq(appointments.officeId, office.id), eq(appointments.startsAt, slot.startsAt), inArray(appointments.status, [...HOLDING_APPOINTMENT_STATUSES])));
    const taken = new Set(held.map((h) => h.seat));
    // Seats above a lowered capacity still hold a place each: a freed low seat is no free place while they do.
    for (let seat = 1; seat <= office.capacity && held.length < office.capacity; seat++) {
      if (taken.has(seat)) continue;
      // A seat another booking holds, or this form's key already used: nothing inserted, try the next / see below.
      const [row] = await tx
        .insert(appointments)
        .values({
          enteId: ctx.ente.id,
          officeId: office.id,
          serviceId: svc.service.id,
          praticaId,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          seat,
          capacity: office.capacity,
          status,
          code: `PENDING-${input.bookingKey}`,
          ...contact,
          reason,
          bookingKey: input.bookingKey,
          lang: isLang(input.lang) ? input.lang : "it",
          // Milliseconds, as JavaScript reads them back: the API's cursor (created_at, id) compares exactly.
          createdAt: at,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) {
        const [dup] = await tx.select().from(appointments).where(eq(appointments.bookingKey, input.bookingKey));
        if (ownDuplicate(ctx, dup)) return { appointment: dup!, duplicate: true };
        continue;
      }
      const code = await nextCode(tx, ctx.ente.id, wallClock(at, ctx.ente.timezone).year);
      const [booked] = await tx.update(appointments).set({ code }).where(eq(appointments.id, row.id)).returning();
      await recordAppointmentChange(tx, ctx.ente, ctx.actor, booked!, status === "requested" ? "requested" : "booked", { startsAt: slot.startsAt.toISOString(), channel: contact.channel }, at);
      return { appointment: booked!, duplicate: false };
    }
    // No seat: unless this very form was booked meanwhile (a double click that lost the race to itself).
    const [dup] = await tx.select().from(appointments).where(eq(appointments.bookingKey, input.bookingKey));
    return ownDuplicate(ctx, dup) ? { appointment: dup!, duplicate: true } : null;
  });
  if (!result) throw new ConflictError("appointments.slot_taken");
  return withLink(ctx.ente.slug, result);
}

/** The path of the booking's own page, signed with AUTH_SECRET: computed when read (a seed run without the secret never reads it). */
function withLink<T extends { appointment: Appointment }>(enteSlug: string, r: T): T & { manageUrlPath: string } {
  return Object.defineProperty({ ...r }, "manageUrlPath", { get: () => managePath(enteSlug, r.appointment.id), enumerable: false }) as T & { manageUrlPath: string };
}
