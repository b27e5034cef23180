import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { demoIoKey } from "@/db/seed-io";
import { auditLog, deliveryAttempts, enti, outbox, pratiche, users, type Ente, type OutboxRow, type Pratica, type Service, type User } from "@/db/schema";
import { IO_MARKDOWN_MAX, IO_MARKDOWN_MIN, IO_SUBJECT_MAX, IO_SUBJECT_MIN } from "@/lib/channels/content";
import { createIoClient, parseRetryAfter } from "@/lib/channels/io/client";
import { createIoHandler } from "@/lib/channels/io/handler";
import { getServiceIoKeyStatus, ioKeySchema, removeServiceIoKey, setServiceIoKey } from "@/lib/channels/io/keys";
import { createKeyRateLimiter } from "@/lib/channels/io/rate-limit";
import type { NoticeContent, PrepareNotice } from "@/lib/channels/types";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { FileMailer } from "@/lib/notifications/mailer";
import { buildModel } from "@/lib/notifications/model";
import { MAX_FAILURES } from "@/lib/outbox/backoff";
import type { Outcome } from "@/lib/outbox/record";
import { enqueue } from "@/lib/outbox/enqueue";
import { createHandlers } from "@/lib/outbox/handlers";
import { OutboxWorker } from "@/lib/outbox/worker";
import { createTestDatabase, rowsOf, type TestDatabase } from "./helpers/db";
import { adminCtx, createAdminWorld, makeCodiceFiscale, operatorCtx, submittedPratica, type AdminWorld } from "./helpers/fixtures";
import { startIoServer, type IoFakeServer } from "./helpers/io-server";

// The IO keys' own encryption key (the at-rest cipher takes IO_ENCRYPTION_KEY before AUTH_SECRET).
process.env.IO_ENCRYPTION_KEY ??= "io-test-".repeat(5);

const KEY = "0123456789abcdef0123456789ABCDEF";
const APP = "http://stanza.test";
let tdb: TestDatabase;
let w: AdminWorld;
let io: IoFakeServer;
let ente: Ente;
let service: Service;
let citizen: User;
let pratica: Pratica;
let clock: number;
/** What the test's prepareNotice adds to the notice (a due date, a payment). */
let extra: Partial<NoticeContent> = {};

/**
 * The test's own prepareNotice (the real one is the routing's, lib/channels): the citizen of the pratica, the
 * notice's words, and what `extra` says; a row whose payload says `gone` has nothing to send.
 */
const prepareNotice: PrepareNotice = async (row): Promise<NoticeContent | Outcome> => {
  if (row.payload.gone === true) return { status: "skipped", detail: "destinatario non più attivo" };
  const [p] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, row.praticaId!));
  const [u] = await tdb.db.select().from(users).where(eq(users.id, p!.applicantId));
  const [e] = await tdb.db.select().from(enti).where(eq(enti.id, row.enteId));
  const link = `${APP}/${e!.slug}/area-personale/pratiche/${p!.id}`;
  const subject = "Pratica presa in carico";
  return {
    kind: "taken_in_charge",
    lang: "it",
    ente: e!,
    recipient: u!,
    praticaId: p!.id,
    praticaNumber: "2026-000123",
    serviceName: "Servizio di prova",
    subject,
    heading: "La tua pratica è stata presa in carico",
    paragraphs: ["Il Comune ha preso in carico la tua pratica per il servizio «Servizio di prova».", "Puoi seguirne lo stato nell'area personale."],
    link,
    dueDate: null,
    payment: null,
    email: { subject, model: buildModel({ kind: "taken_in_charge", lang: "it", ente: e!, appUrl: APP, facts: null, link, audience: "citizen" }).model, attachments: [] },
    ...extra,
  };
};

function worker(handlers = { io: createIoHandler({ db: tdb.db, prepareNotice, ioApiUrl: io.url }) }) {
  return new OutboxWorker({ db: tdb.db, handlers, now: () => new Date(clock), random: () => 0, log: () => {} });
}

let seq = 0;
async function queueIo(payload: Record<string, unknown> = {}): Promise<string> {
  const [id] = await enqueue(tdb.db, [
    { enteId: ente.id, praticaId: pratica.id, topic: "io", kind: "taken_in_charge", payload: { userId: citizen.id, via: "io", fallbacks: ["email"], ...payload }, idempotencyKey: `io-test-${++seq}` },
  ]);
  clock = Math.max(clock, Date.now() + 1000);
  return id!;
}

