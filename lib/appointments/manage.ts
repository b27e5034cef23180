import { and, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appointments, HOLDING_APPOINTMENT_STATUSES, type Appointment, type AppointmentStatus, type Ente } from "@/db/schema";
import type { Actor, Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, fieldError } from "@/lib/errors";
import { isCleanText } from "@/lib/edge/text";
import { appointmentStatusLabel } from "@/lib/i18n/appointments";
import { isUuid } from "@/lib/uuid";
import { isPartnerEnabled } from "@/lib/workflow/guards";
import { recordAppointmentChange, type AppointmentChange } from "./effects";
import { appointmentIdFromToken } from "./link";
import { loadOffice, staffOfficeIds } from "./offices";
import { isBookableTime } from "./slots";

/**
 * Changes of a booking after it is made: approve or refuse a request, cancel, move, mark a no-show. Each one locks
 * the row, checks who acts and from which status, and records the change (event, audit, email, webhooks) in the same
 * transaction. Without login, the citizen acts through the signed link of the emails (`…ByLink`).
 */

/** Anyone who acts on a booking by its link is the person it is for. */
const BY_LINK: Actor = { kind: "system", reason: "appointment-link" };

async function locked(tx: DbOrTx, ente: Ente, id: string): Promise<Appointment> {
  if (!isUuid(id)) throw new NotFoundError("appointments.not_found");
  const [row] = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, id), eq(appointments.enteId, ente.id)))
    .for("update");
  if (!row) throw new NotFoundError("appointments.not_found");
  return row;
}

/** Whether the actor may act on the booking at all: staff of its office, the citizen it belongs to, a partner on its service. */
async function assertMayAct(ctx: Ctx, appt: Appointment, opts: { staffOnly?: boolean } = {}): Promise<void> {
  const a = ctx.actor;
  if (a.kind === "admin") return;
  if (a.kind === "operator") {
    if (!(await staffOfficeIds(ctx)).includes(appt.officeId)) throw new ForbiddenError("appointments.not_staff_of_office");
    return;
  }
  if (opts.staffOnly) throw new ForbiddenError("request.forbidden");
  if (a.kind === "citizen" && appt.citizenId === a.userId) return;
  if (a.kind === "partner" && (await isPartnerEnabled(ctx.db, a.partnerId, appt.serviceId))) return;
  if (a.kind === "system" && a.reason === "appointment-link") return;
  throw new NotFoundError("appointments.not_found");
}

function assertStatus(appt: Appointment, allowed: AppointmentStatus[], lang: "it" = "it"): void {
  if (!allowed.includes(appt.status)) throw new ConflictError("appointments.not_changeable", { status: appointmentStatusLabel(appt.status, lang).toLowerCase() });
}

function message(raw: string | undefined, required: boolean): string | null {
  const m = (raw ?? "").trim();
  if (!m) {
    if (required) throw new ValidationError("appointments.message_required", [fieldError("message", "appointments.message_required")]);
    return null;
  }
  if (m.length > 1000) throw new ValidationError("request.invalid_input", [fieldError("message", "field.max_chars", { max: 1000 })]);
  if (!isCleanText(m)) throw new ValidationError("request.invalid_input", [fieldError("message", "field.control_chars")]);
  return m;
}

async function change(
  ctx: Ctx,
  id: string,
  opts: { allowed: AppointmentStatus[]; staffOnly?: boolean; at?: Date },
  apply: (appt: Appointment, tx: DbOrTx) => Promise<{ set: Partial<Appointment>; change: AppointmentChange; data?: Record<string, unknown> }>,
): Promise<Appointment> {
  const at = opts.at ?? new Date();
  return ctx.db.transaction(async (tx) => {
    const appt = await locked(tx, ctx.ente, id);
    await assertMayAct({ ...ctx, db: tx }, appt, { staffOnly: opts.staffOnly });
    assertStatus(appt, opts.allowed);
    const { set, change, data } = await apply(appt, tx);
    const [row] = await tx
      .update(appointments)
      .set({ ...set, version: appt.version + 1, updatedAt: at })
      .where(eq(appointments.id, appt.id))
      .returning();
    await recordAppointmentChange(tx, ctx.ente, ctx.actor, row!, change, data ?? {}, at);
    return row!;
  });
}

/** An operator of the office approves a request while its time is ahead: it becomes confirmed (a past one is refused or cancelled). */
export async function approveAppointment(ctx: Ctx, id: string, opts: { at?: Date } = {}): Promise<Appointment> {
  const at = opts.at ?? new Date();
  return change(ctx, id, { allowed: ["requested"], staffOnly: true, at }, async (appt) => {
    if (appt.startsAt.getTime() <= at.getTime()) throw new ConflictError("appointments.past");
    return { set: { status: "confirmed" }, change: "approved" };
  });
}

