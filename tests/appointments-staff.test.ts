import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointments, type Office } from "@/db/schema";
import { readOfficeForm, withFormFields } from "@/app/(admin)/[ente]/admin/uffici/form-input";
import { officeAppointmentMetrics, publicAppointmentMetrics, median } from "@/lib/appointments/metrics";
import { updateServiceAdmin } from "@/lib/admin/services";
import { createOffice, getOffice, listOffices, officeInputSchema, updateOffice, type OfficeInput } from "@/lib/appointments/offices";
import { agenda } from "@/lib/appointments/queries";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { pick } from "@/lib/i18n";
import { dateKey, fromLocalDateTime } from "@/lib/time/wall-clock";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createAdminWorld, createStaff, operatorCtx, type AdminWorld } from "./helpers/fixtures";

let tdb: TestDatabase;
let w: AdminWorld;

beforeAll(async () => {
  tdb = await createTestDatabase();
  w = await createAdminWorld(tdb.db);
});
afterAll(async () => tdb?.close());

const admin = () => adminCtx(tdb.db, w.ente, w.admin);
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
  { weekday, from: "08:00", to: "12:00" },
  { weekday, from: "14:00", to: "18:00" },
]);

function input(over: Partial<OfficeInput> = {}): OfficeInput {
  return {
    name: `Ufficio ${randomUUID().slice(0, 6)}`,
    address: "Piazza del Municipio 1",
    phone: null,
    email: null,
    notes: null,
    openingHours: ALL_WEEK,
    closures: [],
    slotMinutes: 15,
    capacity: 1,
    horizonDays: 30,
    minNoticeHours: 0,
    needsApproval: false,
    active: true,
    serviceIds: [w.service.id],
    operatorIds: [],
    ...over,
  };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e,
  );
}

const fieldsOf = (e: unknown) => (e instanceof ValidationError ? e.fieldErrors.map((f) => f.path) : []);

