import { randomUUID } from "node:crypto";
import { and, desc, eq, ne } from "drizzle-orm";
import type { Db } from "./client";
import { pratiche, services, type Ente, type Office, type Service, type User } from "./schema";
import { bookAppointment, GUEST } from "@/lib/appointments/book";
import { approveAppointment, BY_LINK, cancelAppointment, markNoShow } from "@/lib/appointments/manage";
import { createOffice } from "@/lib/appointments/offices";
import { availability, closedOn, nextDay, slotTimes } from "@/lib/appointments/slots";
import type { Actor, Ctx } from "@/lib/context";
import { seededRandom } from "@/lib/random";
import { dateKey, wallClock } from "@/lib/time/wall-clock";

/** People who book at the counter in the demo: believable names, example addresses. */
const PEOPLE = [
  ["Francesca", "Greco"], ["Alessandro", "Romano"], ["Chiara", "Colombo"], ["Davide", "Ricci"], ["Sara", "Marino"],
  ["Matteo", "Gallo"], ["Elena", "Conti"], ["Lorenzo", "De Luca"], ["Martina", "Costa"], ["Simone", "Giordano"],
  ["Valentina", "Mancini"], ["Federico", "Rizzo"], ["Alessia", "Lombardi"], ["Riccardo", "Moretti"], ["Silvia", "Barbieri"],
  ["Giorgio", "Fontana"], ["Paola", "Santoro"], ["Stefano", "Mariani"], ["Laura", "Rinaldi"], ["Roberto", "Caruso"],
] as const;

/**
 * The demo's appointments: the Ufficio Anagrafe (two desks, 15-minute slots, mornings and two afternoons) that issues
 * the electronic identity card, and the Sportello Servizi Sociali (bookings approved by the office, 30-minute slots)
 * for the rent contribution. A week of bookings around today, made through the booking code as citizens, guests
 * and operators would: some already past (one missed), some cancelled, one request waiting for approval, and Mario
 * Rossi's two: his identity card and a visit to see the documents of his request of access (tied to it).
 */