/** An operator of the office refuses a request, saying why: the place is free again. */
export async function refuseAppointment(ctx: Ctx, id: string, msg: string, opts: { at?: Date } = {}): Promise<Appointment> {
  const m = message(msg, true);
  return change(ctx, id, { allowed: ["requested"], staffOnly: true, at: opts.at }, async () => ({ set: { status: "refused", message: m, cancelledAt: opts.at ?? new Date() }, change: "refused" }));
}

/**
 * Cancels a booking that still holds: staff say why (the citizen reads it), the citizen and partners may add a note.
 * A booking whose time has passed is not cancelled (it happened or was missed).
 */
export async function cancelAppointment(ctx: Ctx, id: string, msg?: string, opts: { at?: Date } = {}): Promise<Appointment> {
  const staff = ctx.actor.kind === "operator" || ctx.actor.kind === "admin";
  const m = message(msg, staff);
  const at = opts.at ?? new Date();
  return change(ctx, id, { allowed: ["requested", "confirmed"], at }, async (appt) => {
    if (!staff && appt.startsAt.getTime() <= at.getTime()) throw new ConflictError("appointments.past");
    return { set: { status: "cancelled", message: m, cancelledAt: at }, change: "cancelled", data: { by: ctx.actor.kind } };
  });
}

/** An operator marks that the citizen did not come: only once the appointment has started. */
export async function markNoShow(ctx: Ctx, id: string, opts: { at?: Date } = {}): Promise<Appointment> {
  const at = opts.at ?? new Date();
  return change(ctx, id, { allowed: ["confirmed"], staffOnly: true, at }, async (appt) => {
    if (appt.startsAt.getTime() > at.getTime()) throw new ConflictError("appointments.not_started");
    return { set: { status: "no_show" }, change: "no_show" };
  });
}

/**
 * Moves a booking to another free slot of the same office: the new seat is claimed like a new booking (the unique
 * index decides), the old one freed in the same transaction. A request stays a request.
 */
export async function moveAppointment(ctx: Ctx, id: string, startsAt: Date, opts: { at?: Date } = {}): Promise<Appointment> {
  const at = opts.at ?? new Date();
  const staff = ctx.actor.kind === "operator" || ctx.actor.kind === "admin";
  return change(ctx, id, { allowed: ["requested", "confirmed"], at }, async (appt, tx) => {
    if (!staff && appt.startsAt.getTime() <= at.getTime()) throw new ConflictError("appointments.past");
    const office = await loadOffice({ db: tx, ente: ctx.ente }, appt.officeId);
    const slot = isBookableTime(office, ctx.ente, startsAt, at, { staff });
    if (!slot || slot.startsAt.getTime() === appt.startsAt.getTime()) throw new ValidationError("appointments.slot_unavailable", [fieldError("startsAt", "appointments.slot_unavailable")]);
    const held = await tx
      .select({ seat: appointments.seat })
      .from(appointments)
      .where(and(eq(appointments.officeId, office.id), eq(appointments.startsAt, slot.startsAt), inArray(appointments.status, [...HOLDING_APPOINTMENT_STATUSES]), ne(appointments.id, appt.id)));
    const taken = new Set(held.map((h) => h.seat));
    // Seats above a lowered capacity still hold a place each (as in bookAppointment).
    for (let seat = 1; seat <= office.capacity && held.length < office.capacity; seat++) {
      if (taken.has(seat)) continue;
      // Try the seat in a savepoint: a seat someone else holds raises the unique violation there, not in the booking's transaction.
      const ok = await tx
        .transaction(async (sp) => {
          await sp.update(appointments).set({ startsAt: slot.startsAt, endsAt: slot.endsAt, seat, capacity: office.capacity }).where(eq(appointments.id, appt.id));
          return true;
        })
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) return false;
          throw err;
        });
      if (ok) return { set: {}, change: "moved", data: { from: appt.startsAt.toISOString(), to: slot.startsAt.toISOString() } };
    }
    throw new ConflictError("appointments.slot_taken");
  });
}

/** Postgres (postgres.js or PGlite) refused a row for a unique index. */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) if ((e as { code?: unknown }).code === "23505") return true;
  return false;
}

function byLinkCtx(db: DbOrTx, ente: Ente): Ctx {
  return { db, ente, actor: BY_LINK };
}

/** The booking a signed link points to, or not found (a forged or foreign link says nothing about what exists). */
export function appointmentIdForLink(token: string): string {
  const id = appointmentIdFromToken(token);
  if (!id) throw new NotFoundError("appointments.not_found");
  return id;
}

export async function cancelByLink(db: DbOrTx, ente: Ente, token: string, opts: { at?: Date } = {}): Promise<Appointment> {
  return cancelAppointment(byLinkCtx(db, ente), appointmentIdForLink(token), undefined, opts);
}

export async function moveByLink(db: DbOrTx, ente: Ente, token: string, startsAt: Date, opts: { at?: Date } = {}): Promise<Appointment> {
  return moveAppointment(byLinkCtx(db, ente), appointmentIdForLink(token), startsAt, opts);
}

export { BY_LINK };