async function rowOf(id: string): Promise<OutboxRow> {
  const [r] = await tdb.db.select().from(outbox).where(eq(outbox.id, id));
  return r!;
}
async function attemptsOf(id: string) {
  return tdb.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.outboxId, id)).orderBy(deliveryAttempts.id);
}
async function childrenOf(id: string) {
  return tdb.db.select().from(outbox).where(eq(outbox.parentId, id));
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  w = await createAdminWorld(tdb.db);
  ente = w.ente;
  service = w.service;
  await tdb.db.update(enti).set({ quietHoursStart: "00:00", quietHoursEnd: "00:00" }).where(eq(enti.id, ente.id));
  const cf = makeCodiceFiscale();
  [citizen] = await tdb.db.update(users).set({ codiceFiscale: cf }).where(eq(users.id, w.citizen.id)).returning() as [User];
  pratica = await submittedPratica(tdb.db, ente, service, citizen);
  await setServiceIoKey(adminCtx(tdb.db, ente, w.admin), service.id, { ioApiKey: KEY });
  io = await startIoServer({ keys: [KEY] });
  io.setProfile(cf, "allowed");
  clock = Date.now() + 1000;
});
afterAll(async () => {
  await io?.close();
  await tdb?.close();
});
afterEach(async () => {
  io.messages.length = 0;
  io.calls.length = 0;
  io.clearScripted();
  io.setProfile(citizen.codiceFiscale!, "allowed");
  extra = {};
  await tdb.db.delete(deliveryAttempts);
  await tdb.db.delete(outbox);
});

describe("App IO: a message IO accepts", () => {
  it("checks the profile, then sends subject and markdown within IO's limits, the link, the due date and the payment data", async () => {
    const due = new Date("2027-01-31T22:59:59.000Z");
    extra = {
      kind: "payment_due",
      subject: "Avviso",
      paragraphs: ["x".repeat(12_000)],
      dueDate: due,
      payment: { amountCents: 1650, noticeNumber: "301000000000000123", payeeFiscalCode: "00123450504", dueDate: due },
    };
    const id = await queueIo();
    const stats = await worker().drain();
    expect(stats.sent).toBe(1);
    expect(io.calls).toEqual(["POST /api/v1/profiles 200", "POST /api/v1/messages 201"]);
    expect(io.messages).toHaveLength(1);
    const m = io.messages[0]!;
    expect(m.fiscalCode).toBe(citizen.codiceFiscale);
    const c = m.content as { subject: string; markdown: string; due_date: string; payment_data: Record<string, unknown> };
    expect(c.subject.length).toBeGreaterThanOrEqual(IO_SUBJECT_MIN);
    expect(c.subject.length).toBeLessThanOrEqual(IO_SUBJECT_MAX);
    expect(c.markdown.length).toBeGreaterThanOrEqual(IO_MARKDOWN_MIN);
    expect(c.markdown.length).toBeLessThanOrEqual(IO_MARKDOWN_MAX);
    expect(c.markdown).toContain(`(${APP}/${ente.slug}/area-personale/pratiche/${pratica.id})`);
    expect(c.due_date).toBe("2027-01-31T22:59:59.000Z");
    expect(c.payment_data).toEqual({ amount: 1650, notice_number: "301000000000000123", invalid_after_due_date: false, payee: { fiscal_code: "00123450504" } });
    const row = await rowOf(id);
    expect(row.status).toBe("sent");
    expect(row.payload.ioMessageId).toBe(m.id);
    expect((await attemptsOf(id)).map((a) => a.status)).toEqual(["queued", "sent"]);
    expect((await attemptsOf(id)).at(-1)!.detail).toContain(m.id);
  });

  it("sends no due date nor payment data when the notice has none", async () => {
    await queueIo();
    await worker().drain();
    const c = io.messages[0]!.content;
    expect(c.due_date).toBeUndefined();
    expect(c.payment_data).toBeUndefined();
  });

  it("never submits twice a row IO already accepted (a crash before the outcome was recorded)", async () => {
    const id = await queueIo({ ioMessageId: "01ALREADYACCEPTED" });
    await worker().drain();
    expect(io.calls).toEqual([]);
    expect((await rowOf(id)).status).toBe("sent");
  });

  it("passes on prepareNotice's own outcome (nothing to send) without calling IO", async () => {
    const id = await queueIo({ gone: true });
    await worker().drain();
    expect(io.calls).toEqual([]);
    expect((await rowOf(id)).status).toBe("skipped");
  });
});

