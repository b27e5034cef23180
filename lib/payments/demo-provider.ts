import { randomBytes } from "node:crypto";
import { pdfKit } from "@/lib/pdf/pdfkit";
import { z } from "zod";
import { DEFAULT_LANG, LOCALE, pick, type Lang } from "@/lib/i18n";
import { paymentProviderTexts } from "@/lib/i18n/payment-provider";
import { dateKey, ROME } from "@/lib/time/wall-clock";
import { formatEuroCents } from "./euro";
import { formatNoticeCode } from "./iuv";
import {
  parseCreatePositionInput,
  parsePositionRef,
  parseReturnUrls,
  PaymentProviderError,
  refused,
  signCallback,
  verifySignedCallback,
  type CallbackBody,
  type CallbackHeaders,
  type CallbackResult,
  type CreatedPosition,
  type CreatePositionInput,
  type PaymentProvider,
  type PaymentState,
  type PositionRef,
  type PositionStatus,
  type ReturnUrls,
} from "./provider";

/**
 * The demo provider: the embedded default, so a laptop user sees the whole flow without a bank. It keeps no state
 * of its own: every position lives in the caller's `DemoPositionStore` (the payment slice's table), read and written
 * through it. Its checkout is a page of Stanza's (given by `checkoutBaseUrl`) that shows the position and calls
 * `completeCheckout` with pay, fail or cancel; that answers where to send the citizen back and the signed
 * notification to feed to the same callback route as a real intermediary's.
 */

export const DEMO_OUTCOMES = ["pay", "fail", "cancel"] as const;
export type DemoOutcome = (typeof DEMO_OUTCOMES)[number];

export const demoPositionSchema = z.object({
  providerRef: z.string().min(1),
  noticeCode: z.string().regex(/^[0-9]{18}$/),
  iuv: z.string(),
  amountCents: z.number().int().min(1),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  causale: z.string(),
  creditorFiscalCode: z.string(),
  creditorName: z.string(),
  debtorFiscalCode: z.string(),
  debtorName: z.string(),
  /** pending, paid, failed (last attempt refused), cancelled (last attempt abandoned); expired is computed. */
  state: z.enum(["pending", "paid", "failed", "cancelled"]),
  returnUrls: z.object({ ok: z.string(), ko: z.string(), cancel: z.string() }).nullable(),
  paidAt: z.iso.datetime().nullable(),
  receiptId: z.string().nullable(),
  /** How many notifications this position has given: the next event's id is `<providerRef>:<n+1>`. */
  events: z.number().int().min(0),
});
export type DemoPosition = z.infer<typeof demoPositionSchema>;

/** Where the demo's positions live: the caller's storage, as JSON-able values. */
export interface DemoPositionStore {
  get(providerRef: string): Promise<DemoPosition | null>;
  put(position: DemoPosition): Promise<void>;
}

export type DemoCheckoutResult = {
  position: DemoPosition;
  /** The return URL for the outcome (ok, ko or cancel), as startCheckout was given it. */
  redirectUrl: string;
  /** The signed notification, for the callback route: raw body and headers. */
  callback: { body: string; headers: Record<string, string> };
};

export type DemoProvider = PaymentProvider & {
  /** The position as the checkout page shows it, with expiry applied; null when unknown. */
  view(providerRef: string): Promise<(DemoPosition & { effectiveState: PaymentState }) | null>;
  completeCheckout(providerRef: string, outcome: DemoOutcome): Promise<DemoCheckoutResult>;
};

export type DemoProviderOptions = {
  store: DemoPositionStore;
  /** The demo checkout page's URL; the position's reference is appended as a path segment. */
  checkoutBaseUrl: string;
  /** Signs the demo's notifications (checked by its verifyCallback, exactly like an intermediary's). */
  callbackSecret: string;
  now?: () => Date;
  lang?: Lang;
};

