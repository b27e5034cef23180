// Issue 16, "done when": a pratica driven from submission to outcome for three citizens — one with App IO, one
// without IO but with email, one with a PEC digital domicile — and each receives every notice once, on the channel
// the ente's policy expects; the fake IO server's answers and the PEC receipts show in the delivery record; a PEC
// that cannot be delivered falls back as the policy says. Real database, the real worker with every handler (the
// real prepareNotice), the fake IO server, a local PEC provider (SMTP + IMAP with receipts) and an SMTP sink.
process.env.AUTH_SECRET ??= "t".repeat(40);
// The local PEC provider listens on loopback: allowed here as for an internal relay (lib/channels/pec/host-guard.ts).
process.env.PEC_ALLOW_PRIVATE_HOSTS = "true";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, pecMessages, type Ente, type Pratica, type Service, type User } from "@/db/schema";
import { setServiceIoKey } from "@/lib/channels/io/keys";
import { loadPecSettings, savePecSettings } from "@/lib/channels/pec/settings";
import { pollPecMailbox } from "@/lib/channels/pec/receipts";
import { describePraticaDeliveries } from "@/lib/notifications/delivery-lines";
import type { SmtpMailer } from "@/lib/notifications/mailer";
import { createHandlers } from "@/lib/outbox/handlers";
import { OutboxWorker } from "@/lib/outbox/worker";
import { addDays, fromWallClock, ROME, wallClock } from "@/lib/time/wall-clock";
import { transition } from "@/lib/workflow/transition";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, citizenCtx, createCitizen, createEnte, createService, createStaff, makeCodiceFiscale, operatorCtx, submittedPratica } from "./helpers/fixtures";
import { startIoServer, type IoFakeServer } from "./helpers/io-server";
import { startPecFake, type PecFake } from "./helpers/pec-server";
import { closeMailLine, openMailLine, type SmtpSink } from "./helpers/smtp";

const APP_URL = "http://stanza.test";
const IO_KEY = "0123456789abcdef0123456789abcdef";
const NOTICES = ["receipt", "taken_in_charge", "integration_requested", "outcome_ready"] as const;

let tdb: TestDatabase;
let io: IoFakeServer;
let pec: PecFake;
let sink: SmtpSink;
let mailer: SmtpMailer;
let ente: Ente;
let service: Service;
let operator: User;
let admin: User;
let anna: User; // App IO
let bruno: User; // no IO app: email
let carla: User; // IO off, a PEC domicile
let dario: User; // a PEC domicile that cannot be delivered to
const pratiche = new Map<string, Pratica>();

/** 10:00 in Rome two days ahead: outside quiet hours, before the reminder of the request for documents is due. */
const at = (() => {
  const d = wallClock(addDays(new Date(), 2, ROME), ROME);
  return fromWallClock({ ...d, hour: 10, minute: 0, second: 0 }, ROME);
})();

const worker = () =>
  new OutboxWorker({ db: tdb.db, handlers: createHandlers({ db: tdb.db, mailer, appUrl: APP_URL, mailFrom: "Comune di Tre Canali <noreply@tre-canali.test>", ioApiUrl: io.url }), now: () => at, random: () => 0, log: () => {} });

async function deliverAll() {
  await worker().drain();
  const settings = await loadPecSettings(tdb.db, ente.id);
  const polled = await pollPecMailbox(tdb.db, settings!, at);
  expect(polled.error).toBeNull();
  // What a non-delivery handed over goes out on the next round.
  await worker().drain();
}

/** Every notice row of a pratica's citizen notices, the first rows and the rows handed over from them. */
const rowsOf = (praticaId: string) => tdb.db.select().from(outbox).where(eq(outbox.praticaId, praticaId));
const mailTo = (who: User) => sink.messages.filter((m) => m.to.includes(who.email.toLowerCase()));
const ioTo = (who: User) => io.messages.filter((m) => m.fiscalCode === who.codiceFiscale);
const pecTo = (address: string) => pec.submissions.filter((s) => s.to.includes(address));
const subjectsOf = (who: User) => mailTo(who).map((m) => m.subject ?? "");

