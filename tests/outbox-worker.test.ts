import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deliveryAttempts, outbox, type Ente, type User } from "@/db/schema";
import { enqueueSignInLink } from "@/lib/notifications/enqueue";
import { SmtpMailer, messageIdFor } from "@/lib/notifications/mailer";
import { MAX_FAILURES, RETRY_WINDOW_MS, retryDelayMs } from "@/lib/outbox/backoff";
import { claimBatch } from "@/lib/outbox/claim";
import { createHandlers } from "@/lib/outbox/handlers";
import { retryDelivery } from "@/lib/outbox/retry";
import { OutcomeRecorder } from "@/lib/outbox/record";
import { OutboxWorker } from "@/lib/outbox/worker";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createEnte, createStaff, operatorCtx } from "./helpers/fixtures";
import { closeMailLine, openMailLine, SmtpSink } from "./helpers/smtp";
import { waitFor } from "./helpers/wait";

const MAIL_FROM = "Stanza <noreply@stanza.test>";
let tdb: TestDatabase;
let ente: Ente;
let admin: User;
let sink: SmtpSink;
let mailer: SmtpMailer;
let clock: number;

beforeAll(async () => {
  tdb = await createTestDatabase();
  // No quiet hours: these tests are about delivery, not policy.
  ente = await createEnte(tdb.db, { quietHoursStart: "00:00", quietHoursEnd: "00:00" });
  admin = await createStaff(tdb.db, ente, "admin");
  ({ sink, mailer } = await openMailLine());
});
afterAll(async () => {
  await closeMailLine({ sink, mailer });
  await tdb?.close();
});
afterEach(async () => {
  // Every test starts from an empty outbox and an empty sink.
  await tdb.db.delete(deliveryAttempts);
  await tdb.db.delete(outbox);
  sink.messages.length = 0;
  sink.delayMs = 0;
  if (!(sink as unknown as { server?: unknown }).server) await sink.start();
});

function worker(id: string, opts: { leaseMs?: number; batchSize?: number } = {}) {
  return new OutboxWorker({
    db: tdb.db,
    workerId: id,
    handlers: createHandlers({ db: tdb.db, mailer, appUrl: "http://stanza.test", mailFrom: MAIL_FROM }),
    now: () => new Date(clock),
    random: () => 0,
    log: () => {},
    ...opts,
  });
}

async function queue(n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await enqueueSignInLink(tdb.db, { enteId: ente.id, email: `persona${i}@example.com`, url: `http://stanza.test/link/${tag}/${i}`, lang: "it" });
    if (id) ids.push(id);
  }
  // Rows are due from the database's now(): the test clock starts just after it.
  clock = Math.max(clock, Date.now() + 1000);
  return ids;
}

async function statuses(ids: string[]) {
  const rows = await tdb.db.select({ id: outbox.id, status: outbox.status, attempts: outbox.attempts }).from(outbox).where(inArray(outbox.id, ids));
  return rows;
}

describe("backoff", () => {
  it("is exponential, capped, and keeps retrying for at least 24 hours before the dead letter", () => {
    expect(retryDelayMs(1)).toBe(60_000);
    expect(retryDelayMs(2)).toBe(120_000);
    expect(retryDelayMs(3)).toBe(240_000);
    expect(retryDelayMs(50)).toBe(4 * 3_600_000);
    let waited = 0;
    for (let n = 1; n < MAX_FAILURES; n++) waited += retryDelayMs(n);
    expect(waited).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
  });
});

