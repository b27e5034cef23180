import { and, eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outbox, payments, users, type Ente, type Payment, type Pratica, type Service, type User } from "@/db/schema";
import { buildModel } from "@/lib/notifications/model";
import { paymentDetails } from "@/lib/notifications/payment-details";
import { renderEmail } from "@/lib/notifications/render";
import { renderEmailByShape } from "@/lib/notifications/render-shapes";
import { PAYMENT_EMAIL_KINDS, type PaymentEmailKind } from "@/lib/notifications/texts";
import { createHandlers } from "@/lib/outbox/handlers";
import { OutboxWorker } from "@/lib/outbox/worker";
import { buildNoticeCode } from "@/lib/payments/iuv";
import { praticaNumber } from "@/lib/pratiche/number";
import { addDays, fromWallClock, ROME, wallClock } from "@/lib/time/wall-clock";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createCitizen, createEnte, createService, submittedPratica } from "./helpers/fixtures";
import { closeMailLine, openMailLine, type SmtpSink } from "./helpers/smtp";
import type { SmtpMailer } from "@/lib/notifications/mailer";

const APP = "http://stanza.test";
let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let service: Service;
let citizen: User;
let english: User;
let sink: SmtpSink;
let mailer: SmtpMailer;
let seq = 1;

/** A working hour in Rome a few days ahead, later than every row's creation. */
function romeWorkingHour(): Date {
  const d = wallClock(addDays(new Date(), 3, ROME), ROME);
  return fromWallClock({ ...d, hour: 10, minute: 0, second: 0 }, ROME);
}

const worker = (emailShapeCache: boolean) =>
  new OutboxWorker({
    db: tdb.db,
    handlers: createHandlers({ db: tdb.db, mailer, appUrl: APP, mailFrom: "Stanza <noreply@stanza.test>", emailShapeCache }),
    now: romeWorkingHour,
    random: () => 0,
    log: () => {},
  });

async function paymentOf(pratica: Pratica, over: Partial<typeof payments.$inferInsert> = {}): Promise<Payment> {
  const { noticeCode, iuv } = buildNoticeCode({ auxDigit: 3, segregationCode: "07" }, seq++);
  const [row] = await tdb.db
    .insert(payments)
    .values({
      enteId: pratica.enteId,
      praticaId: pratica.id,
      phase: "deferred",
      status: "pending",
      amountCents: 4630,
      causale: "Canone occupazione suolo pubblico",
      lines: [{ feeId: null, kind: "fixed", causale: "Canone occupazione suolo pubblico", amountCents: 4630, budgetLine: null, taxonomyCode: null }],
      dueDate: "2026-12-31",
      noticeCode,
      iuv,
      provider: "demo",
      ...over,
    })
    .returning();
  if (!row) throw new Error("payment");
  return row;
}

async function enqueue(pratica: Pratica, kind: string, payload: Record<string, unknown>) {
  const [row] = await tdb.db
    .insert(outbox)
    .values({ enteId: pratica.enteId, praticaId: pratica.id, topic: "email", kind, payload, idempotencyKey: `test:${kind}:${crypto.randomUUID()}` })
    .returning();
  if (!row) throw new Error("outbox");
  return row;
}
const statusOf = async (id: string) => (await tdb.db.select().from(outbox).where(eq(outbox.id, id)))[0]?.status;
/** The message sent for an outbox row (the pratica's own notices, the receipt, go out in the same runs). */
const mailOf = async (rowId: string) => {
  const m = sink.messages.find((x) => x.raw.includes(`X-Stanza-Delivery: ${rowId}`));
  return m ? simpleParser(m.raw) : null;
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { name: "Comune di Prova", timezone: "Europe/Rome" });
  other = await createEnte(tdb.db, { name: "Comune di Altrove" });
  service = await createService(tdb.db, ente, { name: "Occupazione di suolo pubblico", maxResponseDays: 30 });
  citizen = await createCitizen(tdb.db);
  english = await createCitizen(tdb.db);
  await tdb.db.update(users).set({ language: "en" }).where(eq(users.id, english.id));
  ({ sink, mailer } = await openMailLine());
});
afterAll(async () => {
  await closeMailLine({ sink, mailer });
  await tdb?.close();
});
beforeEach(async () => {
  await tdb.db.update(outbox).set({ status: "cancelled" }).where(eq(outbox.status, "pending"));
  sink.messages.length = 0;
});

