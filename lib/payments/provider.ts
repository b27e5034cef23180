import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { DomainError, type ErrorCode, type ErrorParams } from "@/lib/errors";
import { MAX_AMOUNT_CENTS } from "./expression";
import { parseNoticeCode } from "./iuv";

/**
 * The one interface every payment provider implements (the pagoPA intermediary's REST adapter, the demo provider).
 * The payment workflow calls it; it keeps no state of its own about positions: the caller stores what
 * `createPosition` answers and passes it back (`PositionRef`).
 *
 * Money is integer cents. Every input is parsed with zod before anything is sent; every answer of a provider is
 * parsed with zod before it is believed. Failures are `PaymentProviderError`s whose `retryable` says whether the
 * outbox should try again later (network, timeout, 5xx, 429) or give up (a refusal, an answer that makes no sense).
 */

/** A fiscal code of a person (16 characters) or of a company/ente (11 digits). */
const fiscalCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^([A-Z0-9]{16}|[0-9]{11})$/, "payments.invalid_position");
const cents = z.number().int().min(1).max(MAX_AMOUNT_CENTS);
/** A calendar day, YYYY-MM-DD (Europe/Rome: the day the citizen reads on the notice). */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "payments.invalid_position");
/** pagoPA's taxonomy code: 9/<service code>/ (e.g. 9/0101108TS/). */
const taxonomyCode = z.string().regex(/^9\/[0-9A-Z]{9,12}\/$/);

export const transferSchema = z.object({
  amountCents: cents,
  /** The reason for this line (remittanceInformation). */
  causale: z.string().trim().min(1).max(140),
  taxonomyCode,
  budgetLine: z.string().trim().max(60).nullable().default(null),
});

export const createPositionInputSchema = z
  .object({
    /** Stanza's own identifier of the position (IUPD-like), unique per ente: a retry sends the same one. */
    positionId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    /** The 18-digit notice code Stanza built (lib/payments/iuv.ts buildNoticeCode) and its IUV. */
    noticeCode: z.string().regex(/^[0-9]{18}$/),
    iuv: z.string().regex(/^[0-9]{15}$|^[0-9]{17}$/),
    amountCents: cents,
    causale: z.string().trim().min(1).max(140),
    dueDate: isoDay,
    creditor: z.object({ fiscalCode: z.string().regex(/^[0-9]{11}$/), name: z.string().trim().min(1).max(140) }),
    debtor: z.object({
      fiscalCode,
      fullName: z.string().trim().min(1).max(140),
      email: z.email().nullable().default(null),
      kind: z.enum(["F", "G"]).default("F"),
    }),
    transfers: z.array(transferSchema).min(1).max(5),
  })
  .superRefine((p, ctx) => {
    const parsed = parseNoticeCode(p.noticeCode);
    if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["noticeCode"], message: parsed.problem });
    else if (parsed.value.iuv !== p.iuv) ctx.addIssue({ code: "custom", path: ["iuv"], message: "payments.invalid_position" });
    const sum = p.transfers.reduce((s, t) => s + t.amountCents, 0);
    if (sum !== p.amountCents) ctx.addIssue({ code: "custom", path: ["transfers"], message: "payments.invalid_position" });
  });

export type CreatePositionInput = z.input<typeof createPositionInputSchema>;
export type CreatePositionData = z.output<typeof createPositionInputSchema>;

/** What the caller stores about a created position and hands back to every later call. */
export const positionRefSchema = z.object({
  providerRef: z.string().min(1).max(200),
  noticeCode: z.string().regex(/^[0-9]{18}$/),
  iuv: z.string().regex(/^[0-9]{15}$|^[0-9]{17}$/),
  amountCents: cents,
});
export type PositionRef = z.infer<typeof positionRefSchema>;

export type CreatedPosition = PositionRef & { dueDate: string };

/** Where the checkout sends the citizen back: paid, failed, cancelled. Absolute http(s) URLs. */
export const returnUrlsSchema = z.object({
  ok: z.url({ protocol: /^https?$/ }),
  ko: z.url({ protocol: /^https?$/ }),
  cancel: z.url({ protocol: /^https?$/ }),
});
export type ReturnUrls = z.infer<typeof returnUrlsSchema>;

export const PAYMENT_STATES = ["pending", "paid", "failed", "expired", "cancelled"] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/**
 * A position's state at the provider. `failed` and `cancelled` with `payable: true` are the last attempt's outcome
 * (a card refused, the citizen left the checkout): the position can still be paid. `cancelled` with
 * `payable: false` is a position the provider invalidated. Only `paid` carries the paid amount, time and receipt id.
 */
