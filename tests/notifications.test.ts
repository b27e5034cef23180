import { and, eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { render } from "@react-email/render";
import { createElement } from "react";
import { TEMPLATES } from "@/emails";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliveryAttempts, outbox, pratiche, users, type Ente, type Service, type User } from "@/db/schema";
import { enqueueSignInLink, enqueueStaffInvite } from "@/lib/notifications/enqueue";
import { SmtpMailer, messageIdFor, parseSmtpUrl } from "@/lib/notifications/mailer";
import { buildModel } from "@/lib/notifications/model";
import { isQuietTime, nextSendWindow } from "@/lib/notifications/policy";
import { addDays, dateKey, fromWallClock, ROME, wallClock } from "@/lib/time/wall-clock";
import { renderEmail } from "@/lib/notifications/render";
import { createHandlers } from "@/lib/outbox/handlers";
import { OutboxWorker } from "@/lib/outbox/worker";
import { concludePratica } from "@/lib/pratiche/conclude";
import { transition } from "@/lib/workflow/transition";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { citizenCtx, createCitizen, createEnte, createService, createStaff, operatorCtx, submittedPratica, systemCtx } from "./helpers/fixtures";
import { closeMailLine, openMailLine, SmtpSink } from "./helpers/smtp";

const MAIL_FROM = "Stanza <noreply@stanza.test>";
const FORM_SECRET = "SEGRETO-MODULO-7431";
const OPERATOR_NAME = "Ermenegildo Riservatissimo";
let tdb: TestDatabase;
let ente: Ente;
let service: Service;
let citizen: User;
let operator: User;
let sink: SmtpSink;
let mailer: SmtpMailer;
let clock: number;

/** A local time in Rome a few days from now (rows are due from the real now, so the test clock must be later). */
function rome(daysAhead: number, hh: number, mm = 0): number {
  const d = wallClock(addDays(new Date(), daysAhead, ROME), ROME);
  return fromWallClock({ ...d, hour: hh, minute: mm, second: 0 }, ROME).getTime();
}
const isoDay = (t: number) => dateKey(new Date(t), ROME);

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { name: "Comune di Prova", quietHoursStart: "20:00", quietHoursEnd: "08:00", timezone: "Europe/Rome", reminderDays: 7, holidays: [isoDay(rome(5, 12))] });
  service = await createService(tdb.db, ente, { name: "Contributo di prova", allowIntegrationRequests: true, allowWithdraw: true, maxResponseDays: 30 });
  citizen = await createCitizen(tdb.db);
  operator = await createStaff(tdb.db, ente, "operator", [service.id]);
  await tdb.db.update(users).set({ name: OPERATOR_NAME, givenName: "Ermenegildo", familyName: "Riservatissimo" }).where(eq(users.id, operator.id));
  ({ sink, mailer } = await openMailLine());
});
afterAll(async () => {
  await closeMailLine({ sink, mailer });
  await tdb?.close();
});
beforeEach(async () => {
  // Each test looks only at what it causes.
  await tdb.db.delete(deliveryAttempts);
  await tdb.db.update(outbox).set({ status: "cancelled" }).where(eq(outbox.status, "pending"));
  sink.messages.length = 0;
});

const worker = () =>
  new OutboxWorker({
    db: tdb.db,
    // By shape, as a configured worker renders (EMAIL_SHAPE_CACHE on); tests/outbox-*.test.ts deliver with the plain renderer.
    handlers: createHandlers({ db: tdb.db, mailer, appUrl: "http://stanza.test", mailFrom: MAIL_FROM, emailShapeCache: true }),
    now: () => new Date(clock),
    random: () => 0,
    log: () => {},
  });

async function rowsOf(praticaId: string, kind: string) {
  return tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, praticaId), eq(outbox.kind, kind)));
}
async function lastAttempt(outboxId: string) {
  const rows = await tdb.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.outboxId, outboxId)).orderBy(deliveryAttempts.id);
  return rows.at(-1);
}
const mailTo = (addr: string) => sink.messages.filter((m) => m.to.includes(addr));

