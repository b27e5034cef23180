import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, deliveryAttempts, entePecSettings, enti, outbox, pecMessages, type DeliveryStatus, type Ente, type OutboxStatus, type OutboxTopic, type User } from "@/db/schema";
import { getChannelsHealth, listChannelFailures } from "@/lib/admin/channels";
import { updateChannelPolicy } from "@/lib/admin/channel-policy";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { retryDelivery } from "@/lib/outbox/retry";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createEnte, createService, createStaff, operatorCtx } from "./helpers/fixtures";

const NOW = new Date("2026-12-02T12:00:00Z");
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
const CONFIG = { smtpUrl: "smtps://user:secret@smtp.comune.example:465", ioApiUrl: "http://127.0.0.1:4010/api/v1" };

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let admin: User;
let otherAdmin: User;
let operator: User;
let seq = 0;

/** One outbox row with its steps, done `hours` ago. */
async function row(e: Ente, topic: OutboxTopic, status: OutboxStatus, hours: number, steps: [DeliveryStatus, string | null][] = [], extra: { parentId?: string; lastError?: string; attempts?: number } = {}) {
  const [r] = await tdb.db
    .insert(outbox)
    .values({
      enteId: e.id,
      topic,
      kind: "taken_in_charge",
      payload: { to: "applicant" },
      status,
      attempts: extra.attempts ?? 1,
      idempotencyKey: `t-${++seq}`,
      parentId: extra.parentId ?? null,
      lastError: extra.lastError ?? null,
      createdAt: ago(hours + 0.1),
      doneAt: status === "pending" ? null : ago(hours),
    })
    .returning();
  if (!r) throw new Error("row");
  if (steps.length) await tdb.db.insert(deliveryAttempts).values(steps.map(([s, detail]) => ({ outboxId: r.id, enteId: e.id, status: s, detail, createdAt: ago(hours) })));
  return r;
}

async function pec(e: Ente, state: "sent" | "accepted" | "delivered" | "undelivered", sentHoursAgo: number) {
  const r = await row(e, "pec", state === "undelivered" ? "routed" : "sent", sentHoursAgo, state === "undelivered" ? [["undelivered", "casella piena"], ["routed", "email: casella piena"]] : []);
  const at = ago(sentHoursAgo - 1);
  await tdb.db.insert(pecMessages).values({
    outboxId: r.id,
    enteId: e.id,
    messageId: `<${r.id}@pec.example>`,
    toAddress: "mario.rossi@pec.example",
    state,
    sentAt: ago(sentHoursAgo),
    acceptedAt: state === "sent" ? null : at,
    deliveredAt: state === "delivered" ? at : null,
    undeliveredAt: state === "undelivered" ? at : null,
  });
  return r;
}

/** The same mix of rows for an ente: what the counts below expect for `ente`; `other` gets it too and must not leak. */
async function seedRows(e: Ente) {
  await row(e, "email", "sent", 1, [["sent", "250 ok"]]);
  await row(e, "email", "sent", 30, [["failed", "connect ECONNREFUSED"], ["sent", "250 ok"]]);
  await row(e, "email", "dead", 2, [["failed", "550 mailbox unavailable"], ["dead", "errore permanente"]], { lastError: "550 mailbox unavailable" });
  await row(e, "email", "sent", 24 * 10, [["sent", "250 ok"]]); // outside 7 days
  const root = await row(e, "email", "routed", 48, [["routed", "App IO: scelta dell'ente"]]);
  await row(e, "io", "routed", 47, [["routed", "email: profilo non trovato"]], { parentId: root.id });
  await row(e, "io", "sent", 3, [["sent", "id 01J"]]);
  await row(e, "io", "dead", 20, [["failed", "503"], ["failed", "503"], ["dead", "servizio non disponibile"]], { lastError: "503", attempts: 5 });
  await row(e, "io", "routed", 24 * 40, [["routed", "email: profilo non trovato"]]); // outside 30 days
  await pec(e, "sent", 30); // no receipt for over a day
  await pec(e, "accepted", 2);
  await pec(e, "delivered", 10);
  await pec(e, "undelivered", 50);
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  other = await createEnte(tdb.db);
  await createService(tdb.db, ente, { ioApiKeyEnc: "enc", ioKeyHint: "ab12", ioKeySetAt: NOW });
  await createService(tdb.db, ente);
  await createService(tdb.db, ente);
  await createService(tdb.db, other, { ioApiKeyEnc: "enc", ioKeyHint: "zz99", ioKeySetAt: NOW });
  admin = await createStaff(tdb.db, ente, "admin");
  otherAdmin = await createStaff(tdb.db, other, "admin");
  operator = await createStaff(tdb.db, ente, "operator");
  await tdb.db.insert(entePecSettings).values({
    enteId: ente.id,
    address: "protocollo@pec.comune.example",
    smtpHost: "smtp.pec.example",
    smtpUser: "u",
    smtpPasswordEnc: "x",
    imapHost: "imap.pec.example",
    imapUser: "u",
    imapPasswordEnc: "x",
    lastPolledAt: ago(0.5),
    lastPollError: "IMAP: autenticazione non riuscita",
  });
  await seedRows(ente);
  await seedRows(other);
  await seedRows(other);
});
afterAll(async () => tdb?.close());

