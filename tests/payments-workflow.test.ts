process.env.AUTH_SECRET ??= "p".repeat(40);
process.env.DEMO_MODE = "true";
process.env.APP_URL ??= "http://127.0.0.1:3999";

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, outbox, paymentEvents, paymentProviderSettings, payments, pratiche, protocolEntries, serviceFees, type Ente, type Service, type User } from "@/db/schema";
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError } from "@/lib/errors";
import { OutboxWorker } from "@/lib/outbox/worker";
import { completeDemoCheckout, getDemoCheckout } from "@/lib/payments/demo-checkout";
import { applyPaymentEvent, handlePaymentCallback, reconcilePayments } from "@/lib/payments/events";
import { createPaymentHandler } from "@/lib/payments/outbox";
import { signCallback } from "@/lib/payments/provider";
import { encryptSecret } from "@/lib/payments/secret";
import {
  cancelDeferredPayment,
  getPayment,
  listMyPayments,
  listPraticaPayments,
  paymentNoticePdf,
  requestDeferredPayment,
  requirePayment,
  startPaymentCheckout,
} from "@/lib/payments/workflow";
import { createDraft } from "@/lib/pratiche/drafts";
import { submitPratica } from "@/lib/pratiche/submit";
import type { FormDefinition } from "@/lib/services/form-schema";
import { transition } from "@/lib/workflow/transition";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { startFakeIntermediary, type FakeIntermediary } from "./helpers/fake-intermediary";
import { citizenCtx, createCitizen, createEnte, createService, createStaff, makeCodiceFiscale, operatorCtx, praticaInStatus, systemCtx } from "./helpers/fixtures";

const FORM: FormDefinition = {
  pages: [
    {
      id: "occupazione",
      title: "Occupazione",
      items: [
        { type: "text", name: "oggetto", label: "Oggetto", required: true },
        { type: "number", name: "superficie", label: "Superficie (m²)", required: true, min: 1 },
        { type: "number", name: "giorni", label: "Giorni", required: true, integer: true },
      ],
    },
  ],
};
const ANSWERS = { oggetto: "Trasloco in via Roma 3", superficie: 12, giorni: 3 };

let tdb: TestDatabase;
let demoEnte: Ente;
let restEnte: Ente;
let demoService: Service;
let restService: Service;
let plainService: Service;
let citizen: User;
let other: User;
let operator: User;
let admin: User;
let fake: FakeIntermediary;

async function addFees(service: Service, ente: Ente) {
  await tdb.db.insert(serviceFees).values([
    { enteId: ente.id, serviceId: service.id, position: 1, kind: "stamp_duty", causale: "Imposta di bollo", amountCents: 1600 },
    { enteId: ente.id, serviceId: service.id, position: 2, kind: "formula", causale: "Canone di occupazione", expression: "superficie * giorni * 0.5", budgetLine: "3.01.02", taxonomyCode: "9/0101108TS/" },
  ]);
}

/** Runs the payment topic's due rows until none is left (other topics stay queued). */
async function runPayments(now = new Date()) {
  const worker = new OutboxWorker({ db: tdb.db, handlers: { payment: createPaymentHandler({ db: tdb.db }) }, now: () => now, log: () => {} });
  for (let i = 0; i < 10; i++) {
    const s = await worker.runOnce();
    if (s.claimed === 0) break;
  }
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  demoEnte = await createEnte(tdb.db, { codiceFiscale: "00123450504", pagopaAuxDigit: 3, pagopaSegregationCode: "07" });
  restEnte = await createEnte(tdb.db, { codiceFiscale: "01199250158", pagopaAuxDigit: 0, pagopaApplicationCode: "12" });
  demoService = await createService(tdb.db, demoEnte, { formDefinition: FORM, allowWithdraw: true });
  plainService = await createService(tdb.db, demoEnte);
  restService = await createService(tdb.db, restEnte, { formDefinition: FORM });
  await addFees(demoService, demoEnte);
  await addFees(restService, restEnte);
  citizen = await createCitizen(tdb.db, { codiceFiscale: makeCodiceFiscale() });
  other = await createCitizen(tdb.db, { codiceFiscale: makeCodiceFiscale() });
  operator = await createStaff(tdb.db, demoEnte, "operator", [demoService.id, plainService.id]);
  admin = await createStaff(tdb.db, demoEnte, "admin");
  fake = await startFakeIntermediary();
  await tdb.db.insert(paymentProviderSettings).values({
    enteId: restEnte.id,
    kind: "pagopa-rest",
    baseUrl: fake.url,
    apiKeyEnc: encryptSecret(fake.subscriptionKey),
    callbackSecretEnc: encryptSecret(fake.callbackSecret),
    dueDays: 30,
  });
});
afterAll(async () => {
  await fake?.close();
  await tdb?.close();
});

