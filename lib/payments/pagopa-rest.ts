import { z } from "zod";
import {
  invalidAnswer,
  parseCreatePositionInput,
  parsePositionRef,
  parseReturnUrls,
  PaymentProviderError,
  refused,
  unavailable,
  verifySignedCallback,
  type CallbackHeaders,
  type CallbackResult,
  type CreatedPosition,
  type CreatePositionData,
  type CreatePositionInput,
  type PaymentProvider,
  type PositionRef,
  type PositionStatus,
  type ReturnUrls,
} from "./provider";

/**
 * The adapter for an intermediary's (partner tecnologico's) REST API, modelled on pagoPA's GPD ("Gestione Posizioni
 * Debitorie") and on the checkout's carts call. One instance per ente, from its configuration. No retries here:
 * a retryable failure goes back to the outbox, which tries again later.
 *
 *   POST {base}/organizations/{cf}/debtpositions?toPublish=true   create and publish, one payment option
 *   GET  {base}/organizations/{cf}/debtpositions/{iupd}            the position and its option's status
 *   POST {base}/carts                                              → 302, Location: the checkout
 *   GET  {base}/organizations/{cf}/receipts/{iuv}/pdf              the receipt, application/pdf
 */

export const pagopaRestConfigSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, "")),
  /** Sent as `Ocp-Apim-Subscription-Key`, as pagoPA's API gateway wants it. */
  subscriptionKey: z.string().min(8).max(200),
  /** Shared with the intermediary: the callbacks' HMAC key. */
  callbackSecret: z.string().min(16).max(200),
  brokerCode: z.string().regex(/^[0-9A-Za-z_-]{1,35}$/).nullable().optional(),
  stationCode: z.string().regex(/^[0-9A-Za-z_-]{1,35}$/).nullable().optional(),
  /** Per request, milliseconds. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
});
export type PagopaRestConfig = z.input<typeof pagopaRestConfigSchema>;

export type PagopaRestOptions = {
  /** The ente whose positions these are (its 11-digit fiscal code is in the paths). */
  creditorFiscalCode: string;
  /** Injectable clock for the callbacks' age check. */
  now?: () => Date;
  fetch?: typeof fetch;
};

// ---- What the intermediary answers (validated before it is believed) ----------------------------------------------

const iuvSchema = z.string().regex(/^[0-9]{15}$|^[0-9]{17}$/);
const navSchema = z.string().regex(/^[0-9]{18}$/);
const amountSchema = z.number().int().min(1);

const optionAnswerSchema = z.object({
  iuv: iuvSchema,
  nav: navSchema,
  amount: amountSchema,
  dueDate: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()),
  status: z.enum(["PO_UNPAID", "PO_PAID", "PO_PARTIALLY_REPORTED", "PO_REPORTED"]),
  paymentDate: z.iso.datetime({ offset: true, local: true }).nullable().optional(),
  /** The receipt's id (GPD's name). */
  idReceipt: z.string().min(1).max(100).nullable().optional(),
  /** The intermediary's addition to GPD: the last checkout attempt's outcome, when it did not pay. */
  lastAttemptOutcome: z.enum(["KO", "CANCELLED"]).nullable().optional(),
});

const positionAnswerSchema = z.object({
  iupd: z.string().min(1).max(200),
  status: z.enum(["DRAFT", "PUBLISHED", "VALID", "INVALID", "EXPIRED", "PARTIALLY_PAID", "PAID", "REPORTED"]),
  paymentOption: z.array(optionAnswerSchema).length(1),
});
type PositionAnswer = z.infer<typeof positionAnswerSchema>;