describe("payment notices", () => {
  it("payment_due says what, how much, by when and the notice code, and links to the Pagamenti page", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const pay = await paymentOf(p);
    const row = await enqueue(p, "payment_due", { to: "applicant", userId: citizen.id, paymentId: pay.id, urgent: true });
    await worker(true).drain();
    expect(await statusOf(row.id)).toBe("sent");
    const mail = await mailOf(row.id);
    if (!mail) throw new Error("no payment_due email");
    expect(mail.to && "text" in mail.to ? mail.to.text : "").toContain(citizen.email);
    expect(mail.subject).toContain("pagamento da effettuare");
    expect(mail.subject).toContain(praticaNumber(p));
    const text = mail.text ?? "";
    expect(text).toContain("Canone occupazione suolo pubblico");
    expect(text).toContain("€ 46,30");
    expect(text).toContain("31 dicembre 2026");
    expect(text).toContain(pay.noticeCode.replace(/(\d{4})(?=\d)/g, "$1 "));
    expect(text).toContain(`${APP}/${ente.slug}/area-personale/pagamenti`);
    expect(text).toContain("sezione «Pagamenti»");
    expect(text).not.toMatch(/%[a-z_]+%/);
    expect(mail.html || "").toContain("€ 46,30");
  });

  it("payment_confirmed, in the citizen's English, gives the amount paid and when, and links to the pratica", async () => {
    const p = await submittedPratica(tdb.db, ente, service, english);
    const pay = await paymentOf(p, { status: "paid", paidAt: new Date("2026-11-20T09:30:00Z"), paidAmountCents: 4630, receiptId: "R-1" });
    const row = await enqueue(p, "payment_confirmed", { to: "applicant", userId: english.id, paymentId: pay.id, urgent: true });
    await worker(false).drain();
    expect(await statusOf(row.id)).toBe("sent");
    const mail = await mailOf(row.id);
    if (!mail) throw new Error("no payment_confirmed email");
    expect(mail.subject).toContain("payment received");
    const text = mail.text ?? "";
    expect(text).toContain("Amount: €46.30");
    expect(text).toContain("Paid on: 20/11/2026, 10:30");
    expect(text).toContain(`${APP}/${ente.slug}/area-personale/pratiche/${p.id}`);
    expect(text).not.toContain("Notice code");
  });

  it("payment_failed and payment_expired render in both languages, by shape and in full the same", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const pay = await paymentOf(p, { status: "failed" });
    for (const kind of PAYMENT_EMAIL_KINDS) {
      for (const lang of ["it", "en"] as const) {
        const { subject, model } = buildModel({
          kind,
          lang,
          ente,
          appUrl: APP,
          facts: { id: praticaNumber(p), status: p.status, service, protocol: null, personalMessage: null },
          link: `${APP}/x`,
          audience: "citizen",
          leadDetails: paymentDetails(kind as PaymentEmailKind, pay, lang, ente.timezone),
        });
        expect(subject.length).toBeGreaterThan(10);
        const full = await renderEmail(kind, model);
        const shaped = await renderEmailByShape(kind, model);
        expect(shaped).toEqual(full);
        expect(full.text).toContain(lang === "it" ? "Causale" : "Reason for payment");
        expect(full.text).not.toMatch(/%[a-z_]+%/);
      }
    }
    const sent = [];
    for (const kind of ["payment_failed", "payment_expired"]) {
      const row = await enqueue(p, kind, { to: "applicant", userId: citizen.id, paymentId: pay.id, urgent: true });
      await worker(true).drain();
      expect(await statusOf(row.id)).toBe("sent");
      sent.push(await mailOf(row.id));
    }
    const [failed, expired] = sent;
    expect(failed?.text).toContain("non è andato a buon fine");
    expect(failed?.text).toContain("Codice avviso");
    expect(expired?.text).toContain("Da pagare entro il: 31 dicembre 2026");
    expect(expired?.text).not.toContain("Codice avviso");
  });

  it("a transition's notice that names no payment is about the pratica's latest one", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    await paymentOf(p, { status: "cancelled", causale: "Vecchia richiesta", createdAt: new Date(Date.now() - 60_000) });
    await paymentOf(p, { status: "paid", causale: "Diritti di istruttoria", amountCents: 3000, paidAt: new Date(), paidAmountCents: 3000 });
    const row = await enqueue(p, "payment_confirmed", { to: "applicant", userId: citizen.id, event: "confirm_payment", historyId: 1, urgent: true });
    await worker(true).drain();
    expect(await statusOf(row.id)).toBe("sent");
    const text = (await mailOf(row.id))?.text ?? "";
    expect(text).toContain("Causale: Diritti di istruttoria");
    expect(text).toContain("Importo: € 30,00");
    expect(text).not.toContain("Vecchia richiesta");
  });

  it("refuses for good a notice without its payment, or naming another pratica's or another ente's", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const q = await submittedPratica(tdb.db, ente, service, citizen);
    const elsewhereService = await createService(tdb.db, other, { name: "Altro" });
    const elsewhere = await submittedPratica(tdb.db, other, elsewhereService, citizen);
    const ofOther = await paymentOf(q);
    const ofOtherEnte = await paymentOf(elsewhere);
    const rows = [
      await enqueue(p, "payment_due", { to: "applicant", userId: citizen.id, urgent: true }),
      await enqueue(p, "payment_due", { to: "applicant", userId: citizen.id, paymentId: "not-a-uuid", urgent: true }),
      await enqueue(p, "payment_due", { to: "applicant", userId: citizen.id, paymentId: ofOther.id, urgent: true }),
      await enqueue(p, "payment_due", { to: "applicant", userId: citizen.id, paymentId: ofOtherEnte.id, urgent: true }),
    ];
    await worker(true).drain();
    for (const r of rows) {
      expect(await statusOf(r.id)).toBe("dead");
      expect(await mailOf(r.id)).toBeNull();
    }
    const dead = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.status, "dead")));
    expect(dead.map((d) => d.lastError).join(" ")).toMatch(/pagamento (non valido|inesistente)/);
  });
});
