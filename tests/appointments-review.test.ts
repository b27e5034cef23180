process.env.AUTH_SECRET ??= "a".repeat(40);
process.env.APP_URL ??= "http://127.0.0.1:3999";

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { appointmentEvents, type Ente, type Office, type Service, type User } from "@/db/schema";
import { bookAppointment, GUEST } from "@/lib/appointments/book";
import { approveAppointment, cancelAppointment, moveAppointment } from "@/lib/appointments/manage";
import { createOffice, updateOffice, type OfficeInput } from "@/lib/appointments/offices";
import { agenda, listAppointmentsPage } from "@/lib/appointments/queries";
import { availability } from "@/lib/appointments/slots";
import type { Ctx } from "@/lib/context";
import { ValidationError } from "@/lib/errors";
import { weekToShow } from "@/lib/portal/booking-wizard";
import { dayParam } from "@/app/(operator)/[ente]/operatori/agenda/days";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { APPOINTMENTS_NOW, january2027, officeInput } from "./helpers/appointments";
import { adminCtx, citizenCtx, createCitizen, createEnte, createPartner, createService, createStaff, operatorCtx } from "./helpers/fixtures";

/** Review of the appointments feature: the defects found, each pinned by a test that failed before its fix. */

const base = (over: Partial<OfficeInput> = {}): OfficeInput => officeInput({ capacity: 2, ...over });
const NOW = APPOINTMENTS_NOW;
const at = january2027;

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let service: Service;
let otherService: Service;
let office: Office;
let otherOffice: Office;
let citizen: User;
let stranger: User;
let operator: User;
let adm: Ctx;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  other = await createEnte(tdb.db);
  service = await createService(tdb.db, ente, { bookingOnly: true });
  otherService = await createService(tdb.db, other, { bookingOnly: true });
  const admin = await createStaff(tdb.db, ente, "admin");
  operator = await createStaff(tdb.db, ente, "operator", [service.id]);
  adm = adminCtx(tdb.db, ente, admin);
  office = await createOffice(adm, base({ serviceIds: [service.id], operatorIds: [operator.id] }));
  const otherAdmin = await createStaff(tdb.db, other, "admin");
  otherOffice = await createOffice(adminCtx(tdb.db, other, otherAdmin), base({ serviceIds: [otherService.id] }));
  citizen = await createCitizen(tdb.db, { givenName: "Mario", familyName: "Rossi", name: "Mario Rossi" });
  stranger = await createCitizen(tdb.db, { givenName: "Luca", familyName: "Neri", name: "Luca Neri" });
});

afterAll(async () => {
  await tdb?.close();
});

describe("the booking form's one-time key returns only the booker's own booking", () => {
  it("a key already used in another ente does not hand out that ente's booking", async () => {
    const key = randomUUID();
    const first = await bookAppointment({ db: tdb.db, ente, actor: GUEST }, { officeId: office.id, serviceId: service.id, startsAt: at(12, 9), reason: "", name: "Giulia Bianchi", email: "giulia@example.org", bookingKey: key, at: NOW });
    const again = bookAppointment({ db: tdb.db, ente: other, actor: GUEST }, { officeId: otherOffice.id, serviceId: otherService.id, startsAt: at(12, 9), reason: "", name: "Eva Gialli", email: "eva@example.org", bookingKey: key, at: NOW });
    await expect(again).rejects.toBeInstanceOf(ValidationError);
    await expect(again).rejects.toMatchObject({ fieldErrors: [{ path: "bookingKey" }] });
    expect(first.duplicate).toBe(false);
  });

  it("another citizen, an operator or a partner sending a citizen's key gets nothing of that booking", async () => {
    const key = randomUUID();
    const mine = await bookAppointment(citizenCtx(tdb.db, ente, citizen), { officeId: office.id, serviceId: service.id, startsAt: at(12, 10), reason: "", bookingKey: key, at: NOW });
    await expect(bookAppointment(citizenCtx(tdb.db, ente, stranger), { officeId: office.id, serviceId: service.id, startsAt: at(12, 11), reason: "", bookingKey: key, at: NOW })).rejects.toMatchObject({ code: "request.invalid_input" });
    await expect(
      bookAppointment(operatorCtx(tdb.db, ente, operator), { officeId: office.id, serviceId: service.id, startsAt: at(12, 11), reason: "", name: "Anna Verdi", phone: "0501234567", bookingKey: key, at: NOW }),
    ).rejects.toMatchObject({ code: "request.invalid_input" });
    const partner = await createPartner(tdb.db, ente, [service.id]);
    await expect(
      bookAppointment({ db: tdb.db, ente, actor: { kind: "partner", partnerId: partner.id } }, { officeId: office.id, serviceId: service.id, startsAt: at(12, 11), reason: "", name: "Anna Verdi", phone: "0501234567", bookingKey: key, at: NOW }),
    ).rejects.toMatchObject({ code: "request.invalid_input" });
    // The same citizen sending the form again still gets the first booking back.
    const again = await bookAppointment(citizenCtx(tdb.db, ente, citizen), { officeId: office.id, serviceId: service.id, startsAt: at(12, 10), reason: "", bookingKey: key, at: NOW });
    expect(again).toMatchObject({ duplicate: true, appointment: { id: mine.appointment.id } });
  });
});

