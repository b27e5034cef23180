import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { signCallback } from "@/lib/payments/provider";

/**
 * A fake pagoPA intermediary (partner tecnologico) for the tests: the subset of the REST API the adapter in
 * lib/payments/pagopa-rest.ts calls, on 127.0.0.1 and a free port. Framework-free (node:http only), so vitest and
 * Playwright can both start it. Switches make it misbehave; `pay`/`fail`/`cancel`/`expire` play the citizen and the
 * platform; `sendCallback` posts a signed (or forged) notification to a URL.
 */

export type FakeMode =
  | "ok"
  /** Every answer is a 500. */
  | "error500"
  /** Every answer is a 429. */
  | "throttle"
  /** Never answers (the adapter's timeout has to fire). */
  | "hang"
  /** 200 with a body that is not JSON. */
  | "garbage"
  /** Answers with an amount one euro higher than the one it was given. */
  | "wrong-amount";

export type FakePosition = {
  iupd: string;
  iuv: string;
  nav: string;
  amount: number;
  dueDate: string;
  status: "VALID" | "PAID" | "EXPIRED" | "INVALID";
  lastAttemptOutcome: "KO" | "CANCELLED" | null;
  paymentDate: string | null;
  receiptId: string | null;
  returnUrls: { ok: string; ko: string; cancel: string } | null;
  body: unknown;
};

export type FakeIntermediary = {
  url: string;
  mode: FakeMode;
  subscriptionKey: string;
  callbackSecret: string;
  positions: Map<string, FakePosition>;
  /** Every request received: method, path (with query), body. */
  requests: { method: string; path: string; body: unknown; headers: IncomingMessage["headers"] }[];
  pay(iupd: string, at?: Date): FakePosition;
  fail(iupd: string): FakePosition;
  cancel(iupd: string): FakePosition;
  expire(iupd: string): FakePosition;
  /** The notification the intermediary would send for the position's current state. */
  callbackBody(iupd: string, eventId?: string): string;
  /** Posts `body` to `url`, signed with the shared secret (or with `secret`, to forge), at `at`. */
  sendCallback(url: string, body: string, opts?: { secret?: string; at?: Date }): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
};

const CHECKOUT = "https://checkout.fake-pagopa.test/c";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

/** A one-page PDF: enough bytes to be a PDF, with the IUV in it. */
export function fakeReceiptPdf(iuv: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ricevuta ${iuv}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, "latin1");
}