beforeAll(async () => {
  tdb = await createTestDatabase();
  io = await startIoServer({ keys: [IO_KEY] });
  pec = await startPecFake({ users: { "tre-canali": "segreto-pec-1234" } });
  ({ sink, mailer } = await openMailLine());
  ente = await createEnte(tdb.db, { name: "Comune di Tre Canali", codiceFiscale: "00123450789", holidays: [], quietHoursStart: "22:00", quietHoursEnd: "07:00" });
  service = await createService(tdb.db, ente, { name: "Passo carrabile" });
  operator = await createStaff(tdb.db, ente, "operator", [service.id]);
  admin = await createStaff(tdb.db, ente, "admin");
  await setServiceIoKey(adminCtx(tdb.db, ente, admin), service.id, { ioApiKey: IO_KEY });
  await savePecSettings(adminCtx(tdb.db, ente, admin), {
    address: "protocollo@pec.tre-canali.test",
    smtpHost: "127.0.0.1",
    smtpPort: String(pec.smtpPort),
    smtpSecurity: "none",
    smtpUser: "tre-canali",
    smtpPassword: "segreto-pec-1234",
    imapHost: "127.0.0.1",
    imapPort: String(pec.imapPort),
    imapSecurity: "none",
    imapUser: "tre-canali",
    imapPassword: "segreto-pec-1234",
    imapMailbox: "INBOX",
  });
  anna = await createCitizen(tdb.db, { name: "Anna Esposito", codiceFiscale: makeCodiceFiscale() });
  bruno = await createCitizen(tdb.db, { name: "Bruno Ferrari", codiceFiscale: makeCodiceFiscale() });
  carla = await createCitizen(tdb.db, { name: "Carla Romano", codiceFiscale: makeCodiceFiscale(), ioEnabled: false, pecAddress: "carla.romano@pec.cittadini.test" });
  dario = await createCitizen(tdb.db, { name: "Dario Greco", codiceFiscale: makeCodiceFiscale(), ioEnabled: false, pecAddress: "dario.greco@pec.inesistente.test" });
  io.setProfile(anna.codiceFiscale!, "allowed");
  io.setProfile(bruno.codiceFiscale!, "missing");
  pec.failing.add("dario.greco@pec.inesistente.test");

  // Each pratica from submission to outcome, as people drive it; the worker runs after each step.
  for (const citizen of [anna, bruno, carla, dario]) {
    const p = await submittedPratica(tdb.db, ente, service, citizen, { oggetto: "Passo carrabile in via Garibaldi 12" });
    pratiche.set(citizen.id, p);
    await deliverAll();
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "assign");
    await deliverAll();
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "request_integration", { message: "Serve la planimetria del passo carrabile" });
    await deliverAll();
    await transition(citizenCtx(tdb.db, ente, citizen), p.id, "submit_integration", { message: "Allego la planimetria" });
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "resume");
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "accept", { motivation: "Requisiti verificati" });
    await deliverAll();
  }
}, 240_000);

afterAll(async () => {
  await closeMailLine({ sink, mailer });
  await io?.close();
  await pec?.stop();
  await tdb?.close();
});

describe("three citizens, every notice once on the expected channel", () => {
  it("Anna has App IO: every notice on IO, no email, no PEC", async () => {
    const received = ioTo(anna);
    expect(received).toHaveLength(NOTICES.length);
    const subjects = received.map((m) => String(m.content.subject));
    expect(new Set(subjects).size).toBe(NOTICES.length);
    for (const m of received) expect(String(m.content.markdown)).toContain(`${APP_URL}/${ente.slug}/area-personale/pratiche/${pratiche.get(anna.id)!.id}`);
    expect(mailTo(anna)).toHaveLength(0);
    expect(pec.submissions.filter((s) => s.subject.includes(pratiche.get(anna.id)!.id))).toHaveLength(0);
  });

  it("Bruno has no IO profile: each notice is refused by IO once and arrives by email once", async () => {
    expect(ioTo(bruno)).toHaveLength(0);
    expect(mailTo(bruno)).toHaveLength(NOTICES.length);
    expect(new Set(subjectsOf(bruno)).size).toBe(NOTICES.length);
    const rows = await rowsOf(pratiche.get(bruno.id)!.id);
    for (const kind of NOTICES) {
      const ofKind = rows.filter((r) => r.kind === kind && r.topic !== "protocol" && r.topic !== "webhook");
      expect(ofKind.map((r) => `${r.topic}:${r.status}`).sort(), kind).toEqual(["email:routed", "email:sent", "io:routed"]);
    }
  });

  it("Carla has a PEC domicile and IO off: legal acts by PEC (delivered, with receipts), the others by email", async () => {
    expect(ioTo(carla)).toHaveLength(0);
    const byPec = pecTo(carla.pecAddress!);
    expect(byPec).toHaveLength(2);
    expect(mailTo(carla)).toHaveLength(2);
    const rows = await rowsOf(pratiche.get(carla.id)!.id);
    const first = (kind: string) => rows.find((r) => r.kind === kind && r.parentId === null && r.topic === "email");
    expect(first("receipt")?.status).toBe("sent");
    expect(first("taken_in_charge")?.status).toBe("sent");
    for (const kind of ["integration_requested", "outcome_ready"]) {
      expect(first(kind)?.status).toBe("routed");
      const pecRow = rows.find((r) => r.kind === kind && r.topic === "pec");
      expect(pecRow?.status).toBe("sent");
      const [msg] = await tdb.db.select().from(pecMessages).where(eq(pecMessages.outboxId, pecRow!.id));
      expect(msg?.state).toBe("delivered");
      expect(msg?.toAddress).toBe(carla.pecAddress);
    }
  });

  it("no notice went twice: one delivered row per notice and citizen", async () => {
    for (const citizen of [anna, bruno, carla, dario]) {
      const rows = await rowsOf(pratiche.get(citizen.id)!.id);
      for (const kind of NOTICES) {
        // A PEC row stays "sent" (handed to the provider); what its receipt said is in pec_messages.
        const undelivered = new Set((await tdb.db.select().from(pecMessages).where(eq(pecMessages.state, "undelivered"))).map((m) => m.outboxId));
        const delivered = rows.filter((r) => r.kind === kind && r.status === "sent" && ["email", "io", "pec"].includes(r.topic) && !undelivered.has(r.id));
        expect(delivered, `${citizen.name} ${kind}`).toHaveLength(1);
        const roots = rows.filter((r) => r.kind === kind && r.parentId === null && r.topic === "email");
        expect(roots, `${citizen.name} ${kind}`).toHaveLength(1);
      }
    }
  });
});