describe("offices: create and update", () => {
  it("an admin creates an office with hours, closures, services and operators, and edits it", async () => {
    const created = await createOffice(admin(), input({ operatorIds: [w.operator.id], closures: [{ from: "2026-12-24", to: "2026-12-27", reason: "Festività" }] }));
    const got = await getOffice(admin(), created.id);
    expect(got).toMatchObject({ serviceIds: [w.service.id], operatorIds: [w.operator.id], closures: [{ reason: "Festività" }] });
    expect(got.openingHours).toHaveLength(14);
    await updateOffice(admin(), created.id, input({ name: "Anagrafe centrale", openingHours: [{ weekday: 1, from: "09:00", to: "13:00" }], operatorIds: [], slotMinutes: 30 }));
    const after = await getOffice(admin(), created.id);
    expect(after).toMatchObject({ name: "Anagrafe centrale", slotMinutes: 30, openingHours: [{ weekday: 1, from: "09:00", to: "13:00" }], operatorIds: [] });
  });

  it("refuses bad input field by field and writes nothing", async () => {
    const before = (await listOffices(admin())).length;
    // The form's input as the action reads it: the schema names each bad field…
    const bad = officeInputSchema.safeParse({ ...input(), name: "", slotMinutes: "0", openingHours: [{ weekday: 1, from: "8.30", to: "12:00" }] });
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["name", "slotMinutes", "openingHours.0.from"]));
    // …and the office's own rules: a range that closes before it opens, overlapping ranges, a closure that ends before it starts.
    const e = await rejection(
      createOffice(
        admin(),
        officeInputSchema.parse({
          ...input(),
          openingHours: [
            { weekday: 1, from: "12:00", to: "08:00" },
            { weekday: 2, from: "08:00", to: "12:00" },
            { weekday: 2, from: "11:00", to: "13:00" },
          ],
          closures: [{ from: "2026-08-20", to: "2026-08-10", reason: "Ferie" }],
        }),
      ),
    );
    expect(e).toBeInstanceOf(ValidationError);
    expect(fieldsOf(e)).toEqual(expect.arrayContaining(["openingHours.0.to", "openingHours.2.from", "closures.0.to"]));
    expect((await listOffices(admin())).length).toBe(before);
  });

  it("refuses a service or an operator of another ente", async () => {
    const before = (await listOffices(admin())).length;
    await expect(createOffice(admin(), input({ serviceIds: [w.otherService.id] }))).rejects.toBeInstanceOf(Error);
    await expect(createOffice(admin(), input({ operatorIds: [w.otherAdmin.id] }))).rejects.toBeInstanceOf(Error);
    expect((await listOffices(admin())).length).toBe(before);
  });

  it("is for admins only", async () => {
    const op = operatorCtx(tdb.db, w.ente, w.operator);
    await expect(createOffice(op, input())).rejects.toBeInstanceOf(ForbiddenError);
    const office = await createOffice(admin(), input());
    await expect(updateOffice(op, office.id, input())).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getOffice(admin(), office.id)).name).toBe(office.name);
  });

  it("another ente's office is not found, neither read nor written", async () => {
    const theirs = await createOffice(adminCtx(tdb.db, w.other, w.otherAdmin), input({ serviceIds: [w.otherService.id] }));
    await expect(getOffice(admin(), theirs.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateOffice(admin(), theirs.id, input())).rejects.toBeInstanceOf(NotFoundError);
    await expect(agenda(admin(), { officeId: theirs.id, from: "2026-12-01", days: 1 })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the service's 'Servizio solo su appuntamento' option", () => {
  it("is written by the options section of the admin's service page, and only by an admin", async () => {
    const options = { section: "options", protocolMode: "builtin", maxResponseDays: "30" };
    expect((await updateServiceAdmin(admin(), w.service.id, { ...options, bookingOnly: "on" })).bookingOnly).toBe(true);
    expect((await updateServiceAdmin(admin(), w.service.id, options)).bookingOnly).toBe(false);
    await expect(updateServiceAdmin(operatorCtx(tdb.db, w.ente, w.operator), w.service.id, { ...options, bookingOnly: "on" })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("the office form (Uffici page)", () => {
  const t = pick(appointmentsStaffTexts, "it");
  const fd = (entries: Record<string, string | string[]>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(entries)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
    return f;
  };

  it("reads the filled ranges and closure rows, and keeps a half-filled one for the validation to refuse", () => {
    const form = readOfficeForm(
      fd({ name: "Anagrafe", address: "Via Roma 1", "h.1.0.from": "08:30", "h.1.0.to": "12:30", "h.1.1.from": "14:00", "h.3.1.to": "17:00", closureRows: "2", "c.1.from": "2026-08-10", "c.1.to": "2026-08-20", "c.1.reason": "Ferie", active: "on", serviceIds: ["a", "b"] }),
    );
    expect(form.input.openingHours).toEqual([
      { weekday: 1, from: "08:30", to: "12:30" },
      { weekday: 1, from: "14:00", to: "" },
      { weekday: 3, from: "", to: "17:00" },
    ]);
    expect(form.input.closures).toEqual([{ from: "2026-08-10", to: "2026-08-20", reason: "Ferie" }]);
    expect(form.input).toMatchObject({ active: true, needsApproval: false, phone: null, serviceIds: ["a", "b"], operatorIds: [] });
  });

  it("names each refused field after its label on the form", async () => {
    const form = readOfficeForm(fd({ name: "", address: "Via Roma 1", "h.2.1.from": "14:00", closureRows: "3", "c.2.from": "2026-08-10", slotMinutes: "15", capacity: "1", horizonDays: "30", minNoticeHours: "24" }));
    const e = await rejection(withFormFields(form, t, async () => officeInputSchema.parse(form.input)));
    expect(e).toBeInstanceOf(ValidationError);
    const paths = fieldsOf(e);
    expect(paths).toContain("Nome");
    expect(paths.some((p) => p.startsWith("Martedì, fascia 2"))).toBe(true);
    expect(paths.some((p) => p.startsWith("Chiusura 3"))).toBe(true);
  });
});

describe("agenda: an operator sees only the offices they work at", () => {
  let mine: Office;
  let notMine: Office;
  let operator: Awaited<ReturnType<typeof createStaff>>;
  const day = dateKey(new Date(Date.now() + 2 * 86_400_000));

  let n = 0;
  async function book(office: Office, name: string, status: "confirmed" | "cancelled" | "no_show" = "confirmed", startsAt?: Date, createdAt = new Date()) {
    // Each booking at its own quarter of an hour: the seat index allows one booking per place.
    const at = startsAt ?? new Date(fromLocalDateTime(`${day}T09:00`)!.getTime() + n++ * 15 * 60_000);
    const [row] = await tdb.db
      .insert(appointments)
      .values({
        enteId: w.ente.id,
        officeId: office.id,
        serviceId: w.service.id,
        startsAt: at,
        endsAt: new Date(at.getTime() + 15 * 60_000),
        seat: 1,
        capacity: 5,
        status,
        code: `APP-T-${randomUUID().slice(0, 8)}`,
        name,
        email: "cittadino@example.org",
        reason: "Carta d'identità",
        channel: "guest",
        bookingKey: randomUUID(),
        createdAt,
        cancelledAt: status === "cancelled" ? new Date() : null,
      })
      .returning();
    return row!;
  }

  beforeAll(async () => {
    operator = await createStaff(tdb.db, w.ente, "operator", [w.service.id]);
    mine = await createOffice(admin(), input({ name: "Mio ufficio", operatorIds: [operator.id], capacity: 5 }));
    notMine = await createOffice(admin(), input({ name: "Altro ufficio", capacity: 5 }));
    await book(mine, "Maria Bianchi");
    await book(notMine, "Luca Verdi");
  });

  it("lists their offices and their bookings only; the admin sees every office", async () => {
    const op = operatorCtx(tdb.db, w.ente, operator);
    expect((await listOffices(op)).map((o) => o.id)).toEqual([mine.id]);
    const a = await agenda(op, { from: day, days: 1 });
    expect(a.offices.map((o) => o.id)).toEqual([mine.id]);
    const names = a.days.flatMap((d) => d.items.map((i) => i.name));
    expect(names).toContain("Maria Bianchi");
    expect(names).not.toContain("Luca Verdi");
    const all = await agenda(admin(), { from: day, days: 1 });
    expect(all.days.flatMap((d) => d.items.map((i) => i.name))).toEqual(expect.arrayContaining(["Maria Bianchi", "Luca Verdi"]));
  });

  it("refuses the agenda of an office they do not work at", async () => {
    const op = operatorCtx(tdb.db, w.ente, operator);
    const e = await rejection(agenda(op, { officeId: notMine.id, from: day, days: 1 }));
    expect(e instanceof NotFoundError || e instanceof ForbiddenError).toBe(true);
  });

  it("metrics count the bookings, cancellations and no-shows of the period per office, and the wait for a free place", async () => {
    const office = await createOffice(admin(), input({ name: "Ufficio metriche", operatorIds: [operator.id], capacity: 5 }));
    const past = new Date(Date.now() - 2 * 86_400_000);
    await book(office, "A");
    await book(office, "B");
    await book(office, "C", "cancelled");
    await book(office, "D", "no_show", past, past);
    await book(office, "E", "confirmed", undefined, new Date(Date.now() - 90 * 86_400_000)); // booked before the period
    const closedOffice = await createOffice(admin(), input({ name: "Ufficio senza orari", openingHours: [], operatorIds: [operator.id] }));
    const rows = await officeAppointmentMetrics(operatorCtx(tdb.db, w.ente, operator));
    const row = rows.find((r) => r.officeId === office.id);
    expect(row).toMatchObject({ bookings: 4, cancellations: 1, noShows: 1 });
    expect(row?.nextFreeAt).toBeInstanceOf(Date);
    expect(row?.daysToNextFree).toBeLessThan(3);
    expect(rows.find((r) => r.officeId === closedOffice.id)).toMatchObject({ bookings: 0, nextFreeAt: null, daysToNextFree: null });
    // The operator's metrics name only their offices.
    expect(rows.map((r) => r.officeId)).not.toContain(notMine.id);

    const pub = await publicAppointmentMetrics(tdb.db, w.ente);
    expect(pub.bookings).toBeGreaterThanOrEqual(6);
    expect(pub.cancellations).toBeGreaterThanOrEqual(1);
    expect(pub.noShows).toBeGreaterThanOrEqual(1);
    expect(pub.medianDaysToNextFree).not.toBeNull();
    const otherPub = await publicAppointmentMetrics(tdb.db, w.other);
    expect(otherPub).toMatchObject({ bookings: 0, cancellations: 0, noShows: 0 });
  });

  it("median of the waits", () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });
});