describe("App IO: refusals hand the notice over to the next channel", () => {
  it.each([
    ["no IO profile", "missing" as const, "profilo IO"],
    ["the service blocked", "blocked" as const, "disattivato"],
  ])("%s → a row of topic email (parent = the IO row), nothing sent to IO", async (_name, profile, words) => {
    io.setProfile(citizen.codiceFiscale!, profile);
    const id = await queueIo();
    const stats = await worker().drain();
    expect(stats.routed).toBe(1);
    expect(io.messages).toHaveLength(0);
    const row = await rowOf(id);
    expect(row.status).toBe("routed");
    const kids = await childrenOf(id);
    expect(kids).toHaveLength(1);
    expect(kids[0]).toMatchObject({ topic: "email", status: "pending", kind: "taken_in_charge", praticaId: pratica.id });
    expect(kids[0]!.payload).toMatchObject({ via: "email", fallbacks: [], userId: citizen.id });
    expect(String(kids[0]!.payload.handOverReason)).toContain(words);
    expect((await attemptsOf(id)).at(-1)).toMatchObject({ status: "routed" });
  });

  it("with no fallback left, the row is skipped with the reason", async () => {
    io.setProfile(citizen.codiceFiscale!, "missing");
    const id = await queueIo({ fallbacks: [] });
    await worker().drain();
    const row = await rowOf(id);
    expect(row.status).toBe("skipped");
    expect((await attemptsOf(id)).at(-1)!.detail).toContain("nessun altro canale");
    expect(await childrenOf(id)).toHaveLength(0);
  });

  it("a citizen without a codice fiscale, or a service without a key, goes to the fallback without calling IO", async () => {
    await tdb.db.update(users).set({ codiceFiscale: null }).where(eq(users.id, citizen.id));
    try {
      const id = await queueIo();
      await worker().drain();
      expect((await rowOf(id)).status).toBe("routed");
      expect(io.calls).toEqual([]);
    } finally {
      await tdb.db.update(users).set({ codiceFiscale: citizen.codiceFiscale }).where(eq(users.id, citizen.id));
    }
    await removeServiceIoKey(adminCtx(tdb.db, ente, w.admin), service.id);
    try {
      const id = await queueIo();
      await worker().drain();
      expect((await rowOf(id)).status).toBe("routed");
      expect(String((await childrenOf(id))[0]!.payload.handOverReason)).toContain("chiave IO");
      expect(io.calls).toEqual([]);
    } finally {
      await setServiceIoKey(adminCtx(tdb.db, ente, w.admin), service.id, { ioApiKey: KEY });
    }
  });

  it("a key IO does not accept (401) is a permanent refusal: handed over", async () => {
    const other = createIoHandler({ db: tdb.db, prepareNotice, ioApiUrl: io.url });
    await setServiceIoKey(adminCtx(tdb.db, ente, w.admin), service.id, { ioApiKey: "f".repeat(32) });
    try {
      const id = await queueIo();
      await worker({ io: other }).drain();
      expect(io.calls).toEqual(["POST /api/v1/profiles 401"]);
      expect((await rowOf(id)).status).toBe("routed");
      expect((await attemptsOf(id)).at(-1)!.detail).toContain("HTTP 401");
    } finally {
      await setServiceIoKey(adminCtx(tdb.db, ente, w.admin), service.id, { ioApiKey: KEY });
    }
  });
});

