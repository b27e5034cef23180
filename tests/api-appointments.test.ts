import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appointments, idempotencyKeys, officeServices, offices, outbox, partnerServices, partners, type Ente, type Office, type Service } from "@/db/schema";
import type { Db } from "@/db/client";
import { WEBHOOK_EVENTS } from "@/lib/admin/partners";
import { APPOINTMENT_WEBHOOK_EVENTS, appointmentCreateBodySchema } from "@/lib/api/appointment-schemas";
import { partnerBookingKey } from "@/lib/api/appointments";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { buildWebhookBody, deliverWebhook } from "@/lib/api/webhooks";
import { bookAppointment } from "@/lib/appointments/book";
import type { TestDatabase } from "./helpers/db";
import { call, closeApiTest, json, openApiTest, setTestApiDeps, type ApiWorld } from "./helpers/api";
import { adminCtx, submittedPratica } from "./helpers/fixtures";

/**
 * The appointments of the partner API (/api/v1.0/{partner}/appuntamenti, /uffici): called as Next calls the route
 * handlers, on a real database, with the appointments core underneath.
 */
// The manage links of the confirmations are signed with the app's secret.
process.env.AUTH_SECRET ??= "a".repeat(40);

let tdb: TestDatabase;
let w: ApiWorld;
let office: Office;
let hiddenOffice: Office;
let otherEnteOffice: Office;

type Obj = Record<string, unknown>;
type SlotJson = { starts_at: string; ends_at: string; start_time: string; free: number; capacity: number };
type AvailabilityJson = { office: { id: string }; time_zone: string; days: { day: string; closed: string | null; slots: SlotJson[] }[] };
type AppointmentJson = {
  id: string;
  code: string;
  status: string;
  channel: string;
  office: { id: string; name: string };
  service: { id: string; slug: string };
  starts_at: string;
  ends_at: string;
  day: string;
  start_time: string;
  contact: { name: string; email: string | null; phone: string | null; fiscal_code: string | null };
  pratica: { id: string; number: string | null } | null;
  url: string;
  events?: { kind: string }[];
};
type Problem = { status: number; code: string; reason?: string; errors?: { path: string }[] };

const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: "07:00", to: "21:00" }));

async function createOffice(db: Db, ente: Ente, svc: Service[], overrides: Partial<typeof offices.$inferInsert> = {}): Promise<Office> {
  const [row] = await db
    .insert(offices)
    .values({ enteId: ente.id, name: `Sportello ${svc[0]?.slug ?? ""}`, address: "Piazza del Municipio 1", openingHours: ALL_WEEK, slotMinutes: 30, capacity: 1, horizonDays: 30, minNoticeHours: 0, ...overrides })
    .returning();
  if (!row) throw new Error("office");
  await db.insert(officeServices).values(svc.map((s) => ({ officeId: row.id, serviceId: s.id, enteId: ente.id })));
  return row;
}

const base = () => `/api/v1.0/${w.partner.slug}`;
const get = (path: string, auth = w.auth) => call(path, { auth });
const post = (path: string, body: unknown, key?: string, auth = w.auth) => call(path, { auth, json: body, headers: key ? { "idempotency-key": key } : {} });

async function expectProblem(res: Response, status: number): Promise<Problem> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return JSON.parse(text) as Problem;
}

/** Free slots of the office as the partner sees them, over the next 10 days. */
async function freeSlots(officeId = office.id, auth = w.auth, partnerSlug = w.partner.slug): Promise<SlotJson[]> {
  const res = await get(`/api/v1.0/${partnerSlug}/uffici/${officeId}/disponibilita?days=10`, auth);
  const body = await json<AvailabilityJson>(res);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.days.flatMap((d) => d.slots.filter((s) => s.free > 0));
}

let keyN = 0;
const newKey = () => `appt-${Date.now()}-${++keyN}`;

function bookingBody(slot: SlotJson, extra: Obj = {}): Obj {
  return { office: office.id, service: w.service.slug, starts_at: slot.starts_at, reason: "Ritiro della carta d'identità", name: "Mario Rossi", email: "mario.rossi@example.com", phone: "+39 333 1234567", fiscal_code: "rssmra80a01h501u", ...extra };
}

