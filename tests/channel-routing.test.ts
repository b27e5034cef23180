import { and, desc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliveryAttempts, entePecSettings, outbox, users, type Ente, type OutboxRow, type Service, type User } from "@/db/schema";
import { createPrepareNotice } from "@/lib/channels/prepare";
import { fallbacksOf, handOver } from "@/lib/channels/hand-over";
import { channelsFor, noticeClassOf } from "@/lib/channels/policy";
import type { MailMessage, Mailer } from "@/lib/notifications/mailer";
import { createHandlers } from "@/lib/outbox/handlers";
import type { Handlers } from "@/lib/outbox/worker";
import { OutboxWorker } from "@/lib/outbox/worker";
import { addDays, fromWallClock, ROME, wallClock } from "@/lib/time/wall-clock";
import { transition } from "@/lib/workflow/transition";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createCitizen, createEnte, createService, createStaff, operatorCtx, submittedPratica } from "./helpers/fixtures";
import { closeMailLine, openMailLine, SmtpSink } from "./helpers/smtp";
import type { SmtpMailer } from "@/lib/notifications/mailer";

const MAIL_FROM = "Stanza <noreply@stanza.test>";
let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let withIo: Service;
let withoutIo: Service;
let otherWithIo: Service;
let operator: User;
let sink: SmtpSink;
let mailer: SmtpMailer;

/** 10:00 in Rome three days from now: no quiet hours, every row due. */
function morning(): Date {
  const d = wallClock(addDays(new Date(), 3, ROME), ROME);
  const at = fromWallClock({ ...d, hour: 10, minute: 0, second: 0 }, ROME);
  // Not a Sunday problem here: the test entes have no holidays and the default quiet hours only.
  return at;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { name: "Comune di Canale", quietHoursStart: "22:00", quietHoursEnd: "07:00", holidays: [] });
  other = await createEnte(tdb.db, { name: "Comune di Altrove", quietHoursStart: "22:00", quietHoursEnd: "07:00", holidays: [], channelPolicy: { ordinary: ["email", "io"], legal: ["email"] } });
  withIo = await createService(tdb.db, ente, { name: "Servizio con IO", ioApiKeyEnc: "enc:chiave-di-prova" });
  withoutIo = await createService(tdb.db, ente, { name: "Servizio senza IO" });
  otherWithIo = await createService(tdb.db, other, { name: "Servizio di Altrove con IO", ioApiKeyEnc: "enc:altra-chiave" });
  operator = await createStaff(tdb.db, ente, "operator", [withIo.id, withoutIo.id]);
  await tdb.db.insert(entePecSettings).values({ enteId: ente.id, address: "protocollo@pec.canale.example", smtpHost: "127.0.0.1", smtpUser: "u", smtpPasswordEnc: "x", imapHost: "127.0.0.1", imapUser: "u", imapPasswordEnc: "x" });
  ({ sink, mailer } = await openMailLine());
});
afterAll(async () => {
  await closeMailLine({ sink, mailer });
  await tdb?.close();
});
beforeEach(async () => {
  await tdb.db.delete(deliveryAttempts);
  await tdb.db.update(outbox).set({ status: "cancelled" }).where(eq(outbox.status, "pending"));
  sink.messages.length = 0;
});

function worker(extra: Partial<Handlers> = {}, m: Mailer = mailer) {
  const at = morning();
  return new OutboxWorker({
    db: tdb.db,
    handlers: { email: createHandlers({ db: tdb.db, mailer: m, appUrl: "http://stanza.test", mailFrom: MAIL_FROM }).email, ...extra },
    now: () => at,
    random: () => 0,
    log: (msg, err) => { if (process.env.ROUTE_DEBUG) console.log(msg, err); },
  });
}
/** A notice's first row (topic email, as the workflow writes it); the rows handed over from it have a parent. */
const rowsOf = (praticaId: string, kind: string) => tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, praticaId), eq(outbox.kind, kind), isNull(outbox.parentId)));
const mailTo = (addr: string) => sink.messages.filter((m) => m.to.includes(addr.toLowerCase()));

