import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointments, enti, feedbackRatings, offices, partners, pratiche, services, statusHistory, users } from "@/db/schema";
import { seedDemo, seedDemoIfEmpty } from "@/db/seed";
import { activeOperatorIds, opensToCitizens } from "@/lib/admin/service-operators";
import { verifyPassword } from "@/lib/auth/password";
import { STATUS_CODES } from "@/lib/workflow/states";
import { dateKey, wallClock } from "@/lib/time/wall-clock";
import { createTestDatabase, rowsOf, type TestDatabase } from "./helpers/db";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb?.close());

describe("demo seed", () => {
  it("seeds Bugliano once, with every workflow state and a believable iter", async () => {
    expect(await seedDemoIfEmpty(tdb.db)).toBe(true);
    expect(await seedDemoIfEmpty(tdb.db)).toBe(false);
    const [ente] = await tdb.db.select().from(enti).where(eq(enti.slug, "comune-di-bugliano"));
    expect(ente?.name).toBe("Comune di Bugliano");

    const list = await tdb.db.select().from(services).where(eq(services.enteId, ente?.id ?? ""));
    expect(list.length).toBeGreaterThanOrEqual(3);
    const accesso = list.find((s) => s.name === "Richiesta di accesso agli atti");
    expect(accesso).toBeDefined();
    expect(list.some((s) => s.protocolRequired)).toBe(true);
    expect(list.some((s) => s.allowWithdraw)).toBe(true);
    // Every service open to citizens has an active operator to receive its pratiche (the admin rule holds for the demo too).
    const open = list.filter((s) => opensToCitizens(s.status));
    expect(open.length).toBeGreaterThan(0);
    const ops = await activeOperatorIds(tdb.db, ente?.id ?? "", open.map((s) => s.id));
    expect(open.filter((s) => (ops.get(s.id) ?? []).length === 0).map((s) => s.slug)).toEqual([]);

    const byStatus = await tdb.db.select({ status: pratiche.status, n: count() }).from(pratiche).groupBy(pratiche.status);
    expect(byStatus.map((r) => r.status).sort((a, b) => a - b)).toEqual([...STATUS_CODES].sort((a, b) => a - b));
    const total = byStatus.reduce((s, r) => s + r.n, 0);
    expect(total).toBeGreaterThanOrEqual(24);

    // Every non-draft pratica has an iter that starts with its submission (or, for a service with fees, with the
    // payment asked before it) and ends in its current state.
    type IterRow = { id: string; status: number; first: string; last_to: number };
    const iters = await tdb.db.execute(sql`
      select p.id, p.status,
        (select event from status_history h where h.pratica_id = p.id order by h.id asc limit 1) as first,
        (select to_status from status_history h where h.pratica_id = p.id order by h.id desc limit 1) as last_to
      from pratiche p where p.status <> 1000`);
    const rows = rowsOf<IterRow>(iters);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(["submit", "require_payment"]).toContain(r.first);
      expect(r.last_to).toBe(r.status);
    }
    const [hist] = await tdb.db.select({ n: count() }).from(statusHistory);
    expect(hist?.n).toBeGreaterThan(total);
  });

  it("creates the demo accounts with the documented password and codici fiscali", async () => {
    const all = await tdb.db.select().from(users);
    const byEmail = (e: string) => all.find((u) => u.email === e);
    for (const email of ["admin@bugliano.example", "operatore@bugliano.example", "operatore2@bugliano.example"]) {
      expect(await verifyPassword("stanza-demo", byEmail(email)?.passwordHash)).toBe(true);
    }
    expect(byEmail("mario.rossi@example.com")?.codiceFiscale).toBe("RSSMRA80A01H501U");
    expect(byEmail("giulia.bianchi@example.com")?.codiceFiscale).toBe("BNCGLI85M41H501Y");
    const [partner] = await tdb.db.select().from(partners).where(eq(partners.slug, "bugliano-protocollo"));
    expect(await verifyPassword("stanza-demo-partner", partner?.secretHash)).toBe(true);
  });

  it("seeds weeks of anonymous ratings with answers and a few comments, for the Valutazioni page", async () => {
    const rows = await tdb.db.select().from(feedbackRatings);
    expect(rows.length).toBeGreaterThan(100);
    expect(new Set(rows.map((r) => r.rating)).size).toBe(5);
    expect(rows.some((r) => r.page.startsWith("service:")) && rows.some((r) => r.page.startsWith("flow-end:"))).toBe(true);
    expect(rows.filter((r) => r.comment).length).toBeGreaterThanOrEqual(5);
    const weeks = new Set(rows.map((r) => Math.floor((Date.now() - r.createdAt.getTime()) / (7 * 86_400_000))));
    expect(weeks.size).toBeGreaterThanOrEqual(10);
    // Older than an hour: the demo leaves the ente's hourly bound free for the visitor's own ratings.
    expect(rows.every((r) => Date.now() - r.createdAt.getTime() > 3_600_000)).toBe(true);
  });

  it("refuses to seed a second Bugliano over an existing one", async () => {
    await expect(seedDemo(tdb.db)).rejects.toThrow();
  });

  it("seeds the appointments: the Ufficio Anagrafe's week of bookings inside its opening hours, a no-show, a request, Mario Rossi's", async () => {
    const [ente] = await tdb.db.select().from(enti).where(eq(enti.slug, "comune-di-bugliano"));
    const office = (await tdb.db.select().from(offices).where(eq(offices.enteId, ente!.id))).find((o) => o.name === "Ufficio Anagrafe")!;
    expect(office).toMatchObject({ slotMinutes: 15, capacity: 2 });
    const cie = (await tdb.db.select().from(services).where(eq(services.slug, "carta-identita-elettronica")))[0]!;
    expect(cie.bookingOnly).toBe(true);
    const rows = await tdb.db.select().from(appointments).where(eq(appointments.enteId, ente!.id));
    const anagrafe = rows.filter((r) => r.officeId === office.id);
    expect(anagrafe.length).toBeGreaterThan(20);
    for (const r of anagrafe) {
      const w = wallClock(r.startsAt, "Europe/Rome");
      const minutes = w.hour * 60 + w.minute;
      const open = office.openingHours.some((h) => h.weekday === ((new Date(`${dateKey(r.startsAt)}T12:00:00Z`).getUTCDay() + 6) % 7) + 1 && minutes >= Number(h.from.slice(0, 2)) * 60 + Number(h.from.slice(3)) && minutes + 15 <= Number(h.to.slice(0, 2)) * 60 + Number(h.to.slice(3)));
      expect(open, r.startsAt.toISOString()).toBe(true);
    }
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ["confirmed", "requested", "no_show", "cancelled"] as const) expect(statuses).toContain(s);
    const mario = (await tdb.db.select().from(users).where(eq(users.email, "mario.rossi@example.com")))[0]!;
    const his = rows.filter((r) => r.citizenId === mario.id);
    expect(his.length).toBe(2);
    expect(his.some((r) => r.praticaId !== null)).toBe(true);
  });
});
