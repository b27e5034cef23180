import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDemoProvider, type DemoPosition } from "@/lib/payments/demo-provider";
import { buildNoticeCode } from "@/lib/payments/iuv";
import { createPagopaRestProvider, pagopaRestConfigSchema } from "@/lib/payments/pagopa-rest";
import {
  CALLBACK_SIGNATURE_HEADER,
  CALLBACK_TIMESTAMP_HEADER,
  isRetryable,
  PaymentProviderError,
  signCallback,
  type CallbackResult,
  type CreatePositionInput,
  type PaymentProvider,
} from "@/lib/payments/provider";
import { startFakeIntermediary, type FakeIntermediary } from "./helpers/fake-intermediary";

const CREDITOR = { fiscalCode: "01199250158", name: "Comune di Roccabianca" };
const RETURN = { ok: "https://stanza.test/pay/ok", ko: "https://stanza.test/pay/ko", cancel: "https://stanza.test/pay/cancel" };
let seq = 100;

function positionInput(over: Partial<CreatePositionInput> = {}): CreatePositionInput {
  const { noticeCode, iuv } = buildNoticeCode({ auxDigit: 3, segregationCode: "47" }, ++seq);
  return {
    positionId: `pos-${seq}`,
    noticeCode,
    iuv,
    amountCents: 4_850,
    causale: "Occupazione suolo pubblico - via Roma 12",
    dueDate: "2099-12-31",
    creditor: CREDITOR,
    debtor: { fiscalCode: "rssmra80a01h501u", fullName: "Mario Rossi", email: "mario.rossi@example.it" },
    transfers: [
      { amountCents: 1_600, causale: "Imposta di bollo", taxonomyCode: "9/0101108TS/" },
      { amountCents: 3_250, causale: "Canone occupazione 5 gg x 6,5 mq", taxonomyCode: "9/0201133IM/", budgetLine: "3.01.02.01" },
    ],
    ...over,
  };
}

async function codeOf(p: Promise<unknown>): Promise<{ code: string; retryable: boolean }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(PaymentProviderError);
    const e = err as PaymentProviderError;
    expect(isRetryable(e)).toBe(e.retryable);
    return { code: e.code, retryable: e.retryable };
  }
  throw new Error("expected a PaymentProviderError");
}