describe("the SMTP transport", () => {
  it("keeps its connection open across messages instead of opening one per message", async () => {
    const own = await new SmtpSink().start();
    const pooled = new SmtpMailer(own.url);
    try {
      for (let i = 0; i < 5; i++) {
        await pooled.send({ messageId: `<pool-${i}@stanza.test>`, from: MAIL_FROM, to: "c@example.com", subject: `n. ${i}`, text: "x", html: "<p>x</p>" });
      }
      expect(own.messages).toHaveLength(5);
      expect(own.connections).toBe(1);
    } finally {
      pooled.close();
      await own.stop();
    }
  });

  it("renders the document React Email would, and the text part exactly as its plain-text rendering", async () => {
    const facts = { id: "00000000-0000-4000-8000-000000000001", status: 4100, service, protocol: { number: "2026/0000042", registeredAt: new Date("2026-03-02T10:00:00Z") }, personalMessage: "Serve la planimetria." };
    for (const kind of ["integration_requested", "outcome_ready", "sign_in_link"] as const) {
      const { model } = buildModel({ kind, lang: "it", ente, appUrl: "http://stanza.test", facts: kind === "sign_in_link" ? null : facts, link: "http://stanza.test/x", audience: kind === "sign_in_link" ? "anyone" : "citizen" });
      const ours = await renderEmail(kind, model);
      expect(ours.text).toBe(await render(createElement(TEMPLATES[kind], { model }), { plainText: true }));
      expect(ours.text.length).toBeGreaterThan(50);
      // The same document React Email's render gives, less its text-separator comments.
      const theirs = await render(createElement(TEMPLATES[kind], { model }));
      expect(ours.html).toBe(theirs.replace(/<!--(?:\$|\/\$|html|head|body|\s*)-->/g, ""));
    }
    const withLogo = buildModel({ kind: "outcome_ready", lang: "it", ente: { ...ente, logoUrl: "/comune/logo.png" }, appUrl: "http://stanza.test", facts, link: "http://stanza.test/x", audience: "citizen" });
    const logoHtml = (await renderEmail("outcome_ready", withLogo.model)).html;
    expect(logoHtml).toMatch(/^<!DOCTYPE html PUBLIC/);
    expect(logoHtml).toContain('src="http://stanza.test/comune/logo.png"');
    expect(logoHtml).not.toMatch(/<link[^>]*preload/);
  });

  it("reads host, port, TLS and percent-encoded credentials from SMTP_URL", () => {
    expect(parseSmtpUrl("smtps://avvisi%40comune.it:p%3Ass%2Fw@mail.example.it:465")).toMatchObject({
      host: "mail.example.it",
      port: 465,
      secure: true,
      auth: { user: "avvisi@comune.it", pass: "p:ss/w" },
    });
    const plain = parseSmtpUrl("smtp://relay.example.it:2525");
    expect(plain).toMatchObject({ host: "relay.example.it", port: 2525, secure: false });
    expect(plain.auth).toBeUndefined();
  });
});