describe("the policy", () => {
  it("classes legal acts apart and keeps only the channels that apply, in the policy's order", () => {
    expect(noticeClassOf("outcome_ready")).toBe("legal");
    expect(noticeClassOf("integration_requested")).toBe("legal");
    expect(noticeClassOf("revoked")).toBe("legal");
    expect(noticeClassOf("receipt")).toBe("ordinary");
    const user = { email: "a@example.com", emailNotifications: true, ioEnabled: true, codiceFiscale: "RSSMRA80A01H501U" };
    const all = { user, serviceHasIoKey: true, domicile: "a@pec.example", entePecReady: true };
    const policy = { ordinary: ["io" as const, "email" as const], legal: ["pec" as const, "io" as const, "email" as const] };
    expect(channelsFor(policy, "receipt", all)).toEqual(["io", "email"]);
    expect(channelsFor(policy, "outcome_ready", all)).toEqual(["pec", "io", "email"]);
    expect(channelsFor(policy, "outcome_ready", { ...all, entePecReady: false })).toEqual(["io", "email"]);
    expect(channelsFor(policy, "receipt", { ...all, serviceHasIoKey: false })).toEqual(["email"]);
    expect(channelsFor(policy, "receipt", { ...all, user: { ...user, codiceFiscale: null } })).toEqual(["email"]);
    expect(channelsFor(policy, "receipt", { ...all, user: { ...user, ioEnabled: false, emailNotifications: false } })).toEqual([]);
    expect(channelsFor(policy, "receipt", { ...all, user: { ...user, ioEnabled: false, email: "offline-1@stanza.invalid" } })).toEqual([]);
    // A damaged stored policy reads as the default, never as "no channel".
    expect(channelsFor({ ordinary: ["fax"], legal: [] } as never, "receipt", all)).toEqual(["io", "email"]);
  });
});

describe("routing a citizen's notice through the email handler", () => {
  it("IO chosen: one io row handed over, the email row routed, no email", async () => {
    const citizen = await createCitizen(tdb.db);
    const p = await submittedPratica(tdb.db, ente, withIo, citizen);
    await worker().drain();
    const [receipt] = await rowsOf(p.id, "receipt");
    const children = (await tdb.db.select().from(outbox).where(eq(outbox.parentId, receipt?.id ?? ""))) as OutboxRow[];
    expect(receipt?.status).toBe("routed");
    expect(children.map((c) => [c.topic, c.payload.via, c.payload.fallbacks])).toEqual([["io", "io", ["email"]]]);
    expect(children[0]?.kind).toBe("receipt");
    expect(mailTo(citizen.email)).toHaveLength(0);
    // The worker running the email row again (a crash before recording) adds nothing.
    await handOver(tdb.db, receipt as OutboxRow, ["io", "email"], "di nuovo");
    expect(await tdb.db.select().from(outbox).where(eq(outbox.parentId, receipt?.id ?? ""))).toHaveLength(1);
  });

  it("no IO key on the service: email", async () => {
    const citizen = await createCitizen(tdb.db);
    const p = await submittedPratica(tdb.db, ente, withoutIo, citizen);
    await worker().drain();
    const [receipt] = await rowsOf(p.id, "receipt");
    expect(receipt?.status).toBe("sent");
    expect(mailTo(citizen.email)).toHaveLength(1);
    expect(await tdb.db.select().from(outbox).where(eq(outbox.parentId, receipt?.id ?? ""))).toHaveLength(0);
  });

  it("the citizen turned IO off: email, even on a service with IO", async () => {
    const citizen = await createCitizen(tdb.db, { ioEnabled: false });
    const p = await submittedPratica(tdb.db, ente, withIo, citizen);
    await worker().drain();
    expect((await rowsOf(p.id, "receipt"))[0]?.status).toBe("sent");
    expect(mailTo(citizen.email)).toHaveLength(1);
  });

  it("a legal act to a citizen with a digital domicile goes by PEC (IO and email its fallbacks); an ordinary one does not", async () => {
    const citizen = await createCitizen(tdb.db, { pecAddress: "mario@pec.example.it" });
    const p = await submittedPratica(tdb.db, ente, withIo, citizen);
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "assign");
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "request_integration", { message: "Manca la planimetria" });
    await worker().drain();
    const [request] = await rowsOf(p.id, "integration_requested");
    expect(request?.status).toBe("routed");
    const [pec] = (await tdb.db.select().from(outbox).where(eq(outbox.parentId, request?.id ?? ""))) as OutboxRow[];
    expect(pec?.topic).toBe("pec");
    expect(pec && fallbacksOf(pec)).toEqual(["io", "email"]);
    const [receipt] = await rowsOf(p.id, "receipt");
    const [receiptChild] = await tdb.db.select().from(outbox).where(eq(outbox.parentId, receipt?.id ?? ""));
    expect(receiptChild?.topic).toBe("io");
    expect(mailTo(citizen.email)).toHaveLength(0);
  });

  it("no channel applies: skipped, readable in the personal area only", async () => {
    const citizen = await createCitizen(tdb.db, { ioEnabled: false, emailNotifications: false });
    const p = await submittedPratica(tdb.db, ente, withIo, citizen);
    await worker().drain();
    const [receipt] = await rowsOf(p.id, "receipt");
    expect(receipt?.status).toBe("skipped");
    const [attempt] = await tdb.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.outboxId, receipt?.id ?? "")).orderBy(desc(deliveryAttempts.id));
    expect(attempt?.detail).toMatch(/area personale/);
  });

  it("the policy is the row's own ente's: another ente's email-first policy does not apply here, and vice versa", async () => {
    const citizen = await createCitizen(tdb.db);
    const here = await submittedPratica(tdb.db, ente, withIo, citizen);
    const there = await submittedPratica(tdb.db, other, otherWithIo, citizen);
    await worker().drain();
    expect((await rowsOf(here.id, "receipt"))[0]?.status).toBe("routed");
    expect((await rowsOf(there.id, "receipt"))[0]?.status).toBe("sent");
    expect(mailTo(citizen.email)).toHaveLength(1);
  });
});