export type PositionStatus =
  | { state: "paid"; payable: false; paidAmountCents: number; paidAt: Date; receiptId: string }
  | { state: "pending" | "failed" | "cancelled" | "expired"; payable: boolean };

/** One outcome notified by the provider's callback. `eventId` is the provider's: the same event twice has the same id. */
export type PaymentEvent = {
  eventId: string;
  providerRef: string;
  noticeCode: string;
  iuv: string;
  kind: "paid" | "failed" | "cancelled" | "expired";
  /** Set when kind is "paid". */
  paidAmountCents: number | null;
  paidAt: Date | null;
  receiptId: string | null;
  /** When the provider signed the notification. */
  sentAt: Date;
};

export type CallbackRefusal = "payments.callback_bad_signature" | "payments.callback_stale" | "payments.callback_invalid";
export type CallbackResult = { ok: true; event: PaymentEvent } | { ok: false; code: CallbackRefusal };

/** Header names as the fetch API gives them, or a plain record (node:http's IncomingHttpHeaders). */
export type CallbackHeaders = Headers | Record<string, string | string[] | undefined>;

export interface PaymentProvider {
  /** "pagopa-rest", "demo": what the caller stores next to the position. */
  readonly kind: string;
  /** Creates and publishes the debt position; a retry with the same positionId and data gives the same position. */
  createPosition(input: CreatePositionInput): Promise<CreatedPosition>;
  /** Where to send the citizen to pay. */
  startCheckout(position: PositionRef, returnUrls: ReturnUrls, opts?: { email?: string | null }): Promise<{ redirectUrl: string }>;
  getStatus(position: PositionRef): Promise<PositionStatus>;
  /** The official receipt, a PDF. */
  downloadReceipt(position: PositionRef): Promise<Buffer>;
  /** Never throws: a notification that does not check out is a coded refusal. */
  verifyCallback(headers: CallbackHeaders, rawBody: string | Buffer): CallbackResult;
}

/** A provider's failure. `retryable`: the outbox may try again later (nothing was decided on the other side). */
export class PaymentProviderError extends DomainError {
  readonly kind = "payment_provider";
  readonly status: number;
  readonly retryable: boolean;
  /** What the provider asked for with Retry-After (429, 503), when it did: the outbox may wait at least that long. */
  readonly retryAfterSeconds: number | null;
  constructor(code: ErrorCode, opts: { retryable: boolean; params?: ErrorParams; cause?: unknown; retryAfterSeconds?: number | null }) {
    super(code, opts.params ?? {});
    this.retryable = opts.retryable;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? null;
    this.status = opts.retryable ? 503 : 502;
    if (opts.cause !== undefined) this.cause = opts.cause;
  }
}

export const unavailable = (detail: string, cause?: unknown, retryAfterSeconds?: number | null) =>
  new PaymentProviderError("payments.provider_unavailable", { retryable: true, params: { detail }, cause, retryAfterSeconds });
export const refused = (detail: string) => new PaymentProviderError("payments.provider_refused", { retryable: false, params: { detail } });
export const invalidAnswer = (detail: string) => new PaymentProviderError("payments.provider_invalid_answer", { retryable: false, params: { detail } });

export function isRetryable(err: unknown): boolean {
  return err instanceof PaymentProviderError && err.retryable;
}