describe("quiet hours and holidays", () => {
  const window = { timezone: "Europe/Rome", quietHoursStart: "20:00", quietHoursEnd: "08:00", holidays: ["2026-12-25"] };
  it("knows working hours, night and holidays in the ente's time zone", () => {
    expect(isQuietTime(window, new Date("2026-12-22T10:00:00+01:00"))).toBe(false);
    expect(isQuietTime(window, new Date("2026-12-22T21:30:00+01:00"))).toBe(true);
    expect(isQuietTime(window, new Date("2026-12-22T07:59:00+01:00"))).toBe(true);
    expect(isQuietTime(window, new Date("2026-12-25T11:00:00+01:00"))).toBe(true);
    expect(nextSendWindow(window, new Date("2026-12-22T21:30:00+01:00")).toISOString()).toBe(new Date("2026-12-23T08:00:00+01:00").toISOString());
    // Christmas Eve night: the 25th is a holiday, so the next window opens on the 26th.
    expect(nextSendWindow(window, new Date("2026-12-24T22:00:00+01:00")).toISOString()).toBe(new Date("2026-12-26T08:00:00+01:00").toISOString());
    // Summer time is handled too.
    expect(nextSendWindow(window, new Date("2026-07-01T23:00:00+02:00")).toISOString()).toBe(new Date("2026-07-02T08:00:00+02:00").toISOString());
  });

  it("a non-urgent notice waits for the morning; a deadline-bound one goes out at night", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen, { oggetto: FORM_SECRET });
    await transition(systemCtx(tdb.db, ente), p.id, "register");
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "assign");
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "request_integration", { message: "Manca la carta d'identità" });
    clock = rome(3, 22, 15);
    await worker().drain();
    const [taken] = await rowsOf(p.id, "taken_in_charge");
    const [request] = await rowsOf(p.id, "integration_requested");
    const [receipt] = await rowsOf(p.id, "receipt");
    expect(receipt?.status).toBe("sent");
    expect(request?.status).toBe("sent");
    expect(taken?.status).toBe("pending");
    expect(taken?.availableAt.getTime()).toBe(rome(4, 8, 0));
    expect((await lastAttempt(taken?.id ?? ""))?.status).toBe("deferred");
    clock = rome(4, 7, 59);
    await worker().drain();
    expect((await rowsOf(p.id, "taken_in_charge"))[0]?.status).toBe("pending");
    clock = rome(4, 8, 0);
    await worker().drain();
    expect((await rowsOf(p.id, "taken_in_charge"))[0]?.status).toBe("sent");
    expect(mailTo(citizen.email)).toHaveLength(3);
  });

  it("on a holiday a non-urgent notice waits for the next working day", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "assign");
    clock = rome(5, 11, 0);
    await worker().drain();
    const [taken] = await rowsOf(p.id, "taken_in_charge");
    expect(taken?.status).toBe("pending");
    expect(taken?.availableAt.getTime()).toBe(rome(6, 8, 0));
    expect((await rowsOf(p.id, "receipt"))[0]?.status).toBe("sent");
  });
});