describe("App IO: IO's limits and failures", () => {
  it("429 defers the row until Retry-After (not a failure), then it is sent once", async () => {
    io.failNext(1, { status: 429, retryAfterSeconds: 7 }, "/messages");
    const id = await queueIo();
    const first = await worker().drain();
    expect(first).toMatchObject({ deferred: 1, failed: 0, sent: 0 });
    const row = await rowOf(id);
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(0);
    expect(row.availableAt.getTime()).toBe(clock + 7000);
    expect(io.messages).toHaveLength(0);
    // Not due before Retry-After…
    expect((await worker().drain()).claimed).toBe(0);
    clock += 7001;
    expect((await worker().drain()).sent).toBe(1);
    expect(io.messages).toHaveLength(1);
    expect((await attemptsOf(id)).map((a) => a.status)).toEqual(["queued", "deferred", "sent"]);
  });

  it("500 is a failure the worker retries with its backoff, then sent once", async () => {
    io.failNext(1, { status: 500 }, "/messages");
    const id = await queueIo();
    const first = await worker().drain();
    expect(first).toMatchObject({ failed: 1, dead: 0 });
    const row = await rowOf(id);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toContain("HTTP 500");
    clock = row.availableAt.getTime() + 1;
    expect((await worker().drain()).sent).toBe(1);
    expect(io.messages).toHaveLength(1);
    expect((await attemptsOf(id)).map((a) => a.status)).toEqual(["queued", "failed", "sent"]);
  });

  it("500 until what would be the last attempt hands over to the fallback rather than dying", async () => {
    io.failNext(100, { status: 500 });
    const id = await queueIo();
    let rounds = 0;
    for (;;) {
      const row = await rowOf(id);
      if (row.status !== "pending") break;
      clock = Math.max(clock, row.availableAt.getTime() + 1);
      await worker().drain();
      if (++rounds > MAX_FAILURES + 2) throw new Error("never settled");
    }
    const row = await rowOf(id);
    expect(row.status).toBe("routed");
    expect(row.attempts).toBe(MAX_FAILURES - 1);
    expect(rounds).toBe(MAX_FAILURES);
    expect(io.messages).toHaveLength(0);
    const kids = await childrenOf(id);
    expect(kids).toHaveLength(1);
    expect(kids[0]!.topic).toBe("email");
    expect(String(kids[0]!.payload.handOverReason)).toContain("IO non disponibile");
  });

  it.each([
    ["the profile check", "/profiles" as const],
    ["the submission", "/messages" as const],
  ])("a malformed answer to %s is recorded and handed over, never a crash", async (_name, path) => {
    io.failNext(1, { status: "lie" }, path);
    const id = await queueIo();
    const stats = await worker().drain();
    expect(stats).toMatchObject({ routed: 1, failed: 0 });
    const last = (await attemptsOf(id)).at(-1)!;
    expect(last.status).toBe("routed");
    expect(last.detail).toContain("risposta di IO non valida");
  });

  it("an IO that does not answer in time is a transient failure", async () => {
    const hang = await startIoServer({ keys: [KEY] });
    const slowFetch: typeof fetch = (input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    try {
      const client = createIoClient({ baseUrl: hang.url, fetch: slowFetch, timeoutMs: 50 });
      expect(await client.checkProfile(KEY, citizen.codiceFiscale!)).toMatchObject({ kind: "transient" });
      const down = createIoClient({ baseUrl: "http://127.0.0.1:9/api/v1", timeoutMs: 2000 });
      expect(await down.checkProfile(KEY, citizen.codiceFiscale!)).toMatchObject({ kind: "transient" });
    } finally {
      await hang.close();
    }
  });

  it("the client refuses a message outside IO's limits before sending it", async () => {
    const client = createIoClient({ baseUrl: io.url });
    const r = await client.submitMessage(KEY, { fiscal_code: citizen.codiceFiscale!, content: { subject: "corto", markdown: "breve" } });
    expect(r.kind).toBe("permanent");
    expect(io.calls).toEqual([]);
  });

  it("Retry-After in seconds or as a date; the local rate limit per key, bounded", () => {
    expect(parseRetryAfter("12")).toBe(12_000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter("domani")).toBeNull();
    let t = 0;
    const limiter = createKeyRateLimiter({ capacity: 4, perSecond: 2, max: 3, now: () => t });
    expect(limiter.take("a", 2)).toBe(0);
    expect(limiter.take("a", 2)).toBe(0);
    expect(limiter.take("a", 2)).toBe(1000);
    t += 1000;
    expect(limiter.take("b", 2)).toBe(0);
    for (const k of ["c", "d", "e", "f"]) limiter.take(k, 1);
    expect(limiter.size()).toBe(3);
  });

  it("createHandlers wires the real prepareNotice (lib/channels/prepare.ts): an io row is worded and sent without one given", async () => {
    const mailer = new FileMailer(mkdtempSync(path.join(os.tmpdir(), "stanza-mail-")));
    const handlers = createHandlers({ db: tdb.db, mailer, appUrl: APP, mailFrom: "Stanza <noreply@stanza.test>", ioApiUrl: io.url });
    const before = io.messages.length;
    const id = await queueIo({ urgent: true });
    const stats = await worker({ io: handlers.io! }).drain();
    expect(stats.sent).toBe(1);
    expect((await rowOf(id)).status).toBe("sent");
    expect(io.messages.length).toBe(before + 1);
    expect(io.messages.at(-1)?.fiscalCode).toBe(citizen.codiceFiscale);
  });
});

describe("App IO keys", () => {
  it("are encrypted at rest: the key is nowhere in the database in clear, only its last four characters", async () => {
    const dump = rowsOf<{ t: string }>(await tdb.db.execute(sql`select row_to_json(s)::text as t from services s where id = ${service.id}`));
    expect(dump[0]!.t).not.toContain(KEY);
    expect(dump[0]!.t.toLowerCase()).not.toContain(KEY.toLowerCase());
    const status = await getServiceIoKeyStatus(adminCtx(tdb.db, ente, w.admin), service.id);
    expect(status).toMatchObject({ configured: true, hint: "CDEF", unreadable: false });
    const audits = rowsOf<{ t: string }>(await tdb.db.execute(sql`select row_to_json(a)::text as t from audit_log a where target_id = ${service.id}`));
    expect(audits.length).toBeGreaterThan(0);
    for (const a of audits) expect(a.t.toLowerCase()).not.toContain(KEY.toLowerCase());
    const actions = (await tdb.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.targetId, service.id), eq(auditLog.enteId, ente.id)))).map((a) => a.action);
    expect(actions).toContain("service.io_key_set");
  });

  it("only an admin of the service's own ente can set or remove it", async () => {
    const before = await getServiceIoKeyStatus(adminCtx(tdb.db, ente, w.admin), service.id);
    // Another ente's admin, in their own ente: the service is not theirs.
    await expect(setServiceIoKey(adminCtx(tdb.db, w.other, w.otherAdmin), service.id, { ioApiKey: "a".repeat(32) })).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeServiceIoKey(adminCtx(tdb.db, w.other, w.otherAdmin), service.id)).rejects.toBeInstanceOf(NotFoundError);
    // …or claiming this ente: not an admin here.
    await expect(setServiceIoKey(adminCtx(tdb.db, ente, w.otherAdmin), service.id, { ioApiKey: "a".repeat(32) })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeServiceIoKey(operatorCtx(tdb.db, ente, w.operator), service.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await getServiceIoKeyStatus(adminCtx(tdb.db, ente, w.admin), service.id)).toEqual(before);
  });

  it("must be 32 hexadecimal characters", async () => {
    for (const bad of ["", "abc", "g".repeat(32), "a".repeat(33)]) {
      const err = await setServiceIoKey(adminCtx(tdb.db, ente, w.admin), service.id, { ioApiKey: bad }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fieldErrors[0]!.code).toBe(bad === "" ? "io.key_required" : "io.key_format");
    }
  });

  it("the demo keys (db/seed-io.ts) are keys IO's format allows, one per service", () => {
    const a = demoIoKey("servizio-a");
    expect(ioKeySchema.safeParse({ ioApiKey: a }).success).toBe(true);
    expect(demoIoKey("servizio-b")).not.toBe(a);
  });

  it("replace and remove are audited with the hints only", async () => {
    const ctx = adminCtx(tdb.db, ente, w.admin);
    const replaced = await setServiceIoKey(ctx, service.id, { ioApiKey: "  abcdefabcdefabcdefabcdefabcd1234  " });
    expect(replaced.hint).toBe("1234");
    const removed = await removeServiceIoKey(ctx, service.id);
    expect(removed).toMatchObject({ configured: false, hint: null });
    await setServiceIoKey(ctx, service.id, { ioApiKey: KEY });
    const rows = await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, service.id)).orderBy(auditLog.createdAt);
    const replace = rows.find((r) => r.action === "service.io_key_replace" && (r.data as { hint?: string }).hint === "1234");
    expect(replace?.data).toMatchObject({ hint: "1234", previousHint: "CDEF" });
    expect(rows.some((r) => r.action === "service.io_key_remove")).toBe(true);
  });
});