describe("days out of range are a validation error, never a crash", () => {
  it("availability, the agenda and the partner list refuse a range past the year 9999", async () => {
    const guest = { db: tdb.db, ente, actor: GUEST };
    await expect(availability(guest, office.id, { from: "9999-12-27", days: 7, at: NOW })).rejects.toBeInstanceOf(ValidationError);
    await expect(agenda(adm, { from: "9999-12-31", days: 1 })).rejects.toBeInstanceOf(ValidationError);
    const partner = await createPartner(tdb.db, ente, [service.id]);
    await expect(listAppointmentsPage({ db: tdb.db, ente, actor: { kind: "partner", partnerId: partner.id } }, { limit: 10, to: "9999-12-31" })).rejects.toBeInstanceOf(ValidationError);
    // A normal range still works.
    const days = await availability(guest, office.id, { from: "2027-01-11", days: 7, at: NOW });
    expect(days).toHaveLength(7);
  });

  it("the week shown by the booking pages is a real Monday between today and the last bookable day", () => {
    expect(weekToShow("2027-13-45", "2027-01-13", "2027-03-01")).toBe("2027-01-11");
    expect(weekToShow("9999-12-31", "2027-01-13", "2027-03-01")).toBe("2027-03-01");
    expect(weekToShow("2026-12-01", "2027-01-13", "2027-03-01")).toBe("2027-01-11");
    expect(weekToShow("2027-02-04", "2027-01-13", "2027-03-01")).toBe("2027-02-01");
    expect(weekToShow(undefined, "2027-01-13", "2027-03-01")).toBe("2027-01-11");
  });

  it("the agenda's day in the address is today when it is not a day the agenda can show", () => {
    expect(dayParam("9999-12-31", "Europe/Rome", NOW)).toEqual({ day: "2027-01-11", today: "2027-01-11" });
    expect(dayParam("2027-02-03", "Europe/Rome", NOW)).toEqual({ day: "2027-02-03", today: "2027-01-11" });
  });
});

describe("a slot never holds more people than the office's capacity", () => {
  it("after the capacity is lowered, a freed low seat is not a free place while the high seats still hold", async () => {
    const desk = await createOffice(adm, base({ name: "Sportello unico", capacity: 2, serviceIds: [service.id], operatorIds: [operator.id] }));
    const guest = { db: tdb.db, ente, actor: GUEST };
    const book = (startsAt: Date, n: number) =>
      bookAppointment(guest, { officeId: desk.id, serviceId: service.id, startsAt, reason: "", name: "Ospite Prova", email: `ospite${n}@example.org`, bookingKey: randomUUID(), at: NOW });
    const first = await book(at(14, 9), 1);
    const second = await book(at(14, 9), 2);
    expect([first.appointment.seat, second.appointment.seat]).toEqual([1, 2]);
    await updateOffice(adm, desk.id, base({ name: "Sportello unico", capacity: 1, serviceIds: [service.id], operatorIds: [operator.id] }));
    await cancelAppointment(adm, first.appointment.id, "Sportello ridotto", { at: NOW });
    // One person (seat 2) still holds the one-place slot: the office shows it full, and it is.
    const [day] = await availability(guest, desk.id, { from: "2027-01-14", days: 1, at: NOW });
    expect(day!.slots.find((s) => s.startsAt.getTime() === at(14, 9).getTime())).toMatchObject({ free: 0, capacity: 1 });
    await expect(book(at(14, 9), 3)).rejects.toMatchObject({ code: "appointments.slot_taken" });
    const elsewhere = await book(at(14, 10), 4);
    await expect(moveAppointment(adm, elsewhere.appointment.id, at(14, 9), { at: NOW })).rejects.toMatchObject({ code: "appointments.slot_taken" });
  });
});

describe("a request is approved only while its time is ahead", () => {
  it("approving a request whose time has come is refused, and nothing is written", async () => {
    const desk = await createOffice(adm, base({ name: "Servizi sociali", needsApproval: true, serviceIds: [service.id], operatorIds: [operator.id] }));
    const req = await bookAppointment({ db: tdb.db, ente, actor: GUEST }, { officeId: desk.id, serviceId: service.id, startsAt: at(12, 9), reason: "", name: "Ospite Prova", email: "richiesta@example.org", bookingKey: randomUUID(), at: NOW });
    expect(req.appointment.status).toBe("requested");
    const op = operatorCtx(tdb.db, ente, operator);
    const events = () => tdb.db.select().from(appointmentEvents).where(eq(appointmentEvents.appointmentId, req.appointment.id));
    const before = (await events()).length;
    await expect(approveAppointment(op, req.appointment.id, { at: at(12, 9, 5) })).rejects.toMatchObject({ code: "appointments.past" });
    expect((await events()).length).toBe(before);
    // Before its time it is approved as usual.
    const ok = await approveAppointment(op, req.appointment.id, { at: at(12, 8) });
    expect(ok).toMatchObject({ status: "confirmed", version: 2 });
  });
});