export async function startFakeIntermediary(opts: { subscriptionKey?: string; callbackSecret?: string } = {}): Promise<FakeIntermediary> {
  const hanging = new Set<ServerResponse>();
  const positions = new Map<string, FakePosition>();
  const requests: FakeIntermediary["requests"] = [];
  let seq = 0;

  const fake: Omit<FakeIntermediary, "url" | "close"> = {
    mode: "ok",
    subscriptionKey: opts.subscriptionKey ?? "fake-subscription-key",
    callbackSecret: opts.callbackSecret ?? "fake-callback-secret-0123456789",
    positions,
    requests,
    pay(iupd, at = new Date()) {
      const p = must(iupd);
      p.status = "PAID";
      p.paymentDate = at.toISOString();
      p.receiptId = `RT-${p.iuv}`;
      p.lastAttemptOutcome = null;
      return p;
    },
    fail(iupd) {
      const p = must(iupd);
      p.lastAttemptOutcome = "KO";
      return p;
    },
    cancel(iupd) {
      const p = must(iupd);
      p.lastAttemptOutcome = "CANCELLED";
      return p;
    },
    expire(iupd) {
      const p = must(iupd);
      p.status = "EXPIRED";
      return p;
    },
    callbackBody(iupd, eventId) {
      const p = must(iupd);
      const outcome = p.status === "PAID" ? "PAID" : p.status === "EXPIRED" ? "EXPIRED" : p.lastAttemptOutcome === "CANCELLED" ? "CANCELLED" : "KO";
      return JSON.stringify({
        eventId: eventId ?? `evt-${++seq}`,
        iupd: p.iupd,
        noticeNumber: p.nav,
        iuv: p.iuv,
        outcome,
        amount: outcome === "PAID" ? p.amount : null,
        paymentDate: outcome === "PAID" ? p.paymentDate : null,
        receiptId: outcome === "PAID" ? p.receiptId : null,
      });
    },
    async sendCallback(url, body, o = {}) {
      const headers = signCallback(o.secret ?? fake.callbackSecret, body, o.at ?? new Date());
      const res = await fetch(url, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body });
      return { status: res.status, text: await res.text() };
    },
  };

  function must(iupd: string): FakePosition {
    const p = positions.get(iupd);
    if (!p) throw new Error(`fake intermediary: no position ${iupd}`);
    return p;
  }

  function answer(p: FakePosition) {
    const lie = fake.mode === "wrong-amount" ? 100 : 0;
    return {
      iupd: p.iupd,
      status: p.status,
      paymentOption: [
        {
          iuv: p.iuv,
          nav: p.nav,
          amount: p.amount + lie,
          dueDate: p.dueDate,
          status: p.status === "PAID" ? "PO_PAID" : "PO_UNPAID",
          paymentDate: p.paymentDate,
          idReceipt: p.receiptId,
          lastAttemptOutcome: p.lastAttemptOutcome,
        },
      ],
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const path = req.url ?? "/";
    requests.push({ method: req.method ?? "GET", path, body, headers: req.headers });
    switch (fake.mode) {
      case "hang":
        hanging.add(res);
        return;
      case "error500":
        return json(res, 500, { title: "Internal Server Error" });
      case "throttle":
        res.writeHead(429, { "Retry-After": "30" });
        return res.end();
      case "garbage":
        res.writeHead(200, { "Content-Type": "application/json" });
        return res.end("{<html>definitely not json");
    }
    if (req.headers["ocp-apim-subscription-key"] !== fake.subscriptionKey) return json(res, 401, { title: "Unauthorized" });
    const u = new URL(path, "http://fake");
    let m: RegExpMatchArray | null;
    if (req.method === "POST" && (m = u.pathname.match(/^\/organizations\/(\d{11})\/debtpositions$/))) {
      const b = body as { iupd?: string; paymentOption?: { iuv: string; nav: string; amount: number; dueDate: string; transfer?: { amount: number }[] }[] } | null;
      const o = b?.paymentOption?.[0];
      if (!b?.iupd || !o || typeof o.amount !== "number" || (o.transfer ?? []).reduce((s, t) => s + t.amount, 0) !== o.amount) return json(res, 400, { title: "Bad Request" });
      if (positions.has(b.iupd)) return json(res, 409, { title: "Conflict" });
      const p: FakePosition = { iupd: b.iupd, iuv: o.iuv, nav: o.nav, amount: o.amount, dueDate: o.dueDate, status: "VALID", lastAttemptOutcome: null, paymentDate: null, receiptId: null, returnUrls: null, body };
      positions.set(b.iupd, p);
      return json(res, 201, answer(p));
    }
    if (req.method === "GET" && (m = u.pathname.match(/^\/organizations\/(\d{11})\/debtpositions\/([^/]+)$/))) {
      const p = positions.get(decodeURIComponent(m[2]!));
      return p ? json(res, 200, answer(p)) : json(res, 404, { title: "Not Found" });
    }
    if (req.method === "GET" && (m = u.pathname.match(/^\/organizations\/(\d{11})\/receipts\/(\d+)\/pdf$/))) {
      const p = [...positions.values()].find((x) => x.iuv === m![2]);
      if (!p || p.status !== "PAID") return json(res, 404, { title: "Not Found" });
      res.writeHead(200, { "Content-Type": "application/pdf" });
      return res.end(fakeReceiptPdf(p.iuv));
    }
    if (req.method === "POST" && u.pathname === "/carts") {
      const b = body as { paymentNotices?: { noticeNumber: string; amount: number }[]; returnUrls?: { returnOkUrl: string; returnErrorUrl: string; returnCancelUrl: string } } | null;
      const n = b?.paymentNotices?.[0];
      const p = n && [...positions.values()].find((x) => x.nav === n.noticeNumber);
      if (!p || !b?.returnUrls) return json(res, 422, { title: "Unprocessable" });
      if (p.amount !== n.amount || p.status !== "VALID") return json(res, 422, { title: "Unprocessable" });
      p.returnUrls = { ok: b.returnUrls.returnOkUrl, ko: b.returnUrls.returnErrorUrl, cancel: b.returnUrls.returnCancelUrl };
      res.writeHead(302, { Location: `${CHECKOUT}/${p.nav}` });
      return res.end();
    }
    return json(res, 404, { title: "Not Found" });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { title: "fake failed" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