/** Parses a position input; a bad one is a final refusal (no provider would take it either). */
export function parseCreatePositionInput(input: unknown): CreatePositionData {
  const r = createPositionInputSchema.safeParse(input);
  if (!r.success) throw new PaymentProviderError("payments.invalid_position", { retryable: false, params: { detail: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") } });
  return r.data;
}

export function parsePositionRef(ref: unknown): PositionRef {
  const r = positionRefSchema.safeParse(ref);
  if (!r.success) throw new PaymentProviderError("payments.invalid_position", { retryable: false, params: { detail: "position reference" } });
  return r.data;
}

export function parseReturnUrls(urls: unknown): ReturnUrls {
  const r = returnUrlsSchema.safeParse(urls);
  if (!r.success) throw new PaymentProviderError("payments.invalid_position", { retryable: false, params: { detail: "return urls" } });
  return r.data;
}

// ---- Signed callbacks ---------------------------------------------------------------------------------------------

/** The headers of a signed notification: unix seconds, and hex HMAC-SHA256 of `<timestamp>.<raw body>`. */
export const CALLBACK_TIMESTAMP_HEADER = "x-callback-timestamp";
export const CALLBACK_SIGNATURE_HEADER = "x-callback-signature";
/** A notification older than this, or dated this far in the future, is refused (replay window). */
export const CALLBACK_MAX_SKEW_MS = 5 * 60 * 1000;

export function callbackSignature(secret: string, timestampSeconds: number | string, rawBody: string | Buffer): string {
  const mac = createHmac("sha256", secret);
  mac.update(`${timestampSeconds}.`);
  mac.update(rawBody);
  return mac.digest("hex");
}

/** The headers to send with `rawBody`, signed now. Used by the demo provider and by the fake intermediary. */
export function signCallback(secret: string, rawBody: string | Buffer, now: Date = new Date()): Record<string, string> {
  const ts = Math.floor(now.getTime() / 1000);
  return { [CALLBACK_TIMESTAMP_HEADER]: String(ts), [CALLBACK_SIGNATURE_HEADER]: callbackSignature(secret, ts, rawBody) };
}

function headerOf(headers: CallbackHeaders, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
  const v = found?.[1];
  if (Array.isArray(v)) return v.length === 1 ? v[0]! : null;
  return v ?? null;
}

/**
 * Checks a notification's signature (constant-time) and its age. The signature is checked first, so an unsigned
 * request learns nothing about the clock. Returns the time it was signed.
 */
export function verifyCallbackSignature(
  secret: string,
  headers: CallbackHeaders,
  rawBody: string | Buffer,
  now: Date,
): { ok: true; sentAt: Date } | { ok: false; code: "payments.callback_bad_signature" | "payments.callback_stale" } {
  const ts = headerOf(headers, CALLBACK_TIMESTAMP_HEADER);
  const sig = headerOf(headers, CALLBACK_SIGNATURE_HEADER);
  if (!ts || !sig || !/^[0-9]{1,12}$/.test(ts) || !/^[0-9a-f]{64}$/i.test(sig)) return { ok: false, code: "payments.callback_bad_signature" };
  const expected = Buffer.from(callbackSignature(secret, ts, rawBody), "hex");
  const given = Buffer.from(sig, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, code: "payments.callback_bad_signature" };
  const sentAt = new Date(Number(ts) * 1000);
  if (Math.abs(now.getTime() - sentAt.getTime()) > CALLBACK_MAX_SKEW_MS) return { ok: false, code: "payments.callback_stale" };
  return { ok: true, sentAt };
}

/** The body of a notification, as both providers send it (pagoPA-like names, amount in cents). */
export const callbackBodySchema = z.object({
  eventId: z.string().min(1).max(100),
  iupd: z.string().min(1).max(200),
  noticeNumber: z.string().regex(/^[0-9]{18}$/),
  iuv: z.string().regex(/^[0-9]{15}$|^[0-9]{17}$/),
  outcome: z.enum(["PAID", "KO", "CANCELLED", "EXPIRED"]),
  amount: z.number().int().min(1).max(MAX_AMOUNT_CENTS).nullable().optional(),
  paymentDate: z.iso.datetime({ offset: true }).nullable().optional(),
  receiptId: z.string().min(1).max(100).nullable().optional(),
});
export type CallbackBody = z.infer<typeof callbackBodySchema>;

const KIND_OF = { PAID: "paid", KO: "failed", CANCELLED: "cancelled", EXPIRED: "expired" } as const;

/** Signature, age, then body: the whole check a provider's verifyCallback does. */
export function verifySignedCallback(secret: string, headers: CallbackHeaders, rawBody: string | Buffer, now: Date): CallbackResult {
  const sig = verifyCallbackSignature(secret, headers, rawBody, now);
  if (!sig.ok) return sig;
  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === "string" ? rawBody : rawBody.toString("utf8"));
  } catch {
    return { ok: false, code: "payments.callback_invalid" };
  }
  const body = callbackBodySchema.safeParse(json);
  if (!body.success) return { ok: false, code: "payments.callback_invalid" };
  const b = body.data;
  const parsedCode = parseNoticeCode(b.noticeNumber, { verifyCheckDigits: false });
  if (!parsedCode.ok || parsedCode.value.iuv !== b.iuv) return { ok: false, code: "payments.callback_invalid" };
  if (b.outcome === "PAID" && (!b.amount || !b.paymentDate || !b.receiptId)) return { ok: false, code: "payments.callback_invalid" };
  const paid = b.outcome === "PAID";
  return {
    ok: true,
    event: {
      eventId: b.eventId,
      providerRef: b.iupd,
      noticeCode: b.noticeNumber,
      iuv: b.iuv,
      kind: KIND_OF[b.outcome],
      paidAmountCents: paid ? b.amount! : null,
      paidAt: paid ? new Date(b.paymentDate!) : null,
      receiptId: paid ? b.receiptId! : null,
      sentAt: sig.sentAt,
    },
  };
}
