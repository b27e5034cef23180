process.env.AUTH_SECRET ??= "a".repeat(40);
process.env.APP_URL ??= "http://127.0.0.1:3999";

import { randomUUID } from "node:crypto";
import { simpleParser } from "mailparser";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointmentEvents, appointments, auditLog, outbox, type Ente, type Office, type Service, type User } from "@/db/schema";
import { bookAppointment, GUEST, guestClientKey } from "@/lib/appointments/book";
import { reminderAt } from "@/lib/appointments/effects";
import { manageToken } from "@/lib/appointments/link";
import { approveAppointment, cancelAppointment, cancelByLink, markNoShow, moveAppointment, moveByLink, refuseAppointment } from "@/lib/appointments/manage";
import { createOffice, listOffices, officesForService, updateOffice, type OfficeInput } from "@/lib/appointments/offices";
import { calendarFileByLink, createAppointmentHandler } from "@/lib/appointments/outbox";
import { agenda, appointmentByLink, getAppointment, listAppointmentsPage, listMyAppointments } from "@/lib/appointments/queries";
import { availability, closedOn, nextFreeSlot, slotTimes } from "@/lib/appointments/slots";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from "@/lib/errors";
import { fromWallClock } from "@/lib/time/wall-clock";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { APPOINTMENTS_NOW, january2027, officeInput } from "./helpers/appointments";
import { adminCtx, citizenCtx, createCitizen, createEnte, createPartner, createService, createStaff, operatorCtx, submittedPratica } from "./helpers/fixtures";
import { closeMailLine, openMailLine, type SmtpSink } from "./helpers/smtp";
import type { SmtpMailer } from "@/lib/notifications/mailer";
import { describePraticaDeliveries } from "@/lib/notifications/delivery-lines";

const base = (over: Partial<OfficeInput> = {}): OfficeInput => officeInput({ phone: "050 123456", email: "anagrafe@comune.example", ...over });
const NOW = APPOINTMENTS_NOW;
const at = january2027;

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let service: Service;
let otherService: Service;
let admin: User;
let operator: User;
let outsider: User;
let citizen: User;
let office: Office;
let wide: Office;
let approval: Office;
let adm: Ctx;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { holidays: ["2027-01-15"] });
  other = await createEnte(tdb.db);
  service = await createService(tdb.db, ente, { name: "Carta d'identità elettronica", bookingOnly: true });
  otherService = await createService(tdb.db, other);
  admin = await createStaff(tdb.db, ente, "admin");
  operator = await createStaff(tdb.db, ente, "operator", [service.id]);
  outsider = await createStaff(tdb.db, ente, "operator", [service.id]);
  citizen = await createCitizen(tdb.db, { givenName: "Mario", familyName: "Rossi", name: "Mario Rossi" });
  adm = adminCtx(tdb.db, ente, admin);
  office = await createOffice(adm, base({ serviceIds: [service.id], operatorIds: [operator.id], closures: [{ from: "2027-01-14", to: "2027-01-14", reason: "Inventario" }] }));
  wide = await createOffice(adm, base({ name: "Sportello polifunzionale", capacity: 2, serviceIds: [service.id], operatorIds: [operator.id] }));
  approval = await createOffice(adm, base({ name: "Servizi sociali", needsApproval: true, slotMinutes: 30, serviceIds: [service.id], operatorIds: [operator.id] }));
});

afterAll(async () => {
  await tdb?.close();
});

let guests = 0;
const guestBooking = (o: Office, startsAt: Date, over: Record<string, unknown> = {}) =>
  bookAppointment({ db: tdb.db, ente, actor: GUEST }, { officeId: o.id, serviceId: service.id, startsAt, reason: "", name: "Giulia Bianchi", email: `giulia.bianchi${++guests}@example.org`, phone: "333 1234567", bookingKey: randomUUID(), at: NOW, ...over });