describe("citizen-respecting policy", () => {
  it("a citizen who opted out of email gets none: the notice stays in the personal area, and that is recorded", async () => {
    const quiet = await createCitizen(tdb.db, { emailNotifications: false });
    const p = await submittedPratica(tdb.db, ente, service, quiet);
    clock = rome(3, 10, 0);
    await worker().drain();
    const [receipt] = await rowsOf(p.id, "receipt");
    expect(receipt?.status).toBe("skipped");
    expect((await lastAttempt(receipt?.id ?? ""))?.detail).toMatch(/area personale/);
    expect(mailTo(quiet.email)).toHaveLength(0);
  });

  it("a notice already read in the personal area is not emailed afterwards (no tracking pixel: the pratica was opened)", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "assign");
    await tdb.db.update(pratiche).set({ citizenViewedAt: new Date(Date.now() + 1000) }).where(eq(pratiche.id, p.id));
    clock = rome(3, 10, 0);
    await worker().drain();
    const [taken] = await rowsOf(p.id, "taken_in_charge");
    expect(taken?.status).toBe("skipped");
    expect((await lastAttempt(taken?.id ?? ""))?.detail).toMatch(/già letto/);
  });

  it("the reminder of a request for documents goes out after N days only while it is unanswered", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "assign");
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "request_integration", { message: "Serve la planimetria" });
    clock = rome(3, 10, 0);
    await worker().drain();
    expect((await rowsOf(p.id, "integration_reminder"))[0]?.status).toBe("pending");
    clock = rome(9, 10, 0);
    await worker().drain();
    const [reminder] = await rowsOf(p.id, "integration_reminder");
    expect(reminder?.status).toBe("sent");
    expect(sink.counts().get(messageIdFor(reminder?.id ?? "", MAIL_FROM))).toBe(1);
  });

  it("the reminder is cancelled the moment the citizen answers", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "assign");
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "request_integration", { message: "Serve la planimetria" });
    await transition(citizenCtx(tdb.db, ente, citizen), p.id, "submit_integration", { message: "Eccola" });
    expect((await rowsOf(p.id, "integration_reminder"))[0]?.status).toBe("cancelled");
    clock = rome(9, 10, 0);
    await worker().drain();
    const [reminder] = await rowsOf(p.id, "integration_reminder");
    expect(reminder?.status).toBe("cancelled");
    expect(sink.counts().get(messageIdFor(reminder?.id ?? "", MAIL_FROM))).toBeUndefined();
  });

  it("a reminder that comes due after the pratica moved on is cancelled by the worker too", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "assign");
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "request_integration", { message: "Serve la planimetria" });
    // The state changed without the cancellation (an import, an older row): the worker still checks.
    await tdb.db.update(pratiche).set({ status: 4300 }).where(eq(pratiche.id, p.id));
    clock = rome(9, 10, 0);
    await worker().drain();
    const [reminder] = await rowsOf(p.id, "integration_reminder");
    expect(reminder?.status).toBe("cancelled");
  });

  it("an admin can switch a status's email off, or reword it with placeholders, per service", async () => {
    const custom = await createService(tdb.db, ente, {
      name: "Servizio personalizzato",
      emailTexts: {
        "2000": { enabled: true, subject: "Ricevuta %pratica_id% per %servizio%", body: "Gentile cittadino, risposta entro %tempo_massimo%.\n\nNota: %messaggio_personale%" },
        "4000": { enabled: false },
      },
    });
    await createStaff(tdb.db, ente, "operator", [custom.id]);
    const p = await submittedPratica(tdb.db, ente, custom, citizen);
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "assign").catch(() => undefined);
    const op2 = await createStaff(tdb.db, ente, "operator", [custom.id]);
    await transition(operatorCtx(tdb.db, ente, op2), p.id, "assign");
    clock = rome(3, 10, 0);
    await worker().drain();
    const [receipt] = await rowsOf(p.id, "receipt");
    const [taken] = await rowsOf(p.id, "taken_in_charge");
    expect(taken?.status).toBe("skipped");
    expect((await lastAttempt(taken?.id ?? ""))?.detail).toMatch(/disattivata/);
    const msg = sink.messages.find((m) => m.messageId === messageIdFor(receipt?.id ?? "", MAIL_FROM));
    const parsed = await simpleParser(msg?.raw ?? "");
    // %pratica_id% is the number people use, not the internal id; the subject already names it, so nothing is added.
    expect(p.numero).toMatch(/^\d{4}-\d{6}$/);
    expect(parsed.subject).toBe(`Ricevuta ${p.numero} per Servizio personalizzato`);
    expect(parsed.text).toContain("risposta entro 30 giorni");
    expect(parsed.text).not.toMatch(/%[a-z_]+%/);
  });
});

describe("operators", () => {
  it("are told of new pratiche at once or in a daily digest, by their choice", async () => {
    const svc = await createService(tdb.db, ente, { name: "Servizio con operatori" });
    const now1 = await createStaff(tdb.db, ente, "operator", [svc.id]);
    const digest = await createStaff(tdb.db, ente, "operator", [svc.id]);
    const elsewhere = await createStaff(tdb.db, ente, "operator", [service.id]);
    await tdb.db.update(users).set({ operatorNotify: "digest" }).where(eq(users.id, digest.id));
    const p1 = await submittedPratica(tdb.db, ente, svc, citizen, { oggetto: FORM_SECRET });
    const p2 = await submittedPratica(tdb.db, ente, svc, citizen);
    clock = Date.now() + 1000;
    // Whatever the hour now, release everything up to the next morning's digest.
    const w = worker();
    await w.drain();
    clock = rome(1, 10, 0);
    await w.drain();
    clock = rome(2, 10, 0);
    await w.drain();
    expect(mailTo(now1.email)).toHaveLength(2);
    expect(mailTo(elsewhere.email)).toHaveLength(0);
    const digests = mailTo(digest.email);
    expect(digests).toHaveLength(1);
    const parsed = await simpleParser(digests[0]?.raw ?? "");
    expect(parsed.text).toContain(p1.id);
    expect(parsed.text).toContain(p2.id);
    expect(parsed.text).not.toContain(FORM_SECRET);
  });
});