describe("channel health on /admin/canali", () => {
  it("counts each channel's outcomes of the ente only, in the last 24 hours and 7 days", async () => {
    const h = await getChannelsHealth(adminCtx(tdb.db, ente, admin), NOW, CONFIG);
    expect(h.policy).toEqual({ ordinary: ["io", "email"], legal: ["pec", "io", "email"] });
    expect(h.email.mode).toEqual({ kind: "smtp", host: "smtp.comune.example:465" });
    expect(h.email.sent).toEqual({ day: 1, week: 2 });
    // Attempts, not rows: the dead row failed once 2 hours ago, the other one 30 hours ago before it went out.
    expect(h.email.failed).toEqual({ day: 1, week: 2 });
    expect(h.email.dead).toEqual({ day: 1, week: 1 });
    expect(h.email.lastError?.detail).toMatch(/550|permanente/);
    expect(h.io.apiHost).toBe("127.0.0.1:4010");
    expect(h.io.servicesWithKey).toBe(1);
    expect(h.io.servicesWithoutKey).toBe(2);
    expect(h.io.sent).toBe(1);
    expect(h.io.failed).toBe(2);
    expect(h.io.refused).toEqual([{ reason: "profilo non trovato", n: 1 }]);
    expect(h.io.lastSuccess?.toISOString()).toBe(ago(3).toISOString());
    expect(h.io.lastFailure?.detail).toBe("servizio non disponibile");
    expect(h.pec).toMatchObject({ configured: true, address: "protocollo@pec.comune.example", lastPollError: "IMAP: autenticazione non riuscita", awaiting: 2, delivered: 1, undelivered: 1, noReceiptOver24h: 1 });
  });

  it("says email goes to the local mail folder without SMTP, and PEC is not configured where it is not", async () => {
    const h = await getChannelsHealth(adminCtx(tdb.db, other, otherAdmin), NOW, { smtpUrl: undefined, ioApiUrl: "https://api.io.pagopa.it/api/v1" });
    expect(h.email.mode).toEqual({ kind: "folder" });
    expect(h.io.apiHost).toBe("api.io.pagopa.it");
    expect(h.pec.configured).toBe(false);
    // The other ente's own rows, twice over: its counts are its own, never the first ente's.
    expect(h.email.sent).toEqual({ day: 2, week: 4 });
    expect(h.pec.awaiting).toBe(4);
    expect(h.io.servicesWithKey).toBe(1);
    expect(h.io.servicesWithoutKey).toBe(0);
  });

  it("is for the ente's admins only", async () => {
    await expect(getChannelsHealth(operatorCtx(tdb.db, ente, operator), NOW, CONFIG)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getChannelsHealth(adminCtx(tdb.db, ente, otherAdmin), NOW, CONFIG)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listChannelFailures(operatorCtx(tdb.db, ente, operator), NOW)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("failures by channel", () => {
  it("lists the dead rows and the refused or undelivered hand-overs of the last 30 days, per channel, with the reason", async () => {
    const f = await listChannelFailures(adminCtx(tdb.db, ente, admin), NOW);
    expect(f.email.total).toBe(1);
    expect(f.email.rows[0]).toMatchObject({ status: "dead", reason: "errore permanente", retryable: true, kind: "taken_in_charge" });
    expect(f.io.total).toBe(2);
    expect(f.io.rows.map((r) => [r.status, r.reason, r.retryable])).toEqual([
      ["dead", "servizio non disponibile", true],
      ["routed", "profilo non trovato", false],
    ]);
    expect(f.pec.total).toBe(1);
    expect(f.pec.rows[0]?.reason).toBe("casella piena");
    const ids = new Set((await tdb.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.enteId, other.id))).map((r) => r.id));
    for (const c of [f.email, f.io, f.pec]) for (const r of c.rows) expect(ids.has(r.id)).toBe(false);
  });

  it("caps each channel's list and keeps the total", async () => {
    const f = await listChannelFailures(adminCtx(tdb.db, other, otherAdmin), NOW, 1);
    expect(f.io.rows).toHaveLength(1);
    expect(f.io.total).toBe(4);
  });

  it("retries a dead io row: back to pending, a retried step and an audit row; a refused one cannot be", async () => {
    const ctx = adminCtx(tdb.db, ente, admin);
    const f = await listChannelFailures(ctx, NOW);
    const dead = f.io.rows.find((r) => r.status === "dead");
    const refused = f.io.rows.find((r) => r.status === "routed");
    if (!dead || !refused) throw new Error("rows");
    await retryDelivery(ctx, dead.id, NOW);
    const [after] = await tdb.db.select().from(outbox).where(eq(outbox.id, dead.id));
    expect(after).toMatchObject({ status: "pending", attempts: 0, topic: "io" });
    const steps = await tdb.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.outboxId, dead.id));
    expect(steps.at(-1)?.status).toBe("retried");
    const audit = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, dead.id), eq(auditLog.action, "delivery.retry")));
    expect(audit).toHaveLength(1);
    await expect(retryDelivery(ctx, refused.id, NOW)).rejects.toMatchObject({ code: "delivery.retry_only_failed" });
    // Another ente's admin cannot reach it.
    await expect(retryDelivery(adminCtx(tdb.db, other, otherAdmin), refused.id, NOW)).rejects.toMatchObject({ code: "delivery.not_found" });
    const again = await listChannelFailures(ctx, NOW);
    expect(again.io.rows.map((r) => r.id)).not.toContain(dead.id);
  });
});