async function book(slotIndex: number, extra: Obj = {}): Promise<AppointmentJson> {
  const slots = await freeSlots();
  const slot = slots[slotIndex % slots.length];
  if (!slot) throw new Error("no free slot");
  const res = await post(`${base()}/appuntamenti`, bookingBody(slot, extra), newKey());
  const body = await json<AppointmentJson>(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

const appointmentCount = async () => Number((await tdb.db.select({ n: count() }).from(appointments))[0]?.n ?? 0);

beforeAll(async () => {
  ({ tdb, w } = await openApiTest());
  await tdb.db.update(partners).set({ webhookUrl: "https://partner.example/hook", webhookSecret: "segreto-webhook", webhookEvents: [] }).where(eq(partners.id, w.partner.id));
  office = await createOffice(tdb.db, w.ente, [w.service, w.notEnabled], { name: "Ufficio anagrafe" });
  hiddenOffice = await createOffice(tdb.db, w.ente, [w.notEnabled], { name: "Ufficio tributi" });
  otherEnteOffice = await createOffice(tdb.db, w.otherEnte, [w.otherService], { name: "Anagrafe altrove" });
});
beforeEach(() => setTestApiDeps(tdb.db));
afterAll(() => closeApiTest(tdb));

describe("offices and availability", () => {
  it("lists the offices serving the partner's services, with only those services", async () => {
    const res = await get(`${base()}/uffici`);
    const body = await json<{ data: { id: string; name: string; services: { slug: string }[]; opening_hours: unknown[]; time_zone: string }[] }>(res);
    expect(res.status).toBe(200);
    expect(body.data.map((o) => o.id)).toEqual([office.id]);
    expect(body.data[0]?.services.map((s) => s.slug)).toEqual([w.service.slug]);
    expect(body.data[0]).toMatchObject({ name: "Ufficio anagrafe", time_zone: "Europe/Rome" });
    expect(body.data[0]?.opening_hours).toHaveLength(7);

    expect(await json(await get(`${base()}/uffici/${office.id}`))).toMatchObject({ id: office.id, slot_minutes: 30, capacity: 1 });
    for (const id of [hiddenOffice.id, otherEnteOffice.id, "00000000-0000-4000-8000-000000000000", "non-un-id"]) {
      await expectProblem(await get(`${base()}/uffici/${id}`), 404);
      await expectProblem(await get(`${base()}/uffici/${id}/disponibilita`), 404);
    }
  });

  it("gives the free slots day by day, with ISO times and the wall clock", async () => {
    const res = await get(`${base()}/uffici/${office.id}/disponibilita?days=3`);
    const body = await json<AvailabilityJson>(res);
    expect(res.status).toBe(200);
    expect(body.days).toHaveLength(3);
    expect(body.time_zone).toBe("Europe/Rome");
    const slot = body.days.flatMap((d) => d.slots)[0];
    if (!slot) throw new Error("no slot in three days");
    expect(slot.starts_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(slot.start_time).toMatch(/^(0[7-9]|1\d|20):(00|30)$/);
    expect(new Date(slot.ends_at).getTime() - new Date(slot.starts_at).getTime()).toBe(30 * 60_000);
    expect(slot).toMatchObject({ capacity: 1 });

    const from = body.days[1]?.day ?? "";
    const later = await json<AvailabilityJson>(await get(`${base()}/uffici/${office.id}/disponibilita?from=${from}&days=1`));
    expect(later.days.map((d) => d.day)).toEqual([from]);

    for (const q of ["days=0", "days=32", "days=abc", "from=2026-02-30", "from=ieri"]) await expectProblem(await get(`${base()}/uffici/${office.id}/disponibilita?${q}`), 422);
  });
});

describe("booking", () => {
  it("books a free slot: 201, Location, the booking as the partner sees it, and a webhook without personal data", async () => {
    const [slot] = await freeSlots();
    if (!slot) throw new Error("no free slot");
    const res = await post(`${base()}/appuntamenti`, bookingBody(slot), newKey());
    const a = await json<AppointmentJson>(res);
    expect(res.status, JSON.stringify(a)).toBe(201);
    expect(res.headers.get("location")).toBe(`${base()}/appuntamenti/${a.id}`);
    expect(a).toMatchObject({
      status: "confirmed",
      channel: "partner",
      office: { id: office.id, name: "Ufficio anagrafe" },
      service: { id: w.service.id, slug: w.service.slug },
      starts_at: new Date(slot.starts_at).toISOString(),
      start_time: slot.start_time,
      contact: { name: "Mario Rossi", email: "mario.rossi@example.com", phone: "+39 333 1234567", fiscal_code: "RSSMRA80A01H501U" },
      pratica: null,
      url: `${base()}/appuntamenti/${a.id}`,
    });
    expect(a.code).toMatch(/^APP-\d{4}-\d{6}$/);
    expect(a.events?.map((e) => e.kind)).toEqual(["booked"]);

    // The place is gone from the availability.
    expect((await freeSlots()).map((s) => s.starts_at)).not.toContain(slot.starts_at);
    // The detail answers the same.
    expect(await json(await get(`${base()}/appuntamenti/${a.id}`))).toMatchObject({ id: a.id, code: a.code, status: "confirmed" });

    // The core queued appointment.booked for the partner; its body names the booking and carries no personal data.
    const [row] = await tdb.db.select().from(outbox).where(and(eq(outbox.topic, "webhook"), eq(outbox.kind, "appointment.booked"), sql`${outbox.payload}->>'appointmentId' = ${a.id}`));
    if (!row) throw new Error("no webhook row");
    expect(row.payload).toMatchObject({ partnerId: w.partner.id, event: "appointment.booked", appointmentId: a.id });
    const hook = await buildWebhookBody(tdb.db, row, w.partner.slug, w.ente.slug, "https://stanza.example");
    expect(hook).toMatchObject({
      type: "appointment.booked",
      event: "appointment.booked",
      ente: w.ente.slug,
      pratica: null,
      appointment: {
        id: a.id,
        code: a.code,
        status: "confirmed",
        office: { id: office.id, name: "Ufficio anagrafe" },
        service: { slug: w.service.slug, name: w.service.name },
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        url: `https://stanza.example${base()}/appuntamenti/${a.id}`,
      },
      data: { event: "appointment.booked", appointmentId: a.id },
    });
    const text = JSON.stringify(hook);
    for (const personal of ["Mario", "Rossi", "mario.rossi@example.com", "333 1234567", "3331234567", "RSSMRA80A01H501U", "carta d'identità"]) expect(text).not.toContain(personal);
  });

  it("the same Idempotency-Key is the same booking: replayed, nothing booked twice", async () => {
    const [slot] = await freeSlots();
    if (!slot) throw new Error("no free slot");
    const key = newKey();
    const first = await post(`${base()}/appuntamenti`, bookingBody(slot), key);
    const a = await json<AppointmentJson>(first);
    expect(first.status).toBe(201);
    const before = await appointmentCount();
    const again = await post(`${base()}/appuntamenti`, bookingBody(slot), key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await json<AppointmentJson>(again)).id).toBe(a.id);
    // The same key with another body is refused.
    await expectProblem(await post(`${base()}/appuntamenti`, bookingBody(slot, { reason: "Altro" }), key), 422);
    expect(await appointmentCount()).toBe(before);
    // The booking key comes from the Idempotency-Key and the booking: once the stored answer is gone, the same
    // request still finds the same booking (200, nothing new), while the key reused for another booking books that.
    const [row] = await tdb.db.select({ bookingKey: appointments.bookingKey }).from(appointments).where(eq(appointments.id, a.id));
    const sent = appointmentCreateBodySchema.parse(bookingBody(slot));
    expect(row?.bookingKey).toBe(partnerBookingKey(w.partner.id, key, sent));
    expect(partnerBookingKey(w.partner.id, key, sent)).not.toBe(partnerBookingKey(w.otherPartner.id, key, sent));
    await tdb.db.delete(idempotencyKeys).where(eq(idempotencyKeys.partnerId, w.partner.id));
    const late = await post(`${base()}/appuntamenti`, bookingBody(slot), key);
    expect(late.status).toBe(200);
    expect(late.headers.get("idempotent-replayed")).toBeNull();
    expect((await json<AppointmentJson>(late)).id).toBe(a.id);
    expect(await appointmentCount()).toBe(before);
    const [other] = (await freeSlots()).filter((x) => x.starts_at !== slot.starts_at);
    if (!other) throw new Error("no other slot");
    expect((await post(`${base()}/appuntamenti`, bookingBody(other), key)).status).toBe(422);
    await tdb.db.delete(idempotencyKeys).where(eq(idempotencyKeys.partnerId, w.partner.id));
    expect((await post(`${base()}/appuntamenti`, bookingBody(other), key)).status).toBe(201);
  });

  it("a slot taken meanwhile is 409 problem+json; a time that is no bookable slot 422", async () => {
    const [slot] = await freeSlots();
    if (!slot) throw new Error("no free slot");
    expect((await post(`${base()}/appuntamenti`, bookingBody(slot), newKey())).status).toBe(201);
    const before = await appointmentCount();
    const taken = await expectProblem(await post(`${base()}/appuntamenti`, bookingBody(slot, { name: "Luigi Verdi" }), newKey()), 409);
    expect(taken.reason).toBe("appointments.slot_taken");

    const off = new Date(new Date(slot.starts_at).getTime() + 7 * 60_000).toISOString();
    const unavailable = await expectProblem(await post(`${base()}/appuntamenti`, bookingBody(slot, { starts_at: off }), newKey()), 422);
    expect(unavailable.reason).toBe("appointments.slot_unavailable");
    expect(unavailable.errors?.map((e) => e.path)).toContain("starts_at");
    const past = await expectProblem(await post(`${base()}/appuntamenti`, bookingBody(slot, { starts_at: "2020-01-06T09:00:00+01:00" }), newKey()), 422);
    expect(past.reason).toBe("appointments.slot_unavailable");
    expect(await appointmentCount()).toBe(before);
  });

  it("refuses bad input with 400/422 problems naming the fields, and writes nothing", async () => {
    const [slot] = await freeSlots();
    if (!slot) throw new Error("no free slot");
    const before = await appointmentCount();
    const fields = async (body: Obj) => (await expectProblem(await post(`${base()}/appuntamenti`, body), 422)).errors?.map((e) => e.path) ?? [];
    const { name: _n, ...noName } = bookingBody(slot);
    expect(await fields(noName)).toContain("name");
    expect(await fields(bookingBody(slot, { starts_at: slot.starts_at.replace("Z", "") }))).toContain("starts_at");
    expect(await fields(bookingBody(slot, { email: "non-una-email" }))).toContain("email");
    expect(await fields(bookingBody(slot, { fiscal_code: "123" }))).toContain("fiscal_code");
    expect(await fields(bookingBody(slot, { office: "ufficio" }))).toContain("office");
    expect(await fields(bookingBody(slot, { note: "campo sconosciuto" }))).toEqual(expect.arrayContaining([expect.stringContaining("note")]));
    // Neither email nor phone: the core asks for a contact.
    const { email: _e, phone: _p, ...noContact } = bookingBody(slot);
    expect((await fields(noContact)).length).toBeGreaterThan(0);
    await expectProblem(await call(`${base()}/appuntamenti`, { auth: w.auth, rawBody: "{", headers: { "content-type": "application/json" } }), 400);
    await expectProblem(await call(`${base()}/appuntamenti`, { auth: w.auth, rawBody: "{}", headers: { "content-type": "text/plain" } }), 415);

    // Services and offices the partner may not use.
    await expectProblem(await post(`${base()}/appuntamenti`, bookingBody(slot, { service: w.notEnabled.slug })), 403);
    await expectProblem(await post(`${base()}/appuntamenti`, bookingBody(slot, { service: w.otherService.slug })), 404);
    await expectProblem(await post(`${base()}/appuntamenti`, bookingBody(slot, { service: "non-esiste" })), 404);
    await expectProblem(await post(`${base()}/appuntamenti`, bookingBody(slot, { office: otherEnteOffice.id })), 404);
    await expectProblem(await post(`${base()}/appuntamenti`, bookingBody(slot, { office: hiddenOffice.id })), 404);
    await expectProblem(await post(`${base()}/appuntamenti`, bookingBody(slot, { office: "00000000-0000-4000-8000-000000000000" })), 404);
    // A pratica of another ente is not found.
    const foreign = await submittedPratica(tdb.db, w.otherEnte, w.otherService, w.citizen);
    await expectProblem(await post(`${base()}/appuntamenti`, bookingBody(slot, { pratica: foreign.id })), 404);
    expect(await appointmentCount()).toBe(before);
  });

  it("of two bookings of the last place at once, one wins and the other is told 409", async () => {
    const slots = await freeSlots();
    const slot = slots[Math.floor(slots.length / 2)];
    if (!slot) throw new Error("no free slot");
    const [a, b] = await Promise.all([
      post(`${base()}/appuntamenti`, bookingBody(slot, { name: "Prima Persona" }), newKey()),
      post(`${base()}/appuntamenti`, bookingBody(slot, { name: "Seconda Persona" }), newKey()),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect(((await loser.json()) as Problem).reason).toBe("appointments.slot_taken");
    const [row] = await tdb.db.select({ n: count() }).from(appointments).where(and(eq(appointments.officeId, office.id), eq(appointments.startsAt, new Date(slot.starts_at)), eq(appointments.status, "confirmed")));
    expect(row?.n).toBe(1);
  });

  it("at an office that approves bookings, the partner's booking waits as requested", async () => {
    const approving = await createOffice(tdb.db, w.ente, [w.service], { name: "Ufficio con approvazione", needsApproval: true });
    const [slot] = await freeSlots(approving.id);
    if (!slot) throw new Error("no free slot");
    const res = await post(`${base()}/appuntamenti`, bookingBody(slot, { office: approving.id }), newKey());
    const a = await json<AppointmentJson>(res);
    expect(res.status, JSON.stringify(a)).toBe(201);
    expect(a).toMatchObject({ status: "requested", office: { id: approving.id } });
    expect(a.events?.map((e) => e.kind)).toEqual(["requested"]);
    const hooks = await tdb.db.select().from(outbox).where(and(eq(outbox.kind, "appointment.booked"), sql`${outbox.payload}->>'appointmentId' = ${a.id}`));
    expect(hooks).toHaveLength(1);
  });

  it("needs the partner's credentials, for its own path", async () => {
    const [slot] = await freeSlots();
    if (!slot) throw new Error("no free slot");
    for (const path of [`${base()}/appuntamenti`, `${base()}/uffici`, `${base()}/uffici/${office.id}/disponibilita`]) {
      await expectProblem(await call(path, { auth: null }), 401);
      await expectProblem(await call(path, { auth: w.otherAuth }), 403);
    }
    await expectProblem(await call(`${base()}/appuntamenti`, { auth: null, json: bookingBody(slot) }), 401);
  });

  it("ties a booking to a pratica of the partner's service", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Con appuntamento" });
    const a = await book(3, { pratica: p.id });
    expect(a.pratica).toEqual({ id: p.id, number: p.numero });
  });
});

describe("cancelling", () => {
  it("cancels with a message: 200, the place is free again, appointment.cancelled is queued; again is a 4xx", async () => {
    const a = await book(5);
    const res = await post(`${base()}/appuntamenti/${a.id}/cancel`, { message: "Il cittadino ha telefonato" }, newKey());
    const body = await json<AppointmentJson & { message: string | null; cancelled_at: string | null }>(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ id: a.id, status: "cancelled", message: "Il cittadino ha telefonato" });
    expect(body.cancelled_at).toBeTruthy();
    expect((await freeSlots()).map((s) => s.starts_at)).toContain(a.starts_at);

    const [row] = await tdb.db.select().from(outbox).where(and(eq(outbox.kind, "appointment.cancelled"), sql`${outbox.payload}->>'appointmentId' = ${a.id}`));
    if (!row) throw new Error("no cancel webhook");
    expect(await buildWebhookBody(tdb.db, row, w.partner.slug, w.ente.slug)).toMatchObject({ type: "appointment.cancelled", appointment: { id: a.id, status: "cancelled" } });

    const again = await expectProblem(await post(`${base()}/appuntamenti/${a.id}/cancel`, { message: "Ancora" }), 409);
    expect(again.reason).toMatch(/^appointments\./);
    await expectProblem(await post(`${base()}/appuntamenti/00000000-0000-4000-8000-000000000000/cancel`, {}), 404);
    await expectProblem(await post(`${base()}/appuntamenti/x/cancel`, {}), 404);
    await expectProblem(await post(`${base()}/appuntamenti/${a.id}/cancel`, { message: 5 }), 422);
  });
});

describe("moving", () => {
  it("moves to another free slot: 200, appointment.changed queued; a taken slot 409, a closed time 422", async () => {
    const a = await book(9);
    const slots = (await freeSlots()).filter((s) => s.starts_at !== a.starts_at);
    const [to, other] = slots;
    if (!to || !other) throw new Error("no free slots");
    const res = await post(`${base()}/appuntamenti/${a.id}/move`, { starts_at: to.starts_at }, newKey());
    const moved = await json<AppointmentJson>(res);
    expect(res.status, JSON.stringify(moved)).toBe(200);
    expect(moved).toMatchObject({ id: a.id, code: a.code, status: "confirmed", starts_at: to.starts_at, start_time: to.start_time });
    expect(moved.events?.map((e) => e.kind)).toEqual(["booked", "moved"]);
    const [row] = await tdb.db.select().from(outbox).where(and(eq(outbox.kind, "appointment.changed"), sql`${outbox.payload}->>'appointmentId' = ${a.id}`));
    if (!row) throw new Error("no changed webhook");
    expect(await buildWebhookBody(tdb.db, row, w.partner.slug, w.ente.slug)).toMatchObject({ type: "appointment.changed", appointment: { id: a.id, starts_at: to.starts_at } });

    const b = await book(0);
    const taken = await expectProblem(await post(`${base()}/appuntamenti/${a.id}/move`, { starts_at: b.starts_at }), 409);
    expect(taken.reason).toBe("appointments.slot_taken");
    const closed = await expectProblem(await post(`${base()}/appuntamenti/${a.id}/move`, { starts_at: "2020-01-06T09:00:00+01:00" }), 422);
    expect(closed.errors?.map((e) => e.path)).toContain("starts_at");
    await expectProblem(await post(`${base()}/appuntamenti/${a.id}/move`, { starts_at: other.starts_at, extra: 1 }), 422);
    await expectProblem(await post(`${base()}/appuntamenti/00000000-0000-4000-8000-000000000000/move`, { starts_at: other.starts_at }), 404);
  });
});

describe("what a partner sees", () => {
  it("not the appointments of services it is not enabled on, nor another ente's", async () => {
    const slots = await freeSlots();
    const slot = slots[slots.length - 1];
    if (!slot) throw new Error("no free slot");
    // Booked by the ente's admin for a service the partner is not enabled on, at the same office.
    const { appointment: hidden } = await bookAppointment(adminCtx(tdb.db, w.ente, w.admin), {
      officeId: office.id,
      serviceId: w.notEnabled.id,
      startsAt: new Date(slot.starts_at),
      reason: "Tributi",
      name: "Anna Bianchi",
      phone: "0501234567",
      bookingKey: crypto.randomUUID(),
    });
    await expectProblem(await get(`${base()}/appuntamenti/${hidden.id}`), 404);
    await expectProblem(await post(`${base()}/appuntamenti/${hidden.id}/cancel`, {}), 404);

    // Another ente's partner books at its own office; this partner does not see it, and cannot use that path.
    const [otherSlot] = await freeSlots(otherEnteOffice.id, w.otherAuth, w.otherPartner.slug);
    if (!otherSlot) throw new Error("no slot at the other ente");
    const res = await post(
      `/api/v1.0/${w.otherPartner.slug}/appuntamenti`,
      { office: otherEnteOffice.id, service: w.otherService.slug, starts_at: otherSlot.starts_at, reason: "Altrove", name: "Carla Neri", email: "carla@example.com" },
      newKey(),
      w.otherAuth,
    );
    const foreign = await json<AppointmentJson>(res);
    expect(res.status, JSON.stringify(foreign)).toBe(201);
    await expectProblem(await get(`${base()}/appuntamenti/${foreign.id}`), 404);
    await expectProblem(await post(`${base()}/appuntamenti/${foreign.id}/cancel`, {}), 404);
    await expectProblem(await post(`${base()}/appuntamenti/${foreign.id}/move`, { starts_at: otherSlot.starts_at }), 404);
    await expectProblem(await post(`${base()}/appuntamenti/${hidden.id}/move`, { starts_at: slot.starts_at }), 404);
    await expectProblem(await get(`/api/v1.0/${w.otherPartner.slug}/appuntamenti/${foreign.id}`), 403);

    const mine = await listAll(100);
    expect(mine.map((a) => a.id)).not.toContain(hidden.id);
    expect(mine.map((a) => a.id)).not.toContain(foreign.id);
    expect(mine.every((a) => a.service.slug === w.service.slug)).toBe(true);
  });
});

async function listAll(limit: number, query = ""): Promise<AppointmentJson[]> {
  const out: AppointmentJson[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const res = await get(`${base()}/appuntamenti?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    const page = await json<{ data: AppointmentJson[]; next_cursor: string | null }>(res);
    expect(res.status, JSON.stringify(page)).toBe(200);
    expect(page.data.length).toBeLessThanOrEqual(limit);
    out.push(...page.data);
    cursor = page.next_cursor;
    if (!cursor) return out;
  }
  throw new Error("no end of pages");
}

describe("listing", () => {
  it("pages with the cursor without overlap or gap, and filters by day, status and office", async () => {
    for (let i = 0; i < 4; i++) await book(i * 2 + 1);
    const all = await listAll(100);
    expect(all.length).toBeGreaterThanOrEqual(8);
    const paged = await listAll(3);
    expect(paged.map((a) => a.id)).toEqual(all.map((a) => a.id));
    expect(new Set(paged.map((a) => a.id)).size).toBe(paged.length);

    const cancelled = await listAll(100, "&status=cancelled");
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.every((a) => a.status === "cancelled")).toBe(true);
    const atOffice = await listAll(100, `&ufficio=${office.id}`);
    expect(atOffice.map((a) => a.id)).toEqual(all.filter((a) => a.office.id === office.id).map((a) => a.id));
    expect(atOffice.length).toBeLessThan(all.length);
    expect(await listAll(100, `&ufficio=${otherEnteOffice.id}`)).toEqual([]);

    const day = all[0]?.day ?? "";
    const ofDay = await listAll(100, `&from=${day}&to=${day}`);
    expect(ofDay.length).toBeGreaterThan(0);
    expect(ofDay.every((a) => a.day === day)).toBe(true);
    expect(ofDay.length).toBe(all.filter((a) => a.day === day).length);

    for (const q of ["limit=0", "limit=101", "status=x", "from=2026-02-30", "ufficio=x", "from=2026-06-02&to=2026-06-01"]) await expectProblem(await get(`${base()}/appuntamenti?${q}`), 422);
    await expectProblem(await get(`${base()}/appuntamenti?cursor=non-un-cursore`), 400);
  });
});

describe("webhook events and the OpenAPI document", () => {
  it("admins can subscribe to the appointment events; the document lists the paths, schemas and webhooks", () => {
    for (const e of APPOINTMENT_WEBHOOK_EVENTS) expect(WEBHOOK_EVENTS).toContain(e);
    // The admin's partner page shows the events in two groups, by prefix: none may fall outside both.
    expect(WEBHOOK_EVENTS.filter((e) => !e.startsWith("pratica.") && !e.startsWith("appointment."))).toEqual([]);
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, unknown>>; webhooks: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    for (const p of ["/api/v1.0/{partner}/appuntamenti", "/api/v1.0/{partner}/appuntamenti/{appuntamento}", "/api/v1.0/{partner}/appuntamenti/{appuntamento}/cancel", "/api/v1.0/{partner}/appuntamenti/{appuntamento}/move", "/api/v1.0/{partner}/uffici", "/api/v1.0/{partner}/uffici/{ufficio}/disponibilita"])
      expect(doc.paths, p).toHaveProperty([p]);
    for (const id of ["Appointment", "AppointmentDetail", "AppointmentList", "AppointmentCreate", "Office", "OfficeList", "Availability", "AppointmentWebhook"]) expect(doc.components.schemas, id).toHaveProperty(id);
    expect(Object.keys(doc.webhooks)).toEqual([...APPOINTMENT_WEBHOOK_EVENTS]);
  });

  it("a partner no longer enabled on the appointment's service is gone for its webhooks", async () => {
    const a = await book(7);
    const [row] = await tdb.db.select().from(outbox).where(and(eq(outbox.kind, "appointment.booked"), sql`${outbox.payload}->>'appointmentId' = ${a.id}`));
    if (!row) throw new Error("no webhook row");
    await tdb.db.update(partnerServices).set({ disabledAt: new Date() }).where(and(eq(partnerServices.partnerId, w.partner.id), eq(partnerServices.serviceId, w.service.id)));
    try {
      expect(await deliverWebhook(tdb.db, row)).toMatchObject({ ok: false, gone: true });
    } finally {
      await tdb.db.update(partnerServices).set({ disabledAt: null }).where(and(eq(partnerServices.partnerId, w.partner.id), eq(partnerServices.serviceId, w.service.id)));
    }
  });
});