/** A receiving end for notifications: collects raw body and headers, answers with the provider's verdict. */
async function startReceiver(provider: () => PaymentProvider) {
  const results: CallbackResult[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = provider().verifyCallback(req.headers, Buffer.concat(chunks));
      results.push(r);
      res.writeHead(r.ok ? 200 : 401, { "Content-Type": "application/json" });
      res.end(JSON.stringify(r.ok ? { eventId: r.event.eventId } : { code: r.code }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  return { url, results, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("pagoPA REST adapter against the fake intermediary", () => {
  let fake: FakeIntermediary;
  let clock = new Date();
  let provider: PaymentProvider;
  const make = (timeoutMs = 2_000) =>
    createPagopaRestProvider(
      { baseUrl: fake.url, subscriptionKey: fake.subscriptionKey, callbackSecret: fake.callbackSecret, brokerCode: "77777777777", stationCode: "77777777777_01", timeoutMs },
      { creditorFiscalCode: CREDITOR.fiscalCode, now: () => clock },
    );

  beforeAll(async () => {
    fake = await startFakeIntermediary();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.mode = "ok";
    clock = new Date();
    provider = make();
  });

  it("creates and publishes the position, sends to the checkout, reads it paid and downloads the receipt", async () => {
    const input = positionInput();
    const created = await provider.createPosition(input);
    expect(created).toEqual({ providerRef: input.positionId, noticeCode: input.noticeCode, iuv: input.iuv, amountCents: 4_850, dueDate: "2099-12-31" });

    const req = fake.requests.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe(`/organizations/${CREDITOR.fiscalCode}/debtpositions?toPublish=true`);
    expect(req.headers["ocp-apim-subscription-key"]).toBe(fake.subscriptionKey);
    expect(req.headers["x-broker-code"]).toBe("77777777777");
    const sent = req.body as { fiscalCode: string; fullName: string; paymentOption: { iuv: string; nav: string; amount: number; transfer: { amount: number; organizationFiscalCode: string; category: string; remittanceInformation: string }[] }[] };
    expect(sent.fiscalCode).toBe("RSSMRA80A01H501U");
    expect(sent.fullName).toBe("Mario Rossi");
    expect(sent.paymentOption[0]).toMatchObject({ iuv: input.iuv, nav: input.noticeCode, amount: 4_850 });
    expect(sent.paymentOption[0]!.transfer).toEqual([
      { idTransfer: "1", amount: 1_600, organizationFiscalCode: CREDITOR.fiscalCode, remittanceInformation: "Imposta di bollo", category: "9/0101108TS/" },
      { idTransfer: "2", amount: 3_250, organizationFiscalCode: CREDITOR.fiscalCode, remittanceInformation: "Canone occupazione 5 gg x 6,5 mq", category: "9/0201133IM/" },
    ]);

    const { redirectUrl } = await provider.startCheckout(created, RETURN, { email: "mario.rossi@example.it" });
    expect(redirectUrl).toBe(`https://checkout.fake-pagopa.test/c/${input.noticeCode}`);
    expect(fake.positions.get(input.positionId)!.returnUrls).toEqual(RETURN);

    expect(await provider.getStatus(created)).toEqual({ state: "pending", payable: true });
    // Not paid yet: no receipt, and that is worth asking again later.
    expect(await codeOf(provider.downloadReceipt(created))).toEqual({ code: "payments.receipt_not_available", retryable: true });

    const paidAt = new Date("2026-12-01T10:15:00.000Z");
    fake.pay(input.positionId, paidAt);
    expect(await provider.getStatus(created)).toEqual({ state: "paid", payable: false, paidAmountCents: 4_850, paidAt, receiptId: `RT-${input.iuv}` });
    const pdf = await provider.downloadReceipt(created);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.toString("latin1")).toContain(input.iuv);
    // A paid position has no checkout any more.
    expect(await codeOf(provider.startCheckout(created, RETURN))).toEqual({ code: "payments.provider_refused", retryable: false });
  });

  it("reads a failed attempt, a cancelled attempt and an expired position", async () => {
    const a = await provider.createPosition(positionInput());
    fake.fail(a.providerRef);
    expect(await provider.getStatus(a)).toEqual({ state: "failed", payable: true });
    fake.cancel(a.providerRef);
    expect(await provider.getStatus(a)).toEqual({ state: "cancelled", payable: true });
    fake.expire(a.providerRef);
    expect(await provider.getStatus(a)).toEqual({ state: "expired", payable: false });
  });

  it("a create retried after its answer was lost gives the same position, never a second one", async () => {
    const input = positionInput();
    const first = await provider.createPosition(input);
    const again = await provider.createPosition(input);
    expect(again).toEqual(first);
    expect(fake.positions.size).toBeGreaterThan(0);
    expect([...fake.positions.values()].filter((p) => p.iuv === input.iuv)).toHaveLength(1);
    // The same id with another amount is not "the same position": the partner's copy does not match, refused.
    const other = { ...input, amountCents: 1_600, transfers: [input.transfers[0]!] };
    expect(await codeOf(provider.createPosition(other))).toEqual({ code: "payments.provider_invalid_answer", retryable: false });
  });

  it("refuses bad input before calling anyone", async () => {
    const before = fake.requests.length;
    const good = positionInput();
    for (const bad of [
      { ...good, amountCents: 0 },
      { ...good, amountCents: 48.5 },
      { ...good, amountCents: 4_851 }, // transfers do not add up
      { ...good, noticeCode: good.noticeCode.slice(0, 17) + ((Number(good.noticeCode[17]) + 1) % 10) }, // check digits
      { ...good, iuv: "0".repeat(17) }, // not the notice code's IUV
      { ...good, dueDate: "2099-02-30" },
      { ...good, debtor: { fiscalCode: "nope", fullName: "Mario Rossi" } },
      { ...good, transfers: [{ amountCents: 4_850, causale: "x", taxonomyCode: "0101108TS" }] },
    ])
      expect(await codeOf(provider.createPosition(bad as CreatePositionInput))).toEqual({ code: "payments.invalid_position", retryable: false });
    const created = await provider.createPosition(good);
    expect(await codeOf(provider.startCheckout(created, { ...RETURN, ok: "javascript:alert(1)" }))).toEqual({ code: "payments.invalid_position", retryable: false });
    expect(await codeOf(provider.getStatus({ ...created, amountCents: -1 }))).toEqual({ code: "payments.invalid_position", retryable: false });
    expect(fake.requests.length).toBe(before + 1);
  });

  it("the configuration is checked", () => {
    expect(pagopaRestConfigSchema.safeParse({ baseUrl: "ftp://x", subscriptionKey: "k", callbackSecret: "s" }).success).toBe(false);
    const ok = pagopaRestConfigSchema.parse({ baseUrl: "https://partner.example.it/gpd/", subscriptionKey: "12345678", callbackSecret: "0123456789abcdef" });
    expect(ok).toMatchObject({ baseUrl: "https://partner.example.it/gpd", timeoutMs: 10_000 });
    expect(() => createPagopaRestProvider({ baseUrl: "nope", subscriptionKey: "12345678", callbackSecret: "0123456789abcdef" }, { creditorFiscalCode: CREDITOR.fiscalCode })).toThrow(PaymentProviderError);
  });

  it("500, 429 and a partner that never answers are retryable; nothing is decided", async () => {
    const input = positionInput();
    fake.mode = "error500";
    expect(await codeOf(provider.createPosition(input))).toEqual({ code: "payments.provider_unavailable", retryable: true });
    fake.mode = "throttle";
    expect(await codeOf(provider.createPosition(input))).toEqual({ code: "payments.provider_unavailable", retryable: true });
    const throttled = await provider.createPosition(input).catch((e: unknown) => e);
    expect(throttled).toMatchObject({ retryAfterSeconds: 30, status: 503 });
    fake.mode = "hang";
    const slow = make(300);
    const started = Date.now();
    expect(await codeOf(slow.createPosition(input))).toEqual({ code: "payments.provider_unavailable", retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fake.positions.has(input.positionId)).toBe(false);
    // Back up: the outbox's next try goes through.
    fake.mode = "ok";
    expect((await provider.createPosition(input)).noticeCode).toBe(input.noticeCode);
  });

  it("a partner that is not there at all is retryable", async () => {
    const gone = createPagopaRestProvider({ baseUrl: "http://127.0.0.1:1", subscriptionKey: "12345678", callbackSecret: "0123456789abcdef" }, { creditorFiscalCode: CREDITOR.fiscalCode });
    expect(await codeOf(gone.createPosition(positionInput()))).toEqual({ code: "payments.provider_unavailable", retryable: true });
  });

  it("garbage and lying answers are coded errors, final", async () => {
    const input = positionInput();
    fake.mode = "garbage";
    expect(await codeOf(provider.createPosition(input))).toEqual({ code: "payments.provider_invalid_answer", retryable: false });
    fake.mode = "wrong-amount";
    expect(await codeOf(provider.createPosition(positionInput()))).toEqual({ code: "payments.provider_invalid_answer", retryable: false });
    fake.mode = "ok";
    const created = await provider.createPosition(input);
    fake.pay(input.positionId);
    fake.mode = "wrong-amount";
    // Paid, the partner says, but not what was asked: never believed.
    expect(await codeOf(provider.getStatus(created))).toEqual({ code: "payments.provider_invalid_answer", retryable: false });
    fake.mode = "garbage";
    expect(await codeOf(provider.downloadReceipt(created))).toEqual({ code: "payments.provider_invalid_answer", retryable: false });
    fake.mode = "ok";
    // A status for another position than the one asked about.
    expect(await codeOf(provider.getStatus({ ...created, noticeCode: positionInput().noticeCode }))).toEqual({ code: "payments.provider_invalid_answer", retryable: false });
  });

  it("a wrong key and an unknown position are final refusals", async () => {
    const wrongKey = createPagopaRestProvider({ baseUrl: fake.url, subscriptionKey: "not-the-key", callbackSecret: fake.callbackSecret }, { creditorFiscalCode: CREDITOR.fiscalCode });
    expect(await codeOf(wrongKey.createPosition(positionInput()))).toEqual({ code: "payments.provider_refused", retryable: false });
    const p = positionInput();
    expect(await codeOf(provider.getStatus({ providerRef: p.positionId, noticeCode: p.noticeCode, iuv: p.iuv, amountCents: 100 }))).toEqual({ code: "payments.provider_not_found", retryable: false });
  });

  describe("callbacks", () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      receiver = await startReceiver(() => provider);
    });
    afterAll(async () => {
      await receiver.close();
    });

    it("a signed notification is accepted and its event read; the same one twice has the same event id", async () => {
      const input = positionInput();
      await provider.createPosition(input);
      const paidAt = new Date("2026-12-01T09:00:00.000Z");
      fake.pay(input.positionId, paidAt);
      const body = fake.callbackBody(input.positionId, "evt-paid-1");
      const first = await fake.sendCallback(receiver.url, body);
      const second = await fake.sendCallback(receiver.url, body);
      expect(first).toEqual({ status: 200, text: JSON.stringify({ eventId: "evt-paid-1" }) });
      expect(second.status).toBe(200);
      const [a, b] = receiver.results.slice(-2);
      expect(a).toEqual({
        ok: true,
        event: expect.objectContaining({ eventId: "evt-paid-1", providerRef: input.positionId, noticeCode: input.noticeCode, iuv: input.iuv, kind: "paid", paidAmountCents: 4_850, paidAt, receiptId: `RT-${input.iuv}` }),
      });
      expect(b!.ok && a!.ok && b!.event.eventId === a!.event.eventId).toBe(true);
    });

    it("a failed and a cancelled attempt are events too", async () => {
      const input = positionInput();
      await provider.createPosition(input);
      fake.fail(input.positionId);
      await fake.sendCallback(receiver.url, fake.callbackBody(input.positionId));
      fake.cancel(input.positionId);
      await fake.sendCallback(receiver.url, fake.callbackBody(input.positionId));
      const [ko, cancel] = receiver.results.slice(-2);
      expect(ko).toMatchObject({ ok: true, event: { kind: "failed", paidAmountCents: null, receiptId: null } });
      expect(cancel).toMatchObject({ ok: true, event: { kind: "cancelled" } });
    });

    it("a forged signature, a changed body and missing headers are refused", async () => {
      const input = positionInput();
      await provider.createPosition(input);
      fake.pay(input.positionId);
      const body = fake.callbackBody(input.positionId);
      expect(await fake.sendCallback(receiver.url, body, { secret: "someone-else-s-secret-0123" })).toEqual({ status: 401, text: JSON.stringify({ code: "payments.callback_bad_signature" }) });

      const headers = signCallback(fake.callbackSecret, body);
      const tampered = body.replace('"amount":4850', '"amount":1');
      expect(tampered).not.toBe(body);
      expect(provider.verifyCallback(headers, tampered)).toEqual({ ok: false, code: "payments.callback_bad_signature" });
      expect(provider.verifyCallback({}, body)).toEqual({ ok: false, code: "payments.callback_bad_signature" });
      expect(provider.verifyCallback({ [CALLBACK_TIMESTAMP_HEADER]: headers[CALLBACK_TIMESTAMP_HEADER], [CALLBACK_SIGNATURE_HEADER]: "zz" }, body)).toEqual({ ok: false, code: "payments.callback_bad_signature" });
      expect(provider.verifyCallback(new Headers(headers), body)).toMatchObject({ ok: true });
    });

    it("a notification older than five minutes, or from the future, is refused", async () => {
      const input = positionInput();
      await provider.createPosition(input);
      fake.pay(input.positionId);
      const body = fake.callbackBody(input.positionId);
      const sixMinutes = 6 * 60 * 1000;
      expect(await fake.sendCallback(receiver.url, body, { at: new Date(clock.getTime() - sixMinutes) })).toMatchObject({ status: 401, text: JSON.stringify({ code: "payments.callback_stale" }) });
      expect(await fake.sendCallback(receiver.url, body, { at: new Date(clock.getTime() + sixMinutes) })).toMatchObject({ status: 401, text: JSON.stringify({ code: "payments.callback_stale" }) });
      // Within the window: fine. The clock is the provider's, injected.
      expect(await fake.sendCallback(receiver.url, body, { at: new Date(clock.getTime() - 4 * 60 * 1000) })).toMatchObject({ status: 200 });
      clock = new Date(clock.getTime() + 10 * sixMinutes);
      const headers = signCallback(fake.callbackSecret, body, new Date());
      expect(provider.verifyCallback(headers, body)).toEqual({ ok: false, code: "payments.callback_stale" });
    });

    it("a well-signed body that makes no sense is refused as invalid", () => {
      for (const body of ["not json", JSON.stringify({ eventId: "e" }), JSON.stringify({ eventId: "e", iupd: "x", noticeNumber: "301000000000000112", iuv: "000000000000000", outcome: "PAID", amount: 100 })])
        expect(provider.verifyCallback(signCallback(fake.callbackSecret, body, clock), body)).toEqual({ ok: false, code: "payments.callback_invalid" });
    });
  });
});

describe("demo provider through the same interface", () => {
  const stored = new Map<string, DemoPosition>();
  const store = {
    get: async (ref: string) => stored.get(ref) ?? null,
    put: async (p: DemoPosition) => void stored.set(p.providerRef, structuredClone(p)),
  };
  let clock = new Date("2026-12-01T10:00:00.000Z");
  const demo = createDemoProvider({ store, checkoutBaseUrl: "https://stanza.test/roccabianca/pagamenti/demo/", callbackSecret: "demo-secret-0123456789", now: () => clock });
  const asProvider: PaymentProvider = demo;

  it("create → checkout → pay → paid with a receipt, and the notification verifies", async () => {
    const input = positionInput({ dueDate: "2026-12-31" });
    const created = await asProvider.createPosition(input);
    expect(created).toEqual({ providerRef: input.positionId, noticeCode: input.noticeCode, iuv: input.iuv, amountCents: 4_850, dueDate: "2026-12-31" });
    expect(await asProvider.createPosition(input)).toEqual(created);
    expect(await codeOf(asProvider.createPosition({ ...input, amountCents: 1_600, transfers: [input.transfers[0]!] }))).toEqual({ code: "payments.provider_refused", retryable: false });

    expect(await codeOf(demo.completeCheckout(input.positionId, "pay"))).toEqual({ code: "payments.provider_refused", retryable: false });
    const { redirectUrl } = await asProvider.startCheckout(created, RETURN);
    expect(redirectUrl).toBe(`https://stanza.test/roccabianca/pagamenti/demo/${input.positionId}`);
    expect(await asProvider.getStatus(created)).toEqual({ state: "pending", payable: true });
    expect(await codeOf(asProvider.downloadReceipt(created))).toEqual({ code: "payments.receipt_not_available", retryable: true });

    const out = await demo.completeCheckout(input.positionId, "pay");
    expect(out.redirectUrl).toBe(RETURN.ok);
    const status = await asProvider.getStatus(created);
    expect(status).toMatchObject({ state: "paid", paidAmountCents: 4_850, paidAt: clock });
    const verdict = asProvider.verifyCallback(out.callback.headers, out.callback.body);
    expect(verdict).toMatchObject({ ok: true, event: { eventId: `${input.positionId}:1`, kind: "paid", paidAmountCents: 4_850, receiptId: status.state === "paid" ? status.receiptId : "" } });
    const pdf = await asProvider.downloadReceipt(created);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // Paid once: never twice.
    expect(await codeOf(demo.completeCheckout(input.positionId, "pay"))).toEqual({ code: "payments.provider_refused", retryable: false });
    expect(await codeOf(asProvider.startCheckout(created, RETURN))).toEqual({ code: "payments.provider_refused", retryable: false });
  });

  it("fail and cancel send back to their URLs and leave the position payable; past its due day it expires", async () => {
    const input = positionInput({ dueDate: "2026-12-02" });
    const created = await asProvider.createPosition(input);
    await asProvider.startCheckout(created, RETURN);
    const ko = await demo.completeCheckout(input.positionId, "fail");
    expect(ko.redirectUrl).toBe(RETURN.ko);
    expect(asProvider.verifyCallback(ko.callback.headers, ko.callback.body)).toMatchObject({ ok: true, event: { kind: "failed", eventId: `${input.positionId}:1` } });
    expect(await asProvider.getStatus(created)).toEqual({ state: "failed", payable: true });
    const cancel = await demo.completeCheckout(input.positionId, "cancel");
    expect(cancel.redirectUrl).toBe(RETURN.cancel);
    expect(await asProvider.getStatus(created)).toEqual({ state: "cancelled", payable: true });
    // Another secret is a forged notification for the demo too.
    expect(createDemoProvider({ store, checkoutBaseUrl: "https://x.test/", callbackSecret: "another-secret-0123456" }).verifyCallback(cancel.callback.headers, cancel.callback.body)).toEqual({ ok: false, code: "payments.callback_bad_signature" });

    clock = new Date("2026-12-02T22:59:00.000Z"); // 23:59 in Rome, still the due day
    expect((await asProvider.getStatus(created)).state).toBe("cancelled");
    clock = new Date("2026-12-02T23:01:00.000Z"); // 00:01 on the 3rd in Rome
    expect(await asProvider.getStatus(created)).toEqual({ state: "expired", payable: false });
    expect(await codeOf(demo.completeCheckout(input.positionId, "pay"))).toEqual({ code: "payments.provider_refused", retryable: false });
    expect(await codeOf(asProvider.getStatus({ ...created, amountCents: 1 }))).toEqual({ code: "payments.provider_invalid_answer", retryable: false });
    expect(await codeOf(asProvider.getStatus({ ...created, providerRef: "unknown" }))).toEqual({ code: "payments.provider_not_found", retryable: false });
    clock = new Date("2026-12-01T10:00:00.000Z");
  });
});