describe("the channel policy", () => {
  const form = (ordinary: string[], legal: string[]) => ({
    ordinary_1: ordinary[0] ?? "",
    ordinary_2: ordinary[1] ?? "",
    ordinary_3: ordinary[2] ?? "",
    legal_1: legal[0] ?? "",
    legal_2: legal[1] ?? "",
    legal_3: legal[2] ?? "",
  });
  const fieldErrorsOf = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).fieldErrors.map((f) => [f.path, f.code]);
  };

  it("saves the channels in order, with an audit row", async () => {
    const ctx = adminCtx(tdb.db, ente, admin);
    const saved = await updateChannelPolicy(ctx, form(["email"], ["pec", "email"]));
    expect(saved).toEqual({ ordinary: ["email"], legal: ["pec", "email"] });
    const [row] = await tdb.db.select({ policy: enti.channelPolicy }).from(enti).where(eq(enti.id, ente.id));
    expect(row?.policy).toEqual({ ordinary: ["email"], legal: ["pec", "email"] });
    const audit = await tdb.db.select().from(auditLog).where(and(eq(auditLog.enteId, ente.id), eq(auditLog.action, "ente.channel_policy")));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data).toMatchObject({ before: { ordinary: ["io", "email"] }, after: { ordinary: ["email"] } });
    const [untouched] = await tdb.db.select({ policy: enti.channelPolicy }).from(enti).where(eq(enti.id, other.id));
    expect(untouched?.policy).toEqual({ ordinary: ["io", "email"], legal: ["pec", "io", "email"] });
  });

  it("refuses a bad policy with a code on the field", async () => {
    const ctx = adminCtx(tdb.db, ente, admin);
    expect(await fieldErrorsOf(updateChannelPolicy(ctx, form(["io", "io"], ["pec"])))).toEqual([["ordinary_2", "channels.policy_duplicate"]]);
    expect(await fieldErrorsOf(updateChannelPolicy(ctx, form(["io"], ["", "email"])))).toEqual([["legal_2", "channels.policy_gap"]]);
    expect(await fieldErrorsOf(updateChannelPolicy(ctx, form([], ["pec"])))).toEqual([["ordinary_1", "channels.policy_empty"]]);
    expect(await fieldErrorsOf(updateChannelPolicy(ctx, form(["fax"], ["pec"])))).toEqual([["ordinary_1", "channels.policy_unknown"]]);
    const [row] = await tdb.db.select({ policy: enti.channelPolicy }).from(enti).where(eq(enti.id, ente.id));
    expect(row?.policy).toEqual({ ordinary: ["email"], legal: ["pec", "email"] });
  });

  it("is forbidden to an operator and to another ente's admin", async () => {
    await expect(updateChannelPolicy(operatorCtx(tdb.db, ente, operator), form(["io"], ["pec"]))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateChannelPolicy(adminCtx(tdb.db, ente, otherAdmin), form(["io"], ["pec"]))).rejects.toBeInstanceOf(ForbiddenError);
    const audit = await tdb.db.select().from(auditLog).where(and(eq(auditLog.enteId, ente.id), eq(auditLog.action, "ente.channel_policy")));
    expect(audit).toHaveLength(1);
  });
});
