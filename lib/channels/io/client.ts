import { z } from "zod";

/**
 * A small client for App IO's services API (v1), the two calls a sender needs:
 *
 *   POST {base}/profiles   { fiscal_code }                      → 200 { sender_allowed } | 404 (no IO profile)
 *   POST {base}/messages   { fiscal_code, content: {…} }        → 201 { id }
 *
 * Both with the service's key in `Ocp-Apim-Subscription-Key`. IO's API gateway answers 429 past its rate limit
 * (documented: 150 requests every 5 seconds per subscription key), 401/403 for a key it does not accept.
 * Every answer is classified here, so the handler decides on a closed set of outcomes. No retry here: the outbox
 * retries, with its backoff.
 */

/** A citizen's codice fiscale as IO takes it: 16 characters, upper case (omocodia letters allowed). */
export const IO_FISCAL_CODE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
/** pagoPA's "numero avviso": aux digit 0–3 then 17 digits. */
const NOTICE_NUMBER = /^[0123][0-9]{17}$/;

export type IoPaymentData = { amount: number; notice_number: string; invalid_after_due_date?: boolean; payee?: { fiscal_code: string } };
export type IoMessageContent = { subject: string; markdown: string; due_date?: string; payment_data?: IoPaymentData };
export type IoNewMessage = { fiscal_code: string; content: IoMessageContent };

/** What an answer means for the sender. */
export type IoResult<T> =
  | { kind: "ok"; value: T }
  /** 404 on the profile: the citizen has no IO profile (never installed the app, or deleted it). */
  | { kind: "profile_not_found"; detail: string }
  /** The profile exists but the citizen blocked this service (`sender_allowed: false`), or IO refused the recipient. */
  | { kind: "sender_not_allowed"; detail: string }
  /** 429: IO asks to slow down; `retryAfterMs` from Retry-After when it says. */
  | { kind: "rate_limited"; retryAfterMs: number | null; detail: string }
  /** 5xx, 408, a timeout or a network error: worth trying again later. */
  | { kind: "transient"; detail: string }
  /** Any other 4xx (a key IO does not accept, a payload it refuses) or an answer that is not what IO documents. */
  | { kind: "permanent"; status: number | null; detail: string };

export type IoClientOptions = {
  baseUrl: string;
  /** Per request. */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

const profileAnswer = z.looseObject({ sender_allowed: z.boolean() });
const messageAnswer = z.looseObject({ id: z.string().min(1).max(200) });

const subjectSchema = z.string().min(10).max(120);
const markdownSchema = z.string().min(80).max(10_000);
/** The message as IO's MessageContent allows it: checked before it leaves, so a refusal is ours, not a 400 of theirs. */
export const ioNewMessageSchema = z.object({
  fiscal_code: z.string().regex(IO_FISCAL_CODE),
  content: z.object({
    subject: subjectSchema,
    markdown: markdownSchema,
    due_date: z.iso.datetime().optional(),
    payment_data: z
      .object({
        amount: z.number().int().min(1).max(9_999_999_999),
        notice_number: z.string().regex(NOTICE_NUMBER),
        invalid_after_due_date: z.boolean().optional(),
        payee: z.object({ fiscal_code: z.string().regex(/^[0-9]{11}$/) }).optional(),
      })
      .optional(),
  }),
});

/** Retry-After as milliseconds: seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^[0-9]+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/** The first few hundred characters of an answer, for the delivery record (never a key: IO does not echo it). */
function snippet(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
}

type Raw = { status: number; text: string; retryAfter: string | null } | { error: string };

export function createIoClient(opts: IoClientOptions) {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const doFetch = opts.fetch ?? fetch;

  async function post(path: string, key: string, body: unknown): Promise<Raw> {
    try {
      const res = await doFetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "ocp-apim-subscription-key": key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "manual",
      });
      const text = await res.text().catch(() => "");
      return { status: res.status, text: text.slice(0, 20_000), retryAfter: res.headers.get("retry-after") };
    } catch (err) {
      const name = (err as { name?: unknown } | null)?.name;
      if (name === "TimeoutError" || name === "AbortError") return { error: `nessuna risposta da IO entro ${Math.round(timeoutMs / 1000)} s` };
      const cause = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
      return { error: `IO non raggiungibile${typeof cause === "string" ? ` (${cause})` : ""}` };
    }
  }

  /** The answers every call shares: network, 429, 5xx, and the other 4xx. */
  function common(r: Raw): IoResult<never> | null {
    if ("error" in r) return { kind: "transient", detail: r.error };
    if (r.status === 429) return { kind: "rate_limited", retryAfterMs: parseRetryAfter(r.retryAfter), detail: `HTTP 429 ${snippet(r.text)}`.trim() };
    if (r.status === 408 || r.status >= 500) return { kind: "transient", detail: `HTTP ${r.status} ${snippet(r.text)}`.trim() };
    return null;
  }

  function json(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  return {
    /** May this service write to this citizen? (IO's getProfileByPOST.) */
    async checkProfile(key: string, fiscalCode: string): Promise<IoResult<true>> {
      const r = await post("/profiles", key, { fiscal_code: fiscalCode });
      const c = common(r);
      if (c) return c;
      if ("error" in r) return { kind: "transient", detail: r.error };
      if (r.status === 404) return { kind: "profile_not_found", detail: "il cittadino non ha un profilo IO" };
      if (r.status !== 200) return { kind: "permanent", status: r.status, detail: `HTTP ${r.status} ${snippet(r.text)}`.trim() };
      const parsed = profileAnswer.safeParse(json(r.text));
      if (!parsed.success) return { kind: "permanent", status: r.status, detail: `risposta di IO non valida: ${snippet(r.text) || "vuota"}` };
      if (!parsed.data.sender_allowed) return { kind: "sender_not_allowed", detail: "il cittadino ha disattivato questo servizio in IO" };
      return { kind: "ok", value: true };
    },

    /** Submits one message (IO's submitMessageforUserWithFiscalCodeInBody); IO's message id when accepted. */
    async submitMessage(key: string, message: IoNewMessage): Promise<IoResult<{ id: string }>> {
      const checked = ioNewMessageSchema.safeParse(message);
      if (!checked.success) return { kind: "permanent", status: null, detail: `messaggio fuori dai limiti di IO: ${checked.error.issues.map((i) => i.path.join(".")).join(", ")}` };
      const r = await post("/messages", key, checked.data);
      const c = common(r);
      if (c) return c;
      if ("error" in r) return { kind: "transient", detail: r.error };
      // A profile deleted between the check and the send.
      if (r.status === 404) return { kind: "profile_not_found", detail: "il cittadino non ha un profilo IO (HTTP 404 all'invio)" };
      // 403 (a recipient IO will not let this service reach, a key without the right) and any other 4xx: the handler
      // hands the notice over either way; the status and IO's words go in the record.
      if (r.status !== 201 && r.status !== 200) return { kind: "permanent", status: r.status, detail: `HTTP ${r.status} ${snippet(r.text)}`.trim() };
      const parsed = messageAnswer.safeParse(json(r.text));
      if (!parsed.success) return { kind: "permanent", status: r.status, detail: `risposta di IO non valida: ${snippet(r.text) || "vuota"}` };
      return { kind: "ok", value: { id: parsed.data.id } };
    },
  };
}

export type IoClient = ReturnType<typeof createIoClient>;
