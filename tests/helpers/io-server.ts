import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake of App IO's services API (v1) for tests and the demo (never production), on a loopback port:
 *
 *   POST /api/v1/profiles  { fiscal_code }            200 { sender_allowed } · 404 no profile
 *   POST /api/v1/messages  { fiscal_code, content }   201 { id } + Location · 400 out of IO's limits
 *   GET  /__fake/messages                             what it received (to look at in the demo)
 *
 * It checks `Ocp-Apim-Subscription-Key` against the keys it was given (401 otherwise, as IO's gateway does), holds a
 * profile per fiscal code (sender allowed, the service blocked, or none), records the messages it accepted, and
 * can be told to answer 429 (with Retry-After), 500, or a malformed body for the next N calls.
 */
export type FakeProfile = "allowed" | "blocked" | "missing";
export type ReceivedIoMessage = { id: string; key: string; fiscalCode: string; content: Record<string, unknown>; at: Date };
type Scripted = { status: 429; retryAfterSeconds?: number } | { status: 500 } | { status: "lie" };

export type IoFakeServer = {
  /** The API's base URL, for IO_API_URL (…/api/v1). */
  url: string;
  messages: ReceivedIoMessage[];
  /** Every call as "METHOD /path STATUS", in order. */
  calls: string[];
  addKey(key: string): void;
  setProfile(fiscalCode: string, profile: FakeProfile): void;
  /** The next `n` calls (to `path` only, when given) answer this instead. */
  failNext(n: number, answer: Scripted, path?: "/profiles" | "/messages"): void;
  /** Forgets what failNext asked for and not used yet. */
  clearScripted(): void;
  close(): Promise<void>;
};

const FISCAL_CODE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/** An id shaped like IO's (26 characters, Crockford base32). */
function messageId(): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  return Array.from(randomBytes(26), (b) => alphabet[b % 32]).join("");
}

function problem(res: http.ServerResponse, status: number, title: string, detail: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/problem+json", ...headers });
  res.end(JSON.stringify({ status, title, detail }));
}

function validMessage(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return "body is not an object";
  const b = body as { fiscal_code?: unknown; content?: Record<string, unknown> };
  if (typeof b.fiscal_code !== "string" || !FISCAL_CODE.test(b.fiscal_code)) return "fiscal_code is not a valid FiscalCode";
  const c = b.content;
  if (typeof c !== "object" || c === null) return "content is required";
  if (typeof c.subject !== "string" || c.subject.length < 10 || c.subject.length > 120) return "content.subject must have 10 to 120 characters";
  if (typeof c.markdown !== "string" || c.markdown.length < 80 || c.markdown.length > 10_000) return "content.markdown must have 80 to 10000 characters";
  if (c.due_date !== undefined && (typeof c.due_date !== "string" || Number.isNaN(Date.parse(c.due_date)))) return "content.due_date is not a Timestamp";
  const p = c.payment_data as Record<string, unknown> | undefined;
  if (p !== undefined) {
    if (typeof p !== "object" || p === null) return "content.payment_data is not an object";
    if (typeof p.amount !== "number" || !Number.isInteger(p.amount) || p.amount < 1 || p.amount > 9_999_999_999) return "payment_data.amount must be euro cents, 1 to 9999999999";
    if (typeof p.notice_number !== "string" || !/^[0123][0-9]{17}$/.test(p.notice_number)) return "payment_data.notice_number is not a PaymentNoticeNumber";
    const payee = p.payee as { fiscal_code?: unknown } | undefined;
    if (payee !== undefined && (typeof payee.fiscal_code !== "string" || !/^[0-9]{11}$/.test(payee.fiscal_code))) return "payment_data.payee.fiscal_code is not an OrganizationFiscalCode";
  }
  return null;
}

export async function startIoServer(opts: { port?: number; host?: string; keys?: string[]; defaultProfile?: FakeProfile; log?: (line: string) => void } = {}): Promise<IoFakeServer> {
  const keys = new Set(opts.keys ?? []);
  const profiles = new Map<string, FakeProfile>();
  const scripted: { answer: Scripted; path?: string }[] = [];
  const messages: ReceivedIoMessage[] = [];
  const calls: string[] = [];
  const profileOf = (cf: string) => profiles.get(cf) ?? opts.defaultProfile ?? "missing";

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= 1_000_000) chunks.push(c);
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const path = url.pathname.replace(/^\/api\/v1/, "");
      const end = res.end.bind(res);
      res.end = ((...args: Parameters<typeof res.end>) => {
        calls.push(`${req.method} ${url.pathname} ${res.statusCode}`);
        opts.log?.(`${req.method} ${url.pathname} → ${res.statusCode}`);
        return end(...args);
      }) as typeof res.end;

      if (req.method === "GET" && url.pathname === "/__fake/messages") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify(messages, null, 2));
      }
      if (req.method !== "POST" || (path !== "/profiles" && path !== "/messages")) return problem(res, 404, "Not Found", "no such operation");
      const key = req.headers["ocp-apim-subscription-key"];
      if (typeof key !== "string" || !keys.has(key)) {
        res.writeHead(401, { "content-type": "application/json" });
        return res.end(JSON.stringify({ statusCode: 401, message: "Access denied due to invalid subscription key." }));
      }
      const i = scripted.findIndex((s) => !s.path || s.path === path);
      if (i >= 0) {
        const [s] = scripted.splice(i, 1);
        const a = s!.answer;
        if (a.status === 429) return problem(res, 429, "Too Many Requests", "rate limit exceeded", a.retryAfterSeconds === undefined ? {} : { "retry-after": String(a.retryAfterSeconds) });
        if (a.status === 500) return problem(res, 500, "Internal Server Error", "the message cannot be delivered");
        res.writeHead(path === "/messages" ? 201 : 200, { "content-type": "application/json" });
        return res.end(path === "/messages" ? '{"identifier":' : '{"sender_allowed":"forse"}');
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return problem(res, 400, "Invalid payload", "body is not JSON");
      }
      const cf = (body as { fiscal_code?: unknown } | null)?.fiscal_code;
      if (path === "/profiles") {
        if (typeof cf !== "string" || !FISCAL_CODE.test(cf)) return problem(res, 400, "Invalid payload", "fiscal_code is not a valid FiscalCode");
        const p = profileOf(cf);
        if (p === "missing") return problem(res, 404, "Profile not found", "no user found for the provided fiscal code");
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ sender_allowed: p === "allowed", preferred_languages: ["it_IT"] }));
      }
      const invalid = validMessage(body);
      if (invalid) return problem(res, 400, "Invalid NewMessage", invalid);
      const p = profileOf(cf as string);
      if (p === "missing") return problem(res, 404, "Profile not found", "no user found for the provided fiscal code");
      if (p === "blocked") return problem(res, 403, "Forbidden", "the recipient blocked this sender");
      const id = messageId();
      messages.push({ id, key, fiscalCode: cf as string, content: (body as { content: Record<string, unknown> }).content, at: new Date() });
      res.writeHead(201, { "content-type": "application/json", location: `/api/v1/messages/${cf as string}/${id}` });
      return res.end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? "127.0.0.1"}:${port}/api/v1`,
    messages,
    calls,
    addKey: (k) => void keys.add(k),
    setProfile: (cf, p) => void profiles.set(cf, p),
    failNext: (n, answer, path) => {
      for (let i = 0; i < n; i++) scripted.push({ answer, path });
    },
    clearScripted: () => void scripted.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