export function createPagopaRestProvider(config: PagopaRestConfig, options: PagopaRestOptions): PaymentProvider {
  const cfgParsed = pagopaRestConfigSchema.safeParse(config);
  if (!cfgParsed.success) throw new PaymentProviderError("payments.provider_refused", { retryable: false, params: { detail: "configuration" } });
  const cfg = cfgParsed.data;
  if (!/^[0-9]{11}$/.test(options.creditorFiscalCode)) throw new PaymentProviderError("payments.invalid_position", { retryable: false, params: { detail: "creditor fiscal code" } });
  const org = `${cfg.baseUrl}/organizations/${options.creditorFiscalCode}`;
  const now = options.now ?? (() => new Date());
  const doFetch = options.fetch ?? fetch;

  async function call(url: string, init: { method: string; body?: unknown; accept: string }): Promise<Response> {
    const headers: Record<string, string> = { "Ocp-Apim-Subscription-Key": cfg.subscriptionKey, Accept: init.accept };
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    if (cfg.brokerCode) headers["X-Broker-Code"] = cfg.brokerCode;
    if (cfg.stationCode) headers["X-Station-Code"] = cfg.stationCode;
    let res: Response;
    try {
      res = await doFetch(url, {
        method: init.method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        redirect: "manual",
        signal: AbortSignal.timeout(cfg.timeoutMs),
      });
    } catch (err) {
      const name = err instanceof Error ? err.name : "";
      throw unavailable(name === "TimeoutError" || name === "AbortError" ? "timeout" : "network", err);
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      await res.body?.cancel();
      const after = res.headers.get("retry-after");
      throw unavailable(`http ${res.status}`, undefined, after && /^[0-9]{1,6}$/.test(after) ? Number(after) : null);
    }
    return res;
  }

  async function readJson(res: Response): Promise<unknown> {
    const text = await readText(res);
    try {
      return JSON.parse(text);
    } catch {
      throw invalidAnswer("not json");
    }
  }

  async function readText(res: Response): Promise<string> {
    try {
      return await res.text();
    } catch (err) {
      // The body was cut off (connection reset, timeout while reading): nothing was learned, try again later.
      throw unavailable("body", err);
    }
  }

  async function refusal(res: Response, what: string): Promise<never> {
    await res.body?.cancel();
    if (res.status === 404) throw new PaymentProviderError("payments.provider_not_found", { retryable: false, params: { detail: what } });
    throw refused(`${what}: http ${res.status}`);
  }

  function parsePosition(json: unknown, expect: PositionRef): PositionAnswer {
    const r = positionAnswerSchema.safeParse(json);
    if (!r.success) throw invalidAnswer("position shape");
    const p = r.data;
    const o = p.paymentOption[0]!;
    // A partner that answers another position, another code or another amount is not believed.
    if (p.iupd !== expect.providerRef || o.iuv !== expect.iuv || o.nav !== expect.noticeCode) throw invalidAnswer("position identity");
    if (o.amount !== expect.amountCents) throw invalidAnswer("position amount");
    return p;
  }

  function body(p: CreatePositionData) {
    return {
      iupd: p.positionId,
      type: p.debtor.kind,
      fiscalCode: p.debtor.fiscalCode,
      fullName: p.debtor.fullName,
      email: p.debtor.email,
      companyName: p.creditor.name,
      switchToExpired: true,
      paymentOption: [
        {
          iuv: p.iuv,
          nav: p.noticeCode,
          amount: p.amountCents,
          description: p.causale,
          isPartialPayment: false,
          dueDate: `${p.dueDate}T23:59:59`,
          transfer: p.transfers.map((t, i) => ({
            idTransfer: String(i + 1),
            amount: t.amountCents,
            organizationFiscalCode: p.creditor.fiscalCode,
            remittanceInformation: t.causale,
            category: t.taxonomyCode,
          })),
        },
      ],
    };
  }

  async function fetchPosition(ref: PositionRef): Promise<PositionAnswer> {
    const res = await call(`${org}/debtpositions/${encodeURIComponent(ref.providerRef)}`, { method: "GET", accept: "application/json" });
    if (!res.ok) return refusal(res, "position");
    return parsePosition(await readJson(res), ref);
  }

  return {
    kind: "pagopa-rest",

    async createPosition(input: CreatePositionInput): Promise<CreatedPosition> {
      const p = parseCreatePositionInput(input);
      const ref = { providerRef: p.positionId, noticeCode: p.noticeCode, iuv: p.iuv, amountCents: p.amountCents };
      const res = await call(`${org}/debtpositions?toPublish=true`, { method: "POST", body: body(p), accept: "application/json" });
      if (res.status === 409) {
        // Already there: an earlier attempt got through before its answer was lost. It is ours only if it is the
        // same position (same code, same amount); then creating it again is a success, and nothing is doubled.
        await res.body?.cancel();
        const existing = await fetchPosition(ref);
        return { ...ref, dueDate: existing.paymentOption[0]!.dueDate.slice(0, 10) };
      }
      if (res.status !== 200 && res.status !== 201) return refusal(res, "create");
      const created = parsePosition(await readJson(res), ref);
      if (created.status !== "VALID" && created.status !== "PUBLISHED") throw invalidAnswer(`created position is ${created.status}`);
      return { ...ref, dueDate: created.paymentOption[0]!.dueDate.slice(0, 10) };
    },

    async startCheckout(position: PositionRef, returnUrls: ReturnUrls, opts: { email?: string | null } = {}) {
      const ref = parsePositionRef(position);
      const urls = parseReturnUrls(returnUrls);
      const email = opts.email ? z.email().safeParse(opts.email) : null;
      const res = await call(`${cfg.baseUrl}/carts`, {
        method: "POST",
        accept: "application/json",
        body: {
          paymentNotices: [{ noticeNumber: ref.noticeCode, fiscalCode: options.creditorFiscalCode, amount: ref.amountCents }],
          returnUrls: { returnOkUrl: urls.ok, returnErrorUrl: urls.ko, returnCancelUrl: urls.cancel },
          emailNotice: email?.success ? email.data : undefined,
          idCart: ref.providerRef,
        },
      });
      if (res.status !== 302 && res.status !== 303) return refusal(res, "cart");
      await res.body?.cancel();
      const location = z.url({ protocol: /^https?$/ }).safeParse(res.headers.get("location"));
      if (!location.success) throw invalidAnswer("checkout location");
      return { redirectUrl: location.data };
    },

    async getStatus(position: PositionRef): Promise<PositionStatus> {
      const ref = parsePositionRef(position);
      const p = await fetchPosition(ref);
      const o = p.paymentOption[0]!;
      const paid = p.status === "PAID" || p.status === "REPORTED";
      if (paid !== (o.status === "PO_PAID" || o.status === "PO_REPORTED")) throw invalidAnswer("position and option disagree");
      if (paid) {
        if (!o.paymentDate || !o.idReceipt) throw invalidAnswer("paid without date or receipt");
        const paidAt = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(o.paymentDate) ? o.paymentDate : `${o.paymentDate}Z`);
        return { state: "paid", payable: false, paidAmountCents: o.amount, paidAt, receiptId: o.idReceipt };
      }
      switch (p.status) {
        case "EXPIRED":
          return { state: "expired", payable: false };
        case "INVALID":
          return { state: "cancelled", payable: false };
        case "PARTIALLY_PAID":
          // One option, no partial payment: a partner saying so is not making sense.
          throw invalidAnswer("partially paid");
        case "DRAFT":
          throw invalidAnswer("position not published");
        default:
          if (o.lastAttemptOutcome === "KO") return { state: "failed", payable: true };
          if (o.lastAttemptOutcome === "CANCELLED") return { state: "cancelled", payable: true };
          return { state: "pending", payable: true };
      }
    },

    async downloadReceipt(position: PositionRef): Promise<Buffer> {
      const ref = parsePositionRef(position);
      const res = await call(`${org}/receipts/${encodeURIComponent(ref.iuv)}/pdf`, { method: "GET", accept: "application/pdf" });
      if (res.status === 404) {
        await res.body?.cancel();
        throw new PaymentProviderError("payments.receipt_not_available", { retryable: true, params: { detail: "receipt" } });
      }
      if (!res.ok) return refusal(res, "receipt");
      let bytes: Buffer;
      try {
        bytes = Buffer.from(await res.arrayBuffer());
      } catch (err) {
        throw unavailable("body", err);
      }
      if (bytes.length > 10 * 1024 * 1024 || bytes.subarray(0, 5).toString("latin1") !== "%PDF-") throw invalidAnswer("receipt is not a pdf");
      return bytes;
    },

    verifyCallback(headers: CallbackHeaders, rawBody: string | Buffer): CallbackResult {
      return verifySignedCallback(cfg.callbackSecret, headers, rawBody, now());
    },
  };
}