describe("the outbox worker", () => {
  it("SMTP down for a while, then back: every message is delivered exactly once", async () => {
    clock = Date.now();
    const ids = await queue(20, "outage");
    await sink.stop();
    const w = worker("w-outage");
    const first = await w.runOnce();
    expect(first.claimed).toBe(20);
    expect(first.failed).toBe(20);
    // Not due again before the backoff: nothing is claimed.
    expect((await w.runOnce()).claimed).toBe(0);
    clock += 2 * 60_000;
    expect((await w.runOnce()).failed).toBe(20);
    for (const r of await statuses(ids)) expect(r).toMatchObject({ status: "pending", attempts: 2 });

    await sink.start();
    clock += 60 * 60_000;
    const drained = await w.drain();
    expect(drained.sent).toBe(20);
    expect((await w.drain()).claimed).toBe(0);

    expect(sink.messages).toHaveLength(20);
    const counts = sink.counts();
    for (const id of ids) expect(counts.get(messageIdFor(id, MAIL_FROM))).toBe(1);
    for (const r of await statuses(ids)) expect(r.status).toBe("sent");
    const attempts = await tdb.db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.outboxId, ids));
    const by = (s: string) => attempts.filter((a) => a.status === s).length;
    expect([by("queued"), by("failed"), by("sent")]).toEqual([20, 40, 20]);
    // The failure says what went wrong; the success carries the SMTP server's answer.
    expect(attempts.find((a) => a.status === "failed")?.detail).toMatch(/ECONNREFUSED|connect/i);
    expect(attempts.find((a) => a.status === "sent")?.detail).toMatch(/250|queued as/);
  });

  it("a worker killed mid-batch loses nothing: its claimed rows are taken again after the lease", async () => {
    clock = Date.now();
    const ids = await queue(30, "crash");
    // Worker A claimed the whole batch and died before sending anything.
    const claimed = await claimBatch(tdb.db, { workerId: "dead-worker", limit: 30, now: new Date(clock), leaseMs: 5 * 60_000 });
    expect(claimed).toHaveLength(30);
    const b = worker("w-survivor", { leaseMs: 5 * 60_000 });
    clock += 60_000;
    expect((await b.runOnce()).claimed).toBe(0);
    clock += 5 * 60_000;
    expect((await b.drain()).sent).toBe(30);
    const counts = sink.counts();
    expect(sink.messages).toHaveLength(30);
    for (const id of ids) expect(counts.get(messageIdFor(id, MAIL_FROM))).toBe(1);
  });

  it("a claim takes expired leases first, then the oldest due rows, never more than its limit, nor a row not yet due or of another topic", async () => {
    clock = Date.now();
    const ids = await queue(12, "order");
    // Due times 1 minute apart, the first queued the oldest; two rows not due yet; one webhook row due.
    for (const [i, id] of ids.entries()) await tdb.db.update(outbox).set({ availableAt: new Date(clock - (20 - i) * 60_000) }).where(eq(outbox.id, id));
    await tdb.db.update(outbox).set({ availableAt: new Date(clock + 3_600_000) }).where(inArray(outbox.id, ids.slice(10)));
    const [webhookRow] = await tdb.db.insert(outbox).values({ enteId: ente.id, topic: "webhook", kind: "pratica.updated", payload: {}, idempotencyKey: `order-webhook-${clock}`, availableAt: new Date(clock - 3_600_000) }).returning();
    // A dead worker holds rows 8 and 9, its lease long expired.
    await tdb.db.update(outbox).set({ status: "processing", lockedBy: "gone", lockedAt: new Date(clock - 3_600_000) }).where(inArray(outbox.id, ids.slice(8, 10)));

    const opts = { workerId: "w-order", now: new Date(clock), leaseMs: 60_000, topics: ["email" as const] };
    const first = await claimBatch(tdb.db, { ...opts, limit: 5 });
    expect(new Set(first.map((r) => r.id))).toEqual(new Set([ids[8], ids[9], ids[0], ids[1], ids[2]]));
    expect(first.every((r) => r.status === "processing" && r.lockedBy === "w-order")).toBe(true);
    const second = await claimBatch(tdb.db, { ...opts, limit: 5 });
    expect(second.map((r) => r.id)).toEqual([ids[3], ids[4], ids[5], ids[6], ids[7]]);
    // Nothing else is due for this worker's topics: the future rows and the webhook row stay.
    expect(await claimBatch(tdb.db, { ...opts, limit: 5 })).toEqual([]);
    const [webhook] = await tdb.db.select().from(outbox).where(eq(outbox.id, webhookRow?.id ?? ""));
    expect(webhook?.status).toBe("pending");
    expect((await statuses(ids.slice(10))).map((r) => r.status)).toEqual(["pending", "pending"]);
  });

  it("the one window: a crash after the SMTP server accepted and before the record resends with the same Message-ID", async () => {
    clock = Date.now();
    const [id] = await queue(1, "window");
    if (!id) throw new Error("no row");
    const [row] = await claimBatch(tdb.db, { workerId: "dying-worker", limit: 1, now: new Date(clock), leaseMs: 60_000 });
    if (!row) throw new Error("not claimed");
    // The dying worker's send went through…
    const handlers = createHandlers({ db: tdb.db, mailer, appUrl: "http://stanza.test", mailFrom: MAIL_FROM });
    await handlers.email?.(row, new Date(clock));
    // …and it died before recording. Its lease expires; the row goes again, with the same id for the receiver.
    clock += 2 * 60_000;
    expect((await worker("w-next", { leaseMs: 60_000 }).drain()).sent).toBe(1);
    expect(sink.messages).toHaveLength(2);
    expect(new Set(sink.messages.map((m) => m.messageId))).toEqual(new Set([messageIdFor(id, MAIL_FROM)]));
  });

  it("two workers side by side never take the same row", async () => {
    clock = Date.now();
    const ids = await queue(40, "parallel");
    const a = worker("w-a", { batchSize: 7 });
    const b = worker("w-b", { batchSize: 7 });
    const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
    expect(ra.sent + rb.sent).toBe(40);
    const counts = sink.counts();
    for (const id of ids) expect(counts.get(messageIdFor(id, MAIL_FROM))).toBe(1);
  });

  it("gives up after 24 hours of failures (dead letter); an admin's retry delivers it once", async () => {
    clock = Date.now();
    const [id] = await queue(1, "dead");
    if (!id) throw new Error("no row");
    await sink.stop();
    const w = worker("w-dead");
    const start = clock;
    for (let i = 0; i < MAX_FAILURES; i++) {
      const s = await w.runOnce();
      expect(s.claimed).toBe(1);
      const [r] = await statuses([id]);
      if (i < MAX_FAILURES - 1) expect(r?.status).toBe("pending");
      clock += 5 * 3_600_000;
    }
    const [dead] = await tdb.db.select().from(outbox).where(eq(outbox.id, id));
    expect(dead?.status).toBe("dead");
    expect(dead?.lastError).toBeTruthy();
    expect(clock - start).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    expect((await w.runOnce()).claimed).toBe(0);
    const deadRecords = await tdb.db.select().from(deliveryAttempts).where(and(eq(deliveryAttempts.outboxId, id), eq(deliveryAttempts.status, "dead")));
    expect(deadRecords).toHaveLength(1);

    // Only an admin of the same ente may retry.
    const operator = await createStaff(tdb.db, ente, "operator");
    await expect(retryDelivery(operatorCtx(tdb.db, ente, operator), id)).rejects.toBeInstanceOf(ForbiddenError);
    const other = await createEnte(tdb.db);
    await expect(retryDelivery(adminCtx(tdb.db, other, admin), id)).rejects.toThrow(/non trovat|not found/i);

    await sink.start();
    await retryDelivery(adminCtx(tdb.db, ente, admin), id, new Date(clock));
    expect((await w.drain()).sent).toBe(1);
    expect(sink.counts().get(messageIdFor(id, MAIL_FROM))).toBe(1);
    // A sent row cannot be retried: no way to send it twice from the admin page.
    await expect(retryDelivery(adminCtx(tdb.db, ente, admin), id)).rejects.toBeInstanceOf(ConflictError);
  });

  it("a permanent SMTP refusal (5xx) is a dead letter at once", async () => {
    clock = Date.now();
    await sink.stop();
    const refusing = new SmtpSink();
    const { SMTPServer } = await import("smtp-server");
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo: (_addr, _s, cb) => cb(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 })),
    });
    await new Promise<void>((r) => server.listen(sink.port, "127.0.0.1", () => r()));
    try {
      const [id] = await queue(1, "refused");
      await worker("w-refused").runOnce();
      const [r] = await tdb.db.select().from(outbox).where(eq(outbox.id, id ?? ""));
      expect(r?.status).toBe("dead");
      expect(r?.lastError).toMatch(/550|mailbox unavailable/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      void refusing;
    }
  });
});