async function draft(ente: Ente, service: Service, who: User = citizen) {
  return createDraft(citizenCtx(tdb.db, ente, who), service.id, ANSWERS);
}

async function statusOf(praticaId: string) {
  const [p] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, praticaId));
  return p!;
}

async function paymentOf(id: string) {
  const [p] = await tdb.db.select().from(payments).where(eq(payments.id, id));
  return p!;
}

describe("upfront payment with the demo provider", () => {
  it("refuses a plain submission, charges stamp duty + formula, and submits only once paid", async () => {
    const d = await draft(demoEnte, demoService);
    const cctx = citizenCtx(tdb.db, demoEnte, citizen);
    await expect(submitPratica(cctx, d.id)).rejects.toMatchObject({ code: "guard.fees_due" });

    const { pratica, payment } = await requirePayment(cctx, d.id);
    expect(pratica.status).toBe(1500);
    expect(payment.amountCents).toBe(1600 + 1800);
    expect(payment.lines.map((l) => l.amountCents)).toEqual([1600, 1800]);
    expect(payment.status).toBe("creating");
    expect(payment.noticeCode).toMatch(/^307\d{15}$/);
    await expect(startPaymentCheckout(cctx, payment.id, { returnUrl: "http://127.0.0.1:3999/x" })).rejects.toMatchObject({ code: "payments.being_created" });

    await runPayments();
    const published = await paymentOf(payment.id);
    expect(published.status).toBe("pending");
    expect(published.providerRef).toBe(payment.id);
    const due = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, d.id), eq(outbox.kind, "payment_due")));
    expect(due).toHaveLength(1);

    const notice = await paymentNoticePdf(cctx, payment.id, "it");
    expect(notice.pdf.subarray(0, 5).toString()).toBe("%PDF-");

    const { redirectUrl } = await startPaymentCheckout(cctx, payment.id, { returnUrl: "http://127.0.0.1:3999/comune/area-personale/pratiche/1" });
    expect(redirectUrl).toBe(`http://127.0.0.1:3999/${demoEnte.slug}/pagamenti/demo/${payment.id}`);
    expect((await statusOf(d.id)).status).toBe(1510);
    expect((await getDemoCheckout(tdb.db, demoEnte, payment.id))?.amountCents).toBe(3400);

    // The card is refused: failed, payable again.
    const ko = await completeDemoCheckout(tdb.db, demoEnte, payment.id, "fail");
    expect(new URL(ko.redirectUrl).searchParams.get("esito")).toBe("ko");
    expect((await statusOf(d.id)).status).toBe(1530);
    expect((await paymentOf(payment.id)).status).toBe("failed");

    await startPaymentCheckout(cctx, payment.id, { returnUrl: "http://127.0.0.1:3999/r" });
    expect((await statusOf(d.id)).status).toBe(1510);
    const ok = await completeDemoCheckout(tdb.db, demoEnte, payment.id, "pay");
    expect(new URL(ok.redirectUrl).searchParams.get("esito")).toBe("ok");
    expect((await statusOf(d.id)).status).toBe(1520);
    // Paying again is refused by the provider.
    await expect(completeDemoCheckout(tdb.db, demoEnte, payment.id, "pay")).rejects.toMatchObject({ code: "payments.provider_refused" });

    await runPayments();
    const submitted = await statusOf(d.id);
    expect(submitted.status).toBe(2000);
    expect(submitted.numero).toBeTruthy();
    const paid = await paymentOf(payment.id);
    expect(paid.status).toBe("paid");
    expect(paid.paidAmountCents).toBe(3400);
    expect(paid.receiptAttachmentId).toBeTruthy();
    const [receipt] = await tdb.db.select().from(attachments).where(eq(attachments.id, paid.receiptAttachmentId!));
    expect(receipt?.purpose).toBe("receipt");
    const entries = await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, d.id), eq(protocolEntries.documentKind, "payment_receipt")));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.direction).toBe("in");
    const mine = await listMyPayments(cctx);
    expect(mine.find((p) => p.id === payment.id)?.status).toBe("paid");
    const kinds = (await tdb.db.select().from(outbox).where(eq(outbox.praticaId, d.id))).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(["payment_failed", "payment_confirmed", "receipt"]));
  });

  it("a service with nothing to pay is submitted directly, and requirePayment refuses it", async () => {
    const d = await createDraft(citizenCtx(tdb.db, demoEnte, citizen), plainService.id, { oggetto: "Senza costi" });
    await expect(requirePayment(citizenCtx(tdb.db, demoEnte, citizen), d.id)).rejects.toMatchObject({ code: "payments.nothing_due" });
    const { pratica } = await submitPratica(citizenCtx(tdb.db, demoEnte, citizen), d.id);
    expect(pratica.status).toBe(2000);
  });

  it("only the system confirms a payment; another citizen and another ente see nothing", async () => {
    const d = await draft(demoEnte, demoService);
    const { payment } = await requirePayment(citizenCtx(tdb.db, demoEnte, citizen), d.id);
    await expect(transition(citizenCtx(tdb.db, demoEnte, citizen), d.id, "confirm_payment")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(transition(operatorCtx(tdb.db, demoEnte, operator), d.id, "confirm_payment")).rejects.toThrow();
    await expect(getPayment(citizenCtx(tdb.db, demoEnte, other), payment.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getPayment(citizenCtx(tdb.db, restEnte, citizen), payment.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listPraticaPayments(citizenCtx(tdb.db, demoEnte, other), d.id)).rejects.toBeInstanceOf(NotFoundError);
    // The amount is fixed once recorded.
    await expect(tdb.db.update(payments).set({ amountCents: 1 }).where(eq(payments.id, payment.id))).rejects.toThrow();
    expect((await paymentOf(payment.id)).amountCents).toBe(3400);
  });

  it("an unpaid upfront payment expires and the draft comes back to the citizen", async () => {
    const d = await draft(demoEnte, demoService);
    const { payment } = await requirePayment(citizenCtx(tdb.db, demoEnte, citizen), d.id);
    await runPayments();
    const later = new Date(Date.now() + 40 * 86_400_000);
    const r = await reconcilePayments(tdb.db, later, { enteId: demoEnte.id });
    expect(r.changed).toBeGreaterThanOrEqual(1);
    expect((await paymentOf(payment.id)).status).toBe("expired");
    const back = await statusOf(d.id);
    expect(back.status).toBe(1000);
    expect(back.submittedAt).toBeNull();
    const kinds = (await tdb.db.select().from(outbox).where(eq(outbox.praticaId, d.id))).map((x) => x.kind);
    expect(kinds).toContain("payment_expired");
  });
});

describe("the pagoPA intermediary (fake)", () => {
  async function published() {
    const d = await draft(restEnte, restService);
    const { payment } = await requirePayment(citizenCtx(tdb.db, restEnte, citizen), d.id);
    await runPayments();
    const p = await paymentOf(payment.id);
    expect(p.status).toBe("pending");
    return { d, payment: p };
  }

  it("a paid callback is applied once; the duplicate and a late failure change nothing", async () => {
    const { d, payment } = await published();
    fake.pay(payment.providerRef!);
    const body = fake.callbackBody(payment.providerRef!, "evt-1");
    const first = await handlePaymentCallback(tdb.db, restEnte.slug, signCallback(fake.callbackSecret, body), body);
    expect(first).toEqual({ status: 200, body: { outcome: "applied" } });
    const again = await handlePaymentCallback(tdb.db, restEnte.slug, signCallback(fake.callbackSecret, body), body);
    expect(again).toEqual({ status: 200, body: { outcome: "duplicate" } });
    const late = JSON.stringify({ ...JSON.parse(body), eventId: "evt-0", outcome: "KO", amount: null, paymentDate: null, receiptId: null });
    const lateAnswer = await handlePaymentCallback(tdb.db, restEnte.slug, signCallback(fake.callbackSecret, late), late);
    expect(lateAnswer).toEqual({ status: 200, body: { outcome: "ignored" } });
    const events = await tdb.db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, payment.id));
    expect(events.filter((e) => e.kind === "paid")).toHaveLength(1);
    expect(events.find((e) => e.providerEventId === "cb:evt-0")?.outcome).toBe("ignored");
    expect((await statusOf(d.id)).status).toBe(1520);
    await runPayments();
    expect((await statusOf(d.id)).status).toBe(2000);
    expect((await paymentOf(payment.id)).receiptAttachmentId).toBeTruthy();
  });

  it("a forged or stale callback is refused and nothing is marked paid", async () => {
    const { d, payment } = await published();
    fake.pay(payment.providerRef!);
    const body = fake.callbackBody(payment.providerRef!, "evt-forged");
    const forged = await handlePaymentCallback(tdb.db, restEnte.slug, signCallback("x".repeat(32), body), body);
    expect(forged.status).toBe(401);
    const stale = await handlePaymentCallback(tdb.db, restEnte.slug, signCallback(fake.callbackSecret, body, new Date(Date.now() - 3_600_000)), body);
    expect(stale).toMatchObject({ status: 401, body: { code: "payments.callback_stale" } });
    const tampered = body.replace(/"amount":\d+/, '"amount":1');
    const wrongAmount = await handlePaymentCallback(tdb.db, restEnte.slug, signCallback(fake.callbackSecret, tampered), tampered);
    expect(wrongAmount).toMatchObject({ status: 422, body: { code: "payments.callback_amount_mismatch" } });
    const otherEnte = await handlePaymentCallback(tdb.db, demoEnte.slug, signCallback(fake.callbackSecret, body), body);
    expect(otherEnte.status).toBe(401);
    expect((await paymentOf(payment.id)).status).toBe("pending");
    expect((await statusOf(d.id)).status).toBe(1500);
  });

  it("reconciliation finds a payment whose callback never arrived", async () => {
    const { d, payment } = await published();
    fake.pay(payment.providerRef!);
    const soon = await reconcilePayments(tdb.db, new Date(), { enteId: restEnte.id });
    expect(soon.checked).toBe(0); // too fresh: the callback may still come
    // (The forged test's position was paid at the intermediary too: reconciliation rightly finds that one as well.)
    const r = await reconcilePayments(tdb.db, new Date(Date.now() + 5 * 60_000), { enteId: restEnte.id });
    expect(r.changed).toBeGreaterThanOrEqual(1);
    expect((await paymentOf(payment.id)).status).toBe("paid");
    expect((await statusOf(d.id)).status).toBe(1520);
  });

  it("the intermediary down: the position is retried through the outbox, created once, and the citizen told to come back", async () => {
    const d = await draft(restEnte, restService);
    const cctx = citizenCtx(tdb.db, restEnte, citizen);
    const { payment } = await requirePayment(cctx, d.id);
    const before = fake.positions.size;
    fake.mode = "error500";
    await runPayments();
    const [row] = await tdb.db.select().from(outbox).where(eq(outbox.idempotencyKey, `payment:create:${payment.id}`));
    expect(row?.status).toBe("pending");
    expect(row?.attempts).toBe(1);
    expect((await paymentOf(payment.id)).status).toBe("creating");
    expect((await paymentOf(payment.id)).lastError).toContain("payments.provider_unavailable");
    await expect(startPaymentCheckout(cctx, payment.id, { returnUrl: "http://127.0.0.1:3999/r" })).rejects.toBeInstanceOf(ConflictError);
    fake.mode = "ok";
    await runPayments(new Date(Date.now() + 3_600_000));
    expect((await paymentOf(payment.id)).status).toBe("pending");
    expect(fake.positions.size).toBe(before + 1);
    // Running the job again (a crash after the call) publishes nothing new.
    await tdb.db.update(outbox).set({ status: "pending", availableAt: new Date(0) }).where(eq(outbox.id, row!.id));
    await runPayments();
    expect(fake.positions.size).toBe(before + 1);
  });
});