export function createDemoProvider(opts: DemoProviderOptions): DemoProvider {
  const now = opts.now ?? (() => new Date());
  const lang = opts.lang ?? DEFAULT_LANG;
  const base = z.url({ protocol: /^https?$/ }).parse(opts.checkoutBaseUrl).replace(/\/+$/, "");
  if (opts.callbackSecret.length < 16) throw new RangeError("demo callback secret: at least 16 characters");

  /** Past its due day (Europe/Rome) and not paid: expired. */
  function effective(p: DemoPosition): PaymentState {
    if (p.state === "paid") return "paid";
    return dateKey(now(), ROME) > p.dueDate ? "expired" : p.state;
  }

  async function load(ref: PositionRef): Promise<DemoPosition> {
    const r = parsePositionRef(ref);
    const p = await opts.store.get(r.providerRef);
    if (!p) throw new PaymentProviderError("payments.provider_not_found", { retryable: false, params: { detail: r.providerRef } });
    const parsed = demoPositionSchema.safeParse(p);
    if (!parsed.success) throw new PaymentProviderError("payments.provider_invalid_answer", { retryable: false, params: { detail: "stored demo position" } });
    if (parsed.data.noticeCode !== r.noticeCode || parsed.data.amountCents !== r.amountCents) throw new PaymentProviderError("payments.provider_invalid_answer", { retryable: false, params: { detail: "position identity" } });
    return parsed.data;
  }

  const provider: DemoProvider = {
    kind: "demo",

    async createPosition(input: CreatePositionInput): Promise<CreatedPosition> {
      const p = parseCreatePositionInput(input);
      const ref = { providerRef: p.positionId, noticeCode: p.noticeCode, iuv: p.iuv, amountCents: p.amountCents };
      const existing = await opts.store.get(p.positionId);
      if (existing) {
        // A retry of the same position is the same position; anything else under its id is refused.
        if (existing.noticeCode !== p.noticeCode || existing.amountCents !== p.amountCents) throw refused("position id already used");
        return { ...ref, dueDate: existing.dueDate };
      }
      await opts.store.put({
        providerRef: p.positionId,
        noticeCode: p.noticeCode,
        iuv: p.iuv,
        amountCents: p.amountCents,
        dueDate: p.dueDate,
        causale: p.causale,
        creditorFiscalCode: p.creditor.fiscalCode,
        creditorName: p.creditor.name,
        debtorFiscalCode: p.debtor.fiscalCode,
        debtorName: p.debtor.fullName,
        state: "pending",
        returnUrls: null,
        paidAt: null,
        receiptId: null,
        events: 0,
      });
      return { ...ref, dueDate: p.dueDate };
    },

    async startCheckout(position: PositionRef, returnUrls: ReturnUrls) {
      const p = await load(position);
      const urls = parseReturnUrls(returnUrls);
      const state = effective(p);
      if (state === "paid" || state === "expired") throw refused(`position is ${state}`);
      await opts.store.put({ ...p, returnUrls: urls });
      return { redirectUrl: `${base}/${encodeURIComponent(p.providerRef)}` };
    },

    async getStatus(position: PositionRef): Promise<PositionStatus> {
      const p = await load(position);
      const state = effective(p);
      if (state === "paid") return { state: "paid", payable: false, paidAmountCents: p.amountCents, paidAt: new Date(p.paidAt!), receiptId: p.receiptId! };
      return { state, payable: state !== "expired" };
    },

    async downloadReceipt(position: PositionRef): Promise<Buffer> {
      const p = await load(position);
      if (p.state !== "paid") throw new PaymentProviderError("payments.receipt_not_available", { retryable: true, params: { detail: "not paid" } });
      return demoReceiptPdf(p, lang);
    },

    verifyCallback(headers: CallbackHeaders, rawBody: string | Buffer): CallbackResult {
      return verifySignedCallback(opts.callbackSecret, headers, rawBody, now());
    },

    async view(providerRef: string) {
      const p = await opts.store.get(providerRef);
      return p ? { ...p, effectiveState: effective(p) } : null;
    },

    async completeCheckout(providerRef: string, outcome: DemoOutcome): Promise<DemoCheckoutResult> {
      if (!(DEMO_OUTCOMES as readonly string[]).includes(outcome)) throw refused("unknown outcome");
      const stored = await opts.store.get(providerRef);
      if (!stored) throw new PaymentProviderError("payments.provider_not_found", { retryable: false, params: { detail: providerRef } });
      const p = await load({ providerRef, noticeCode: stored.noticeCode, iuv: stored.iuv, amountCents: stored.amountCents });
      const state = effective(p);
      if (state === "paid" || state === "expired") throw refused(`position is ${state}`);
      if (!p.returnUrls) throw refused("checkout not started");
      const at = now();
      const next: DemoPosition =
        outcome === "pay"
          ? { ...p, state: "paid", paidAt: at.toISOString(), receiptId: `DEMO-${p.iuv}-${randomBytes(4).toString("hex")}`, events: p.events + 1 }
          : { ...p, state: outcome === "fail" ? "failed" : "cancelled", events: p.events + 1 };
      await opts.store.put(next);
      const body: CallbackBody = {
        eventId: `${p.providerRef}:${next.events}`,
        iupd: p.providerRef,
        noticeNumber: p.noticeCode,
        iuv: p.iuv,
        outcome: outcome === "pay" ? "PAID" : outcome === "fail" ? "KO" : "CANCELLED",
        amount: outcome === "pay" ? p.amountCents : null,
        paymentDate: next.paidAt,
        receiptId: next.receiptId,
      };
      const raw = JSON.stringify(body);
      const redirectUrl = outcome === "pay" ? p.returnUrls.ok : outcome === "fail" ? p.returnUrls.ko : p.returnUrls.cancel;
      return { position: next, redirectUrl, callback: { body: raw, headers: signCallback(opts.callbackSecret, raw, at) } };
    },
  };
  return provider;
}

/** The demo's receipt: a one-page PDF that says plainly it is a simulation. */
async function demoReceiptPdf(p: DemoPosition, lang: Lang): Promise<Buffer> {
  const PDFDocument = await pdfKit();
  const t = pick(paymentProviderTexts, lang).demoReceipt;
  const when = new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: "long", timeStyle: "short", timeZone: ROME }).format(new Date(p.paidAt!));
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: "A4", margin: 56, lang: LOCALE[lang], tagged: true, displayTitle: true, info: { Title: t.title, Author: p.creditorName, Creator: "Stanza" } });
    const chunks: Buffer[] = [];
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
    pdf.font("Helvetica-Bold").fontSize(16).text(t.title);
    pdf.moveDown().font("Helvetica-Oblique").fontSize(10).text(t.notReal);
    pdf.moveDown().font("Helvetica").fontSize(11);
    for (const line of [
      t.creditor({ name: p.creditorName, cf: p.creditorFiscalCode }),
      t.causale({ causale: p.causale }),
      t.noticeCode({ code: formatNoticeCode(p.noticeCode) }),
      t.iuv({ iuv: p.iuv }),
      t.amount({ amount: formatEuroCents(p.amountCents, lang) }),
      t.paidAt({ when }),
      t.receiptId({ id: p.receiptId ?? "" }),
    ])
      pdf.text(line);
    pdf.end();
  });
}