describe("fallbacks", () => {
  it("IO refuses: the notice is handed to email and sent once, even if the hand-over runs twice", async () => {
    const citizen = await createCitizen(tdb.db);
    const p = await submittedPratica(tdb.db, ente, withIo, citizen);
    const prepareNotice = createPrepareNotice({ db: tdb.db, appUrl: "http://stanza.test" });
    const seen: string[] = [];
    // A stand-in for the IO handler: it words the notice like the real one, then IO says the citizen blocked the service.
    const io = async (row: OutboxRow, now: Date) => {
      const content = await prepareNotice(row, now);
      if ("status" in content) return content;
      seen.push(content.subject);
      await handOver(tdb.db, row, fallbacksOf(row), "IO: servizio bloccato dal cittadino");
      const again = await handOver(tdb.db, row, fallbacksOf(row), "IO: servizio bloccato dal cittadino");
      return again ?? { status: "skipped" as const, detail: "nessun canale" };
    };
    await worker({ io }).drain();
    const [receipt] = await rowsOf(p.id, "receipt");
    const [ioRow] = await tdb.db.select().from(outbox).where(eq(outbox.parentId, receipt?.id ?? ""));
    expect(ioRow?.status).toBe("routed");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain("Comune di Canale");
    const emails = await tdb.db.select().from(outbox).where(eq(outbox.parentId, ioRow?.id ?? ""));
    expect(emails.map((e) => [e.topic, e.status, (e.payload as { via?: string }).via])).toEqual([["email", "sent", "email"]]);
    expect(mailTo(citizen.email)).toHaveLength(1);
    // The fallback was not routed again: it made no new choice.
    expect(await tdb.db.select().from(outbox).where(eq(outbox.parentId, emails[0]?.id ?? ""))).toHaveLength(0);
  });

  it("an email refused for good (5xx) with a fallback left goes to it; without one it is dead", async () => {
    const refusing: Mailer = {
      async send(_m: MailMessage) {
        throw Object.assign(new Error("550 mailbox unavailable"), { responseCode: 550 });
      },
      close() {},
    };
    const withFallback = await createCitizen(tdb.db);
    const p1 = await submittedPratica(tdb.db, other, otherWithIo, withFallback);
    const noIo = await createCitizen(tdb.db, { ioEnabled: false });
    const p2 = await submittedPratica(tdb.db, other, otherWithIo, noIo);
    await worker({}, refusing).drain();
    const [r1] = await rowsOf(p1.id, "receipt");
    expect(r1?.status).toBe("routed");
    const [io] = (await tdb.db.select().from(outbox).where(eq(outbox.parentId, r1?.id ?? ""))) as OutboxRow[];
    expect(io?.topic).toBe("io");
    expect(io && fallbacksOf(io)).toEqual([]);
    expect((await rowsOf(p2.id, "receipt"))[0]?.status).toBe("dead");
  });
});

describe("prepareNotice for other channels", () => {
  it("refuses a row that is not a citizen's notice, and reads the notice of a handed-over row like the email's", async () => {
    const prepareNotice = createPrepareNotice({ db: tdb.db, appUrl: "http://stanza.test" });
    const citizen = await createCitizen(tdb.db);
    await tdb.db.update(users).set({ language: "en" }).where(eq(users.id, citizen.id));
    const p = await submittedPratica(tdb.db, ente, withIo, citizen);
    const [receipt] = (await rowsOf(p.id, "receipt")) as OutboxRow[];
    if (!receipt) throw new Error("receipt");
    const content = await prepareNotice({ ...receipt, topic: "io", payload: { ...receipt.payload, via: "io", fallbacks: ["email"] } }, morning());
    if ("status" in content) throw new Error(content.detail);
    expect(content.lang).toBe("en");
    expect(content.link).toBe(`http://stanza.test/${ente.slug}/area-personale/pratiche/${p.id}`);
    expect(content.recipient.id).toBe(citizen.id);
    expect(content.payment).toBeNull();
    await expect(prepareNotice({ ...receipt, kind: "operator_new_pratica" }, morning())).rejects.toThrow(/avviso al cittadino/);
    await expect(prepareNotice({ ...receipt, payload: { ...receipt.payload, to: "operator" } }, morning())).rejects.toThrow(/avviso al cittadino/);
  });
});