describe("the delivery record", () => {
  it("shows the IO messages, the refusals and the PEC receipts, notice by notice", async () => {
    const octx = operatorCtx(tdb.db, ente, operator);
    const annaLines = await describePraticaDeliveries(octx, pratiche.get(anna.id)!.id, "it");
    const annaIo = annaLines.filter((l) => l.topic === "io");
    expect(annaIo).toHaveLength(NOTICES.length);
    for (const l of annaIo) {
      expect(l.status).toBe("sent");
      expect(l.sentence).toMatch(/App IO/);
      // IO's own message id, as the fake answered it, is the recorded answer.
      expect(l.history.some((h) => io.messages.some((m) => h.detail?.includes(m.id)))).toBe(true);
    }

    const brunoLines = await describePraticaDeliveries(octx, pratiche.get(bruno.id)!.id, "it");
    // IO's answer for Bruno (no profile) is in the record of each refused io row.
    for (const l of brunoLines.filter((x) => x.topic === "io")) expect(l.history.some((h) => /profil/i.test(h.detail ?? ""))).toBe(true);
    const chains = brunoLines.filter((l) => l.chain).map((l) => l.chain!);
    expect(chains.length).toBeGreaterThanOrEqual(NOTICES.length);
    for (const c of chains) expect(c).toMatch(/App IO.*→.*email/);

    const carlaLines = await describePraticaDeliveries(octx, pratiche.get(carla.id)!.id, "it");
    const carlaPec = carlaLines.filter((l) => l.topic === "pec");
    expect(carlaPec).toHaveLength(2);
    for (const l of carlaPec) {
      expect(l.sentence).toContain(carla.pecAddress!);
      const steps = l.history.map((h) => h.label);
      expect(steps).toContain("Accettazione PEC");
      expect(steps).toContain("Consegna PEC");
    }
  });
});

describe("failures fall back as the policy says", () => {
  it("Dario's PEC cannot be delivered: each legal act falls back to email once, and the admins are alerted", async () => {
    const rows = await rowsOf(pratiche.get(dario.id)!.id);
    for (const kind of ["integration_requested", "outcome_ready"]) {
      const pecRow = rows.find((r) => r.kind === kind && r.topic === "pec");
      const [msg] = await tdb.db.select().from(pecMessages).where(eq(pecMessages.outboxId, pecRow!.id));
      expect(msg?.state).toBe("undelivered");
      const fallback = rows.filter((r) => r.kind === kind && r.parentId === pecRow!.id);
      expect(fallback.map((r) => `${r.topic}:${r.status}`)).toEqual(["email:sent"]);
    }
    // Two ordinary notices by email from the start, two legal acts by email after the PEC failed: four in all.
    expect(mailTo(dario)).toHaveLength(NOTICES.length);
    const alerts = sink.messages.filter((m) => m.to.includes(admin.email.toLowerCase()));
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    const [root] = await tdb.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.praticaId, pratiche.get(dario.id)!.id), eq(outbox.kind, "outcome_ready"), isNull(outbox.parentId)));
    expect(root?.status).toBe("routed");
  });
});