describe("offices", () => {
  it("refuses hours that close before they open, overlapping ranges, closures backwards, foreign operators", async () => {
    const bad = base({ openingHours: [{ weekday: 1, from: "12:00", to: "09:00" }, { weekday: 2, from: "08:00", to: "12:00" }, { weekday: 2, from: "11:00", to: "13:00" }], closures: [{ from: "2027-02-02", to: "2027-02-01", reason: "" }] });
    const err = await createOffice(adm, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const paths = (err as ValidationError).fieldErrors.map((f) => `${f.path}:${f.code}`);
    expect(paths).toEqual(expect.arrayContaining(["openingHours.0.to:appointments.hours_invalid", "openingHours.2.from:appointments.hours_overlap", "closures.0.to:appointments.closure_invalid"]));
    const foreignStaff = await createStaff(tdb.db, other, "operator");
    await expect(createOffice(adm, base({ operatorIds: [foreignStaff.id] }))).rejects.toMatchObject({ code: "request.invalid_input" });
    await expect(createOffice(adm, base({ serviceIds: [otherService.id] }))).rejects.toMatchObject({ code: "request.invalid_input" });
  });

  it("only admins configure; operators see the offices they work at", async () => {
    await expect(createOffice(operatorCtx(tdb.db, ente, operator), base())).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listOffices(operatorCtx(tdb.db, ente, operator))).map((o) => o.name).sort()).toEqual(["Servizi sociali", "Sportello polifunzionale", "Ufficio Anagrafe"]);
    expect(await listOffices(operatorCtx(tdb.db, ente, outsider))).toEqual([]);
    expect((await officesForService({ db: tdb.db, ente }, service.id)).length).toBe(3);
    expect(await officesForService({ db: tdb.db, ente: other }, service.id)).toEqual([]);
    const upd = await updateOffice(adm, wide.id, base({ name: "Sportello polifunzionale", capacity: 2, serviceIds: [service.id], operatorIds: [operator.id], address: "Via Roma 2" }));
    expect(upd.address).toBe("Via Roma 2");
    await expect(updateOffice(adminCtx(tdb.db, other, admin), wide.id, base())).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("slots", () => {
  it("cuts opening hours into slots; weekends, holidays and closures are closed", async () => {
    expect(slotTimes(office, "2027-01-12", "Europe/Rome")).toHaveLength(16);
    expect(closedOn(office, ente, "2027-01-16").closed).toBe("weekday");
    expect(closedOn(office, ente, "2027-01-15").closed).toBe("holiday");
    expect(closedOn(office, ente, "2027-01-14")).toEqual({ closed: "closure", reason: "Inventario" });
    const days = await availability({ db: tdb.db, ente, actor: GUEST }, office.id, { from: "2027-01-11", days: 7, at: NOW });
    // Monday: 07:00 + 2 hours' notice leaves 09:00 onwards.
    expect(days[0]!.slots[0]!.startsAt).toEqual(at(11, 9, 0));
    expect(days.map((d) => d.closed)).toEqual([null, null, null, "closure", "holiday", "weekday", "weekday"]);
  });

  it("keeps wall-clock times across the summer-time changes", () => {
    const sunday = { openingHours: [{ weekday: 7, from: "01:00", to: "04:00" }], slotMinutes: 30 };
    // 28 March 2027: 02:00 → 03:00. The skipped half hours are no slots; the rest keep their wall-clock time.
    const spring = slotTimes(sunday, "2027-03-28", "Europe/Rome").map((s) => s.startsAt.toISOString());
    expect(spring).toEqual(["2027-03-28T00:00:00.000Z", "2027-03-28T00:30:00.000Z", "2027-03-28T01:00:00.000Z", "2027-03-28T01:30:00.000Z"]);
    // 25 October 2026: 03:00 → 02:00. 02:00 and 02:30 are their first occurrence (summer time).
    const autumn = slotTimes(sunday, "2026-10-25", "Europe/Rome").map((s) => s.startsAt.toISOString());
    expect(autumn).toEqual(["2026-10-24T23:00:00.000Z", "2026-10-24T23:30:00.000Z", "2026-10-25T00:00:00.000Z", "2026-10-25T00:30:00.000Z", "2026-10-25T02:00:00.000Z", "2026-10-25T02:30:00.000Z"]);
    // An ordinary office: 09:00 is 08:00Z in winter and 07:00Z in summer, the Friday before and the Monday after.
    expect(slotTimes(office, "2027-03-26", "Europe/Rome").find((s) => s.startsAt.toISOString() === "2027-03-26T08:00:00.000Z")).toBeTruthy();
    expect(slotTimes(office, "2027-03-29", "Europe/Rome").find((s) => s.startsAt.toISOString() === "2027-03-29T07:00:00.000Z")).toBeTruthy();
    expect(slotTimes(office, "2026-10-26", "Europe/Rome")[0]!.startsAt.toISOString()).toBe("2026-10-26T07:30:00.000Z");
    // The reminder of a Monday after the spring change goes out Sunday 10:00 summer time.
    expect(reminderAt(new Date("2027-03-29T07:00:00Z"), "Europe/Rome").toISOString()).toBe("2027-03-28T08:00:00.000Z");
  });
});

describe("booking", () => {
  it("a guest books with name and email; the email and the reminder are queued; the same form twice is one booking", async () => {
    await expect(guestBooking(office, at(18, 9, 30), { email: "" })).rejects.toMatchObject({ code: "request.invalid_input" });
    const key = randomUUID();
    const first = await guestBooking(office, at(18, 9, 30), { bookingKey: key });
    expect(first.duplicate).toBe(false);
    expect(first.appointment).toMatchObject({ status: "confirmed", seat: 1, channel: "guest", citizenId: null, reason: service.name, name: "Giulia Bianchi" });
    expect(first.appointment.code).toMatch(/^APP-2027-\d{6}$/);
    expect(first.manageUrlPath).toBe(`/${ente.slug}/appuntamenti/${manageToken(first.appointment.id)}`);
    const again = await guestBooking(office, at(18, 9, 30), { bookingKey: key });
    expect(again).toMatchObject({ duplicate: true, appointment: { id: first.appointment.id } });
    const rows = await tdb.db.select().from(outbox).where(eq(outbox.topic, "appointment"));
    const mine = rows.filter((r) => r.payload.appointmentId === first.appointment.id);
    expect(mine.map((r) => r.kind).sort()).toEqual(["booked", "reminder"]);
    expect(mine.find((r) => r.kind === "reminder")!.availableAt).toEqual(at(17, 10));
    // Booked for tomorrow: the confirmation is the reminder.
    const soon = await guestBooking(office, at(12, 9));
    expect((await tdb.db.select().from(outbox).where(eq(outbox.topic, "appointment"))).filter((r) => r.payload.appointmentId === soon.appointment.id).map((r) => r.kind)).toEqual(["booked"]);
    const audit = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, first.appointment.id), eq(auditLog.action, "appointment.booked")));
    expect(audit).toHaveLength(1);
  });

  it("refuses times that are no free slot: too soon, closed, off the grid, beyond the horizon", async () => {
    for (const t of [at(11, 8, 30), at(14, 9), at(15, 9), at(12, 9, 5), fromWallClock({ year: 2027, month: 4, day: 12, hour: 9 })])
      await expect(guestBooking(office, t)).rejects.toMatchObject({ code: "appointments.slot_unavailable" });
    await expect(guestBooking(office, at(12, 10), { serviceId: otherService.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(bookAppointment({ db: tdb.db, ente: other, actor: GUEST }, { officeId: office.id, serviceId: service.id, startsAt: at(12, 10), reason: "", name: "X Y", email: "x@example.org", bookingKey: randomUUID(), at: NOW })).rejects.toMatchObject({ code: "appointments.office_not_found" });
  });

  it("fills the places of a slot seat by seat and then says the time is taken", async () => {
    const a = await guestBooking(wide, at(12, 10));
    const b = await guestBooking(wide, at(12, 10));
    expect([a.appointment.seat, b.appointment.seat]).toEqual([1, 2]);
    await expect(guestBooking(wide, at(12, 10))).rejects.toBeInstanceOf(ConflictError);
    const day = (await availability({ db: tdb.db, ente, actor: GUEST }, wide.id, { from: "2027-01-12", days: 1, at: NOW }))[0]!;
    expect(day.slots.find((s) => s.startsAt.getTime() === at(12, 10).getTime())!.free).toBe(0);
  });

  it("20 concurrent bookings of the last place: exactly one wins, the others are told to pick another time", async () => {
    await guestBooking(wide, at(12, 11));
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => guestBooking(wide, at(12, 11))));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const l of lost) expect(l.reason).toMatchObject({ code: "appointments.slot_taken" });
    const held = await tdb.db.select().from(appointments).where(and(eq(appointments.officeId, wide.id), eq(appointments.startsAt, at(12, 11))));
    expect(held.map((h) => h.seat).sort()).toEqual([1, 2]);
  });

  it("a guest address holds 3 upcoming bookings at most; one client address is slowed down after 5 bookings in a row", async () => {
    const email = "marco.esposito@example.org";
    for (const m of [0, 15, 30]) await guestBooking(office, at(25, 9, m), { email });
    await expect(guestBooking(office, at(25, 9, 45), { email: "Marco.Esposito@example.org" })).rejects.toMatchObject({ code: "appointments.too_many", params: { max: 3 } });
    const clientKey = guestClientKey("s".repeat(40), ente.id, "203.0.113.7");
    for (const m of [0, 15, 30, 45]) await guestBooking(office, at(26, 9, m), { clientKey });
    await guestBooking(office, at(26, 10, 0), { clientKey });
    await expect(guestBooking(office, at(26, 10, 15), { clientKey })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("6 simultaneous bookings by one guest address at different times: 3 at most are made (the ceiling is counted in the transaction)", async () => {
    const email = "luca.ferrari@example.org";
    const results = await Promise.allSettled([0, 15, 30, 45].flatMap((m) => [guestBooking(office, at(27, 9, m), { email }), ...(m < 30 ? [guestBooking(office, at(27, 10, m), { email })] : [])]));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(3);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "appointments.too_many" });
    const held = await tdb.db.select().from(appointments).where(and(eq(appointments.email, email), inArray(appointments.status, ["requested", "confirmed"])));
    expect(held).toHaveLength(3);
  });

  it("the same confirmation sent 5 times at once is one booking", async () => {
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => guestBooking(office, at(13, 9), { bookingKey: key, email: "stesso.modulo@example.org" })));
    expect(new Set(results.map((r) => r.appointment.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
  });

  it("the database itself refuses a second booking of the same seat", async () => {
    const { appointment } = await guestBooking(office, at(13, 10));
    const { id: _id, code: _code, bookingKey: _k, ...copy } = appointment;
    await expect(tdb.db.insert(appointments).values({ ...copy, code: "APP-X-1", bookingKey: randomUUID() })).rejects.toThrow();
    await expect(tdb.db.insert(appointments).values({ ...copy, seat: 2, code: "APP-X-2", bookingKey: randomUUID() })).rejects.toThrow();
  });

  it("a signed-in citizen books with the login's data and may link only their own pratica of the service", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const pratica = await submittedPratica(tdb.db, ente, service, citizen);
    const { appointment } = await bookAppointment(ctx, { officeId: office.id, serviceId: service.id, startsAt: at(13, 11), reason: "Porto gli originali", praticaId: pratica.id, bookingKey: randomUUID(), at: NOW });
    expect(appointment).toMatchObject({ citizenId: citizen.id, name: "Mario Rossi", email: citizen.email, channel: "citizen", praticaId: pratica.id, reason: "Porto gli originali" });
    const stranger = await createCitizen(tdb.db);
    await expect(
      bookAppointment(citizenCtx(tdb.db, ente, stranger), { officeId: office.id, serviceId: service.id, startsAt: at(13, 11, 15), reason: "", praticaId: pratica.id, bookingKey: randomUUID(), at: NOW }),
    ).rejects.toMatchObject({ code: "request.invalid_input" });
    // The pratica's delivery record shows the booking's email to the address it was booked with.
    const lines = await describePraticaDeliveries(adm, pratica.id, "it");
    const line = lines.find((l) => l.topic === "appointment" && l.kind === "booked");
    expect(line?.sentence).toContain(citizen.email);
    const mine = await listMyAppointments(ctx, { at: NOW });
    expect(mine.map((m) => m.id)).toContain(appointment.id);
    expect(mine[0]!.praticaNumero).toBeTruthy();
    expect(await listMyAppointments(citizenCtx(tdb.db, ente, stranger), { at: NOW })).toEqual([]);
  });

  it("an operator books on a citizen's behalf for their offices only; a partner only on its services", async () => {
    const op = operatorCtx(tdb.db, ente, operator);
    const { appointment } = await bookAppointment(op, { officeId: office.id, serviceId: service.id, startsAt: at(11, 8, 45), reason: "", name: "Anna Verdi", phone: "0501234567", bookingKey: randomUUID(), at: NOW });
    // Staff may book inside the citizens' notice window.
    expect(appointment).toMatchObject({ channel: "operator", bookedBy: operator.id, email: null });
    await expect(bookAppointment(operatorCtx(tdb.db, ente, outsider), { officeId: office.id, serviceId: service.id, startsAt: at(11, 9, 45), reason: "", name: "Anna Verdi", phone: "0501234567", bookingKey: randomUUID(), at: NOW })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(bookAppointment(op, { officeId: office.id, serviceId: service.id, startsAt: at(11, 9, 45), reason: "", name: "Anna Verdi", bookingKey: randomUUID(), at: NOW })).rejects.toMatchObject({ code: "request.invalid_input" });
    const partner = await createPartner(tdb.db, ente, [service.id]);
    const pctx: Ctx = { db: tdb.db, ente, actor: { kind: "partner", partnerId: partner.id } };
    const p = await bookAppointment(pctx, { officeId: office.id, serviceId: service.id, startsAt: at(18, 9), reason: "", name: "Luca Neri", email: "luca@example.org", bookingKey: randomUUID(), at: NOW });
    expect(p.appointment.channel).toBe("partner");
    const lonely = await createPartner(tdb.db, ente, []);
    await expect(bookAppointment({ db: tdb.db, ente, actor: { kind: "partner", partnerId: lonely.id } }, { officeId: office.id, serviceId: service.id, startsAt: at(18, 9, 15), reason: "", name: "Luca Neri", email: "luca@example.org", bookingKey: randomUUID(), at: NOW })).rejects.toBeInstanceOf(ForbiddenError);
    const page1 = await listAppointmentsPage(pctx, { limit: 3 });
    const rest = await listAppointmentsPage(pctx, { limit: 100, cursor: page1.nextCursor! });
    const all = [...page1.items, ...rest.items].map((i) => i.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain(p.appointment.id);
    expect(await listAppointmentsPage({ db: tdb.db, ente, actor: { kind: "partner", partnerId: lonely.id } }, { limit: 10 })).toEqual({ items: [], nextCursor: null });
  });
});

describe("after booking", () => {
  it("a request waits for approval; staff of the office approve or refuse with a message", async () => {
    const req = await guestBooking(approval, at(19, 9));
    expect(req.appointment.status).toBe("requested");
    await expect(approveAppointment(operatorCtx(tdb.db, ente, outsider), req.appointment.id, { at: NOW })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approveAppointment({ db: tdb.db, ente, actor: GUEST }, req.appointment.id, { at: NOW })).rejects.toBeInstanceOf(ForbiddenError);
    const ok = await approveAppointment(operatorCtx(tdb.db, ente, operator), req.appointment.id, { at: NOW });
    expect(ok.status).toBe("confirmed");
    await expect(approveAppointment(operatorCtx(tdb.db, ente, operator), req.appointment.id, { at: NOW })).rejects.toMatchObject({ code: "appointments.not_changeable" });
    const req2 = await guestBooking(approval, at(19, 9, 30));
    await expect(refuseAppointment(operatorCtx(tdb.db, ente, operator), req2.appointment.id, " ", { at: NOW })).rejects.toMatchObject({ code: "appointments.message_required" });
    const no = await refuseAppointment(operatorCtx(tdb.db, ente, operator), req2.appointment.id, "L'assistente sociale è assente quel giorno", { at: NOW });
    expect(no).toMatchObject({ status: "refused", message: "L'assistente sociale è assente quel giorno" });
    // The place is free again.
    expect((await guestBooking(approval, at(19, 9, 30))).appointment.seat).toBe(1);
  });

  it("staff cancel with a message; the citizen cancels and moves through the signed link; forged links find nothing", async () => {
    const op = operatorCtx(tdb.db, ente, operator);
    const a = await guestBooking(office, at(20, 9));
    await expect(cancelAppointment(op, a.appointment.id, "", { at: NOW })).rejects.toMatchObject({ code: "appointments.message_required" });
    const c = await cancelAppointment(op, a.appointment.id, "L'ufficio resterà chiuso per un guasto", { at: NOW });
    expect(c.status).toBe("cancelled");
    const b = await guestBooking(office, at(20, 9, 15));
    const token = manageToken(b.appointment.id);
    expect((await appointmentByLink(tdb.db, ente, token)).code).toBe(b.appointment.code);
    await expect(appointmentByLink(tdb.db, other, token)).rejects.toBeInstanceOf(NotFoundError);
    await expect(appointmentByLink(tdb.db, ente, `${b.appointment.id}.${"x".repeat(32)}`)).rejects.toBeInstanceOf(NotFoundError);
    const taken = await guestBooking(office, at(20, 10));
    await expect(moveByLink(tdb.db, ente, token, at(20, 10), { at: NOW })).rejects.toMatchObject({ code: "appointments.slot_taken" });
    await expect(moveByLink(tdb.db, ente, token, at(16, 10), { at: NOW })).rejects.toMatchObject({ code: "appointments.slot_unavailable" });
    const moved = await moveByLink(tdb.db, ente, token, at(20, 10, 15), { at: NOW });
    expect(moved).toMatchObject({ startsAt: at(20, 10, 15), version: 2, status: "confirmed" });
    expect(taken.appointment.seat).toBe(1);
    const cancelled = await cancelByLink(tdb.db, ente, token, { at: NOW });
    expect(cancelled.status).toBe("cancelled");
    await expect(cancelByLink(tdb.db, ente, token, { at: NOW })).rejects.toMatchObject({ code: "appointments.not_changeable" });
    const events = await tdb.db.select().from(appointmentEvents).where(eq(appointmentEvents.appointmentId, b.appointment.id));
    expect(events.map((e) => e.kind)).toEqual(["booked", "moved", "cancelled"]);
    await expect(tdb.db.delete(appointmentEvents).where(eq(appointmentEvents.appointmentId, b.appointment.id))).rejects.toThrow();
  });

  it("a no-show is marked only once the appointment has started", async () => {
    const op = operatorCtx(tdb.db, ente, operator);
    const a = await guestBooking(office, at(21, 9));
    await expect(markNoShow(op, a.appointment.id, { at: NOW })).rejects.toMatchObject({ code: "appointments.not_started" });
    expect((await markNoShow(op, a.appointment.id, { at: at(21, 9, 20) })).status).toBe("no_show");
  });

  it("the agenda shows the staff's offices by day; other people's bookings are not found", async () => {
    const op = operatorCtx(tdb.db, ente, operator);
    const week = await agenda(op, { from: "2027-01-11", days: 7 });
    expect(week.days).toHaveLength(7);
    expect(week.days[1]!.items.length).toBeGreaterThan(3);
    expect(week.days[1]!.items.every((i) => i.startsAt >= at(12, 0) && i.startsAt < at(13, 0))).toBe(true);
    await expect(agenda(operatorCtx(tdb.db, ente, outsider), { from: "2027-01-11", days: 1, officeId: office.id })).rejects.toBeInstanceOf(NotFoundError);
    const any = week.days[1]!.items[0]!;
    await expect(getAppointment(operatorCtx(tdb.db, ente, outsider), any.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getAppointment(citizenCtx(tdb.db, ente, citizen), any.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getAppointment(adminCtx(tdb.db, other, admin), any.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getAppointment(op, any.id)).events.length).toBeGreaterThan(0);
    const next = await nextFreeSlot({ db: tdb.db, ente }, office.id, NOW);
    expect(next!.startsAt).toEqual(at(11, 9));
  });
});

describe("emails", () => {
  let line: { sink: SmtpSink; mailer: SmtpMailer };
  beforeAll(async () => {
    line = await openMailLine();
  });
  afterAll(async () => {
    await closeMailLine(line);
  });

  it("sends the confirmation with the calendar file and the link; the reminder of a moved booking is dropped", async () => {
    const handler = createAppointmentHandler({ db: tdb.db, mailer: line.mailer, appUrl: "http://127.0.0.1:3999", mailFrom: "noreply@stanza.example" });
    const b = await guestBooking(office, at(22, 9));
    const rows = (await tdb.db.select().from(outbox).where(eq(outbox.topic, "appointment"))).filter((r) => r.payload.appointmentId === b.appointment.id);
    const booked = rows.find((r) => r.kind === "booked")!;
    const outcome = await handler(booked, NOW);
    expect(outcome.status).toBe("sent");
    const msg = line.sink.messages.at(-1)!;
    expect(msg.to).toEqual([b.appointment.email]);
    const parsed = await simpleParser(msg.raw);
    expect(parsed.subject).toContain("appuntamento confermato: 22/01/2027");
    expect(parsed.attachments.map((a) => a.contentType)).toEqual(["text/calendar"]);
    const raw = msg.raw.replace(/=\r?\n/g, "");
    expect(raw).toContain("text/calendar");
    const ics = Buffer.from(/Content-Type: text\/calendar[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(msg.raw)![1]!.replace(/\s+/g, ""), "base64").toString("utf8");
    expect(ics).toContain("BEGIN:VEVENT");
    expect(ics).toContain("DTSTART:20270122T080000Z");
    expect(ics).toContain(`UID:${b.appointment.id}@127.0.0.1:3999`);
    expect(raw).toContain(manageToken(b.appointment.id));
    expect(raw).not.toContain("Giulia");
    const reminder = rows.find((r) => r.kind === "reminder")!;
    await moveAppointment({ db: tdb.db, ente, actor: GUEST }, b.appointment.id, at(22, 9, 15), { at: NOW }).catch(() => undefined);
    await moveByLink(tdb.db, ente, manageToken(b.appointment.id), at(22, 9, 15), { at: NOW });
    expect((await handler(reminder, at(21, 10))).status).toBe("cancelled");
    const fresh = (await tdb.db.select().from(outbox).where(and(eq(outbox.topic, "appointment"), eq(outbox.kind, "reminder")))).filter((r) => r.payload.appointmentId === b.appointment.id && r.id !== reminder.id);
    expect(fresh).toHaveLength(1);
    // 21:00 is inside the quiet hours: the reminder waits for the morning.
    const late = await handler(fresh[0]!, at(21, 21));
    expect(late.status).toBe("deferred");
    expect((await handler(fresh[0]!, at(21, 10))).status).toBe("sent");
    // The booking's page offers the same calendar file, now at the new time; a forged token gets nothing.
    const file = await calendarFileByLink(tdb.db, ente, manageToken(b.appointment.id), "http://127.0.0.1:3999");
    expect(file.filename).toBe(`${b.appointment.code}.ics`);
    expect(file.ics).toContain("DTSTART:20270122T081500Z");
    expect(file.ics).toContain("SEQUENCE:2");
    await expect(calendarFileByLink(tdb.db, ente, "nope", "http://x")).rejects.toBeInstanceOf(NotFoundError);
    expect((await simpleParser(line.sink.messages.at(-1)!.raw)).subject).toContain("promemoria");
  });
});