export async function seedAppointments(db: Db, ente: Ente, opts: { admin: User; operators: User[]; citizens: User[]; now?: Date }): Promise<Office[]> {
  const now = opts.now ?? new Date();
  const admin: Ctx = { db, ente, actor: { kind: "admin", userId: opts.admin.id } };
  const svcRows = await db.select().from(services).where(eq(services.enteId, ente.id));
  const svc = (slug: string): Service => {
    const s = svcRows.find((r) => r.slug === slug);
    if (!s) throw new Error(`no service ${slug}`);
    return s;
  };
  const cie = svc("carta-identita-elettronica");
  const affitto = svc("contributo-affitto");
  const [paola, carlo] = opts.operators as [User, User];
  const weekdays = (from: string, to: string, days = [1, 2, 3, 4, 5]) => days.map((weekday) => ({ weekday, from, to }));

  // A closure two weeks ahead: the registry's software is updated (ANPR).
  const closureDay = dateKey(new Date(now.getTime() + 15 * 86_400_000), ente.timezone);
  const anagrafe = await createOffice(admin, {
    name: "Ufficio Anagrafe",
    address: "Piazza del Municipio 1, 56000 Bugliano (PI), piano terra",
    phone: "+39 0587 000020",
    email: "anagrafe@bugliano.example",
    notes: "Ingresso dal portone principale, sportelli 1 e 2. Porta la fototessera e il documento scaduto.",
    openingHours: [...weekdays("08:30", "12:30"), ...weekdays("15:00", "17:30", [2, 4])],
    closures: [{ from: closureDay, to: closureDay, reason: "Aggiornamento del sistema dell'anagrafe nazionale (ANPR)" }],
    slotMinutes: 15,
    capacity: 2,
    horizonDays: 30,
    minNoticeHours: 2,
    needsApproval: false,
    active: true,
    serviceIds: [cie.id, svc("accesso-agli-atti").id],
    operatorIds: [paola.id, carlo.id],
  });
  const sociali = await createOffice(admin, {
    name: "Sportello Servizi Sociali",
    address: "Via Roma 12, 56000 Bugliano (PI), primo piano",
    phone: "+39 0587 000050",
    email: "sociale@bugliano.example",
    notes: "Colloqui con l'assistente sociale su appuntamento: l'ufficio conferma ogni richiesta.",
    openingHours: [{ weekday: 3, from: "09:00", to: "12:00" }, { weekday: 5, from: "09:00", to: "12:00" }],
    closures: [],
    slotMinutes: 30,
    capacity: 1,
    horizonDays: 45,
    minNoticeHours: 24,
    needsApproval: true,
    active: true,
    serviceIds: [affitto.id],
    operatorIds: [paola.id],
  });

  const random = seededRandom(20261202);
  const tz = ente.timezone;
  const today = dateKey(now, tz);
  const mario = opts.citizens[0]!;
  let person = 0;
  const guest = () => {
    const round = Math.floor(person / PEOPLE.length);
    const [given, family] = PEOPLE[person++ % PEOPLE.length]!;
    // Each address books a few times at most (the limit of upcoming bookings per address holds for the demo too).
    const local = `${given}.${family}${round > 0 ? round + 1 : ""}`.toLowerCase().replace(/[^a-z0-9.]/g, "");
    return { name: `${given} ${family}`, email: `${local}@example.com`, phone: `+39 3${String(40 + (person % 9))} ${String(1_000_000 + Math.floor(random() * 8_999_999))}` };
  };
  const book = (actor: Actor, office: Office, service: Service, startsAt: Date, at: Date, extra: Partial<Parameters<typeof bookAppointment>[1]> = {}) =>
    bookAppointment({ db, ente, actor }, { officeId: office.id, serviceId: service.id, startsAt, reason: "", bookingKey: randomUUID(), at, ...guest(), ...extra });

  // The Anagrafe's week: from three days ago to a week ahead, about a third of the places taken.
  let missed = false;
  let cancelled = 0;
  let marioBooked = false;
  for (let i = -3; i <= 7; i++) {
    const day = nextDay(today, i);
    if (closedOn(anagrafe, ente, day).closed) continue;
    for (const slot of slotTimes(anagrafe, day, tz)) {
      if (random() > 0.35) continue;
      // Booked one to five days before, never in the future.
      const at = new Date(Math.min(now.getTime() - 3_600_000, slot.startsAt.getTime() - (1 + Math.floor(random() * 5)) * 86_400_000));
      const past = slot.endsAt.getTime() <= now.getTime();
      const byPhone = random() < 0.15;
      if (!past && !marioBooked && slot.startsAt.getTime() > now.getTime() + 86_400_000) {
        marioBooked = true;
        await book({ kind: "citizen", userId: mario.id }, anagrafe, cie, slot.startsAt, at, { reason: "Rinnovo della carta d'identità scaduta", phone: mario.phone ?? undefined });
        continue;
      }
      const { appointment } = await book(byPhone ? { kind: "operator", userId: paola.id } : GUEST, anagrafe, cie, slot.startsAt, at, byPhone ? { email: undefined, reason: "Prenotato per telefono: duplicato per smarrimento" } : {});
      if (past && !missed) {
        missed = true;
        await markNoShow({ db, ente, actor: { kind: "operator", userId: carlo.id } }, appointment.id, { at: new Date(slot.startsAt.getTime() + 20 * 60_000) });
      } else if (!past && cancelled < 2 && random() < 0.08) {
        cancelled++;
        await cancelAppointment({ db, ente, actor: BY_LINK }, appointment.id, undefined, { at: new Date(Math.min(now.getTime(), at.getTime() + 86_400_000)) });
      }
    }
  }

  // Social services: one interview the office confirmed and one request waiting for its approval.
  const socialSlots: Date[] = [];
  for (let i = 2; i <= 21 && socialSlots.length < 2; i++) {
    const day = nextDay(today, i);
    if (closedOn(sociali, ente, day).closed) continue;
    socialSlots.push(slotTimes(sociali, day, tz)[1]!.startsAt);
  }
  const earlier = new Date(now.getTime() - 2 * 86_400_000);
  const interview = await book(GUEST, sociali, affitto, socialSlots[0]!, earlier, { reason: "Colloquio per il contributo affitto" });
  await approveAppointment({ db, ente, actor: { kind: "operator", userId: paola.id } }, interview.appointment.id, { at: new Date(earlier.getTime() + 3_600_000) });
  await book(GUEST, sociali, affitto, socialSlots[1]!, new Date(now.getTime() - 3_600_000), { reason: "Informazioni sul contributo affitto per una famiglia con tre figli" });

  // Mario Rossi sees in the office the documents he asked for with his request of access (a booking tied to it).
  const accesso = svc("accesso-agli-atti");
  const [marioPratica] = await db
    .select({ id: pratiche.id })
    .from(pratiche)
    .where(and(eq(pratiche.enteId, ente.id), eq(pratiche.applicantId, mario.id), eq(pratiche.serviceId, accesso.id), ne(pratiche.status, 1000)))
    .orderBy(desc(pratiche.createdAt))
    .limit(1);
  for (let i = 3; i <= 10; i++) {
    const day = nextDay(today, i);
    if (closedOn(anagrafe, ente, day).closed) continue;
    const free = await availability({ db, ente, actor: GUEST }, anagrafe.id, { from: day, days: 1, at: now });
    const slot = free[0]!.slots.find((x) => x.free > 0 && wallClock(x.startsAt, tz).hour >= 10);
    if (!slot) continue;
    await book({ kind: "citizen", userId: mario.id }, anagrafe, accesso, slot.startsAt, new Date(now.getTime() - 3_600_000), {
      reason: "Visione in ufficio dei documenti richiesti",
      phone: mario.phone ?? undefined,
      praticaId: marioPratica?.id ?? null,
    });
    break;
  }
  return [anagrafe, sociali];
}