describe("deferred payment", () => {
  it("the operator asks during processing; the pratica waits and resumes when paid", async () => {
    const p = await praticaInStatus(tdb.db, demoEnte, plainService, citizen, operator, admin, 4000);
    const octx = operatorCtx(tdb.db, demoEnte, operator);
    await expect(requestDeferredPayment(octx, p.id, { amountCents: 0, causale: "Diritti" })).rejects.toMatchObject({ code: "payments.amount_invalid" });
    await expect(requestDeferredPayment(citizenCtx(tdb.db, demoEnte, citizen), p.id, { amountCents: 5000, causale: "Diritti" })).rejects.toBeInstanceOf(ForbiddenError);
    const { pratica, payment } = await requestDeferredPayment(octx, p.id, { amountCents: 5000, causale: "Diritti di segreteria" });
    expect(pratica.status).toBe(1500);
    expect(payment.phase).toBe("deferred");
    await runPayments();
    const cctx = citizenCtx(tdb.db, demoEnte, citizen);
    await startPaymentCheckout(cctx, payment.id, { returnUrl: "http://127.0.0.1:3999/r" });
    await completeDemoCheckout(tdb.db, demoEnte, payment.id, "pay");
    expect((await statusOf(p.id)).status).toBe(1520);
    await runPayments();
    const resumed = await statusOf(p.id);
    expect(resumed.status).toBe(4000);
    expect(resumed.assignedOperatorId).toBe(operator.id);
  });

  it("the operator can withdraw an unpaid request; a second request while one is open is refused by the workflow", async () => {
    const p = await praticaInStatus(tdb.db, demoEnte, plainService, citizen, operator, admin, 4000);
    const octx = operatorCtx(tdb.db, demoEnte, operator);
    const { payment } = await requestDeferredPayment(octx, p.id, { amountCents: 1200, causale: "Rimborso spese" });
    await expect(requestDeferredPayment(octx, p.id, { amountCents: 1200, causale: "Ancora" })).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(cancelDeferredPayment(octx, p.id, { message: "" })).rejects.toMatchObject({ code: "workflow.message_required" });
    const { pratica } = await cancelDeferredPayment(octx, p.id, { message: "Importo non più dovuto" });
    expect(pratica.status).toBe(4000);
    expect((await paymentOf(payment.id)).status).toBe("cancelled");
    // A payment notified after the cancellation is still money received: recorded, and the pratica stays where it is.
    const r = await applyPaymentEvent(tdb.db, demoEnte, payment.id, { providerEventId: "late-paid", source: "callback", kind: "paid", paidAmountCents: 1200, paidAt: new Date(), receiptId: "R-1" });
    expect(r.result).toBe("applied");
    expect((await statusOf(p.id)).status).toBe(4000);
  });

  it("system actors cannot be impersonated through transition by a partner-less operator of another ente", async () => {
    const p = await praticaInStatus(tdb.db, demoEnte, plainService, citizen, operator, admin, 4000);
    const stranger = await createStaff(tdb.db, restEnte, "operator", [restService.id]);
    await expect(requestDeferredPayment(operatorCtx(tdb.db, restEnte, stranger), p.id, { amountCents: 100, causale: "X" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(transition(systemCtx(tdb.db, demoEnte), p.id, "confirm_payment")).rejects.toBeInstanceOf(InvalidTransitionError);
  });
});

describe("the hand-off to a checkout on another site", () => {
  it("is a 303 on this site and a page that moves on by itself (not a form redirect, which the CSP forbids) elsewhere", async () => {
    const { checkoutResponse } = await import("@/lib/payments/handoff");
    const same = checkoutResponse("http://127.0.0.1:3999/comune/pagamenti/demo/x", "http://127.0.0.1:3999", "it");
    expect(same.status).toBe(303);
    expect(same.headers.get("location")).toBe("http://127.0.0.1:3999/comune/pagamenti/demo/x");
    const away = checkoutResponse('https://checkout.example/pay?a=1&b="2"', "http://127.0.0.1:3999", "en");
    expect(away.status).toBe(200);
    const html = await away.text();
    expect(html).toContain('<meta http-equiv="refresh" content="0;url=https://checkout.example/pay?a=1&amp;b=%222%22">');
    expect(html).toContain('<html lang="en">');
    expect(html).not.toContain('"2"');
    expect(() => checkoutResponse("javascript:alert(1)", "http://127.0.0.1:3999", "it")).toThrow();
  });
});