describe("recording outcomes by group commit", () => {
  it("writes the outcomes of lanes that finish together in one statement, each row and attempt as if alone", async () => {
    clock = Date.now();
    const ids = await queue(12, "group");
    const rows = await claimBatch(tdb.db, { workerId: "w-group", limit: 12, now: new Date(clock), leaseMs: 60_000 });
    expect(rows).toHaveLength(12);
    let statements = 0;
    const counting = new Proxy(tdb.db, {
      get(target, prop, receiver) {
        if (prop === "execute") statements += 1;
        const value = Reflect.get(target, prop, receiver) as unknown;
        // On PGlite the record runs as a prepared statement on the client (db/prepared.ts): its EXECUTEs count too.
        if (prop === "$client" && value && typeof value === "object")
          return new Proxy(value, {
            get(client, p) {
              const v = Reflect.get(client, p) as unknown;
              if (p !== "exec" || typeof v !== "function") return typeof v === "function" ? v.bind(client) : v;
              return (q: string, ...rest: unknown[]) => {
                // One call: the EXECUTE, after the settings it runs with (db/prepared.ts).
                statements += (q.match(/\bexecute stanza_/g) ?? []).length;
                return (v as (q: string, ...r: unknown[]) => unknown).call(client, q, ...rest);
              };
            },
          });
        return value;
      },
    });
    const recorder = new OutcomeRecorder(counting, "w-group", { flushAt: () => 12, lingerMs: 1_000 });
    const at = new Date(clock);
    const until = new Date(clock + 3_600_000);
    await Promise.all(
      rows.map((row, i) =>
        recorder.record(
          row,
          i === 0 ? { status: "deferred", until, detail: "rinviata\u0000 (NUL tolto)" } : i === 2 ? { status: "sent", detail: `250 ok ${"🏛".repeat(3).slice(0, 5)}` } : i === 1 ? { status: "sent", detail: "250 ok", scrub: ["url"] } : { status: i % 2 ? "skipped" : "sent", detail: `esito ${i}` },
          at,
        ),
      ),
    );
    // All twelve were in before the linger ran out: one statement, not twelve.
    expect(statements).toBe(1);
    const after = await tdb.db.select().from(outbox).where(inArray(outbox.id, ids));
    const byId = new Map(after.map((r) => [r.id, r]));
    const first = byId.get(rows[0]?.id ?? "");
    expect(first).toMatchObject({ status: "pending", lockedBy: null, doneAt: null });
    expect(first?.availableAt.getTime()).toBe(until.getTime());
    const second = byId.get(rows[1]?.id ?? "");
    expect(second).toMatchObject({ status: "sent", lockedBy: null });
    expect(second?.payload.url).toBe("[rimosso dopo l'invio]");
    expect(second?.doneAt?.getTime()).toBe(at.getTime());
    for (const [i, row] of rows.entries()) if (i > 1) expect(byId.get(row.id)?.status).toBe(i % 2 ? "skipped" : "sent");
    const attempts = (await tdb.db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.outboxId, ids))).filter((a) => a.status !== "queued");
    expect(attempts).toHaveLength(12);
    expect(attempts.find((a) => a.outboxId === rows[0]?.id)).toMatchObject({ status: "deferred", detail: "rinviata (NUL tolto)" });
    expect(attempts.find((a) => a.outboxId === rows[3]?.id)?.detail).toBe("esito 3");
    // An answer cut in the middle of an emoji is kept, with the lone half replaced.
    expect(attempts.find((a) => a.outboxId === rows[2]?.id)?.detail).toBe("250 ok 🏛🏛\uFFFD");
  });

  it("does not let one row that cannot be written keep the others of its group unrecorded", async () => {
    clock = Date.now();
    const ids = await queue(3, "bad-row");
    const rows = await claimBatch(tdb.db, { workerId: "w-bad", limit: 3, now: new Date(clock), leaseMs: 60_000 });
    const recorder = new OutcomeRecorder(tdb.db, "w-bad", { flushAt: () => 4, lingerMs: 1_000 });
    const ghost = { ...(rows[0] as NonNullable<(typeof rows)[0]>), id: "00000000-0000-4000-8000-0000000000ff" };
    const results = await Promise.allSettled([...rows, ghost].map((row) => recorder.record(row, { status: "sent", detail: "250 ok" }, new Date(clock))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
    expect((await statuses(ids)).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  });

  it("writes at once when a single lane is delivering, and within the linger otherwise", async () => {
    clock = Date.now();
    const ids = await queue(3, "linger");
    const rows = await claimBatch(tdb.db, { workerId: "w-linger", limit: 3, now: new Date(clock), leaseMs: 60_000 });
    const row = (i: number) => rows[i] as NonNullable<(typeof rows)[0]>;
    let lanes = 1;
    // The linger's timer is the test's: it sees the wait armed, and ends it when it chooses.
    const lingers: { ms: number; fire: () => void }[] = [];
    const recorder = new OutcomeRecorder(tdb.db, "w-linger", { flushAt: () => lanes, lingerMs: 60_000, schedule: (fire, ms) => (lingers.push({ ms, fire }), () => {}) });
    await recorder.record(row(0), { status: "sent", detail: "250 ok" }, new Date(clock));
    expect(lingers).toEqual([]);
    // Two lanes, one outcome in: it waits for the other lane... until that lane ends and says so.
    lanes = 2;
    let done = false;
    const pending = recorder.record(row(1), { status: "sent", detail: "250 ok" }, new Date(clock)).then(() => (done = true));
    await waitFor(() => lingers.length === 1);
    expect(lingers[0]?.ms).toBe(60_000);
    expect(done).toBe(false);
    expect((await statuses([row(1).id]))[0]?.status).toBe("processing");
    lanes = 1;
    recorder.poke();
    await pending;
    expect(done).toBe(true);
    // ...or until the linger runs out.
    lanes = 2;
    const third = recorder.record(row(2), { status: "sent", detail: "250 ok" }, new Date(clock));
    await waitFor(() => lingers.length === 2);
    expect((await statuses([row(2).id]))[0]?.status).toBe("processing");
    lingers[1]?.fire();
    await third;
    expect((await statuses(ids)).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  });
});