describe("what an email says", () => {
  it("names ente and service, says where to read the pratica and links to it; never form data nor the operator's name", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen, { oggetto: FORM_SECRET });
    await transition(systemCtx(tdb.db, ente), p.id, "register", { message: "Protocollo" });
    const octx = operatorCtx(tdb.db, ente, operator);
    await transition(octx, p.id, "assign");
    await transition(octx, p.id, "request_integration", { message: `Caro cittadino, sono ${OPERATOR_NAME}` });
    await transition(citizenCtx(tdb.db, ente, citizen), p.id, "submit_integration", { message: FORM_SECRET });
    await transition(octx, p.id, "resume");
    await concludePratica(octx, p.id, { outcome: "accepted", motivation: `Firmato ${OPERATOR_NAME}` });
    await enqueueSignInLink(tdb.db, { enteId: ente.id, email: citizen.email, url: "http://stanza.test/api/auth/callback/email?token=abc", lang: "en" });
    await enqueueStaffInvite(tdb.db, { enteId: ente.id, email: "nuovo@comune.example", url: "http://stanza.test/imposta-password?token=xyz", lang: "it" });
    clock = rome(3, 10, 0);
    await worker().drain();

    const mine = mailTo(citizen.email);
    expect(mine.length).toBeGreaterThanOrEqual(5);
    const kinds = new Set<string>();
    for (const m of [...mine, ...mailTo("nuovo@comune.example"), ...mailTo(operator.email)]) {
      const parsed = await simpleParser(m.raw);
      const visible = `${parsed.subject ?? ""}\n${parsed.text ?? ""}\n${typeof parsed.html === "string" ? parsed.html : ""}`;
      expect(visible).not.toContain(FORM_SECRET);
      expect(visible).not.toContain("Ermenegildo");
      expect(visible).not.toContain("Riservatissimo");
      expect(parsed.text?.trim().length).toBeGreaterThan(20);
      expect(typeof parsed.html).toBe("string");
      expect(parsed.from?.text).toContain("Comune di Prova");
      expect(visible).toContain("Comune di Prova");
      kinds.add(parsed.subject ?? "");
      if (m.to.includes(citizen.email) && !/sign-in/.test(parsed.subject ?? "")) {
        expect(visible).toContain("Contributo di prova");
        expect(parsed.text).toContain(`http://stanza.test/${ente.slug}/area-personale/pratiche/${p.id}`);
        expect(parsed.text).toMatch(/area personale/i);
      }
    }
    // The receipt carries nothing of the form (issue 16's content rules): the form is read in the personal area.
    const receiptRow = (await rowsOf(p.id, "receipt"))[0];
    const receipt = mine.find((m) => m.messageId === messageIdFor(receiptRow?.id ?? "", MAIL_FROM));
    const parsedReceipt = await simpleParser(receipt?.raw ?? "");
    expect(receipt).toBeDefined();
    expect(parsedReceipt.attachments).toEqual([]);
    expect(parsedReceipt.text).toMatch(/modulo che hai inviato è nella tua area personale|form you sent is in your personal area/);
    // English for the citizen who chose it; the sign-in link's secret is dropped from the row once sent.
    const signIn = await Promise.all(mine.map((m) => simpleParser(m.raw)));
    expect(signIn.some((m) => m.subject === "Comune di Prova: your sign-in link")).toBe(true);
    const [signRow] = await tdb.db.select().from(outbox).where(eq(outbox.kind, "sign_in_link"));
    expect(JSON.stringify(signRow?.payload)).not.toContain("token=abc");
    expect(signRow?.status).toBe("sent");
  });
});
