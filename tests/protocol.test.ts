import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, pratiche, protocolEntries, type Ente, type Partner, type Service, type User } from "@/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { FileMailer } from "@/lib/notifications/mailer";
import { createHandlers } from "@/lib/outbox/handlers";
import { verifyWebhook } from "@/lib/outbox/sign";
import { OutboxWorker } from "@/lib/outbox/worker";
import { recordProtocolAnswers } from "@/lib/protocol/answers";
import { formatProtocolNumber, protocolYear, registerBuiltin } from "@/lib/protocol/builtin";
import { listFailedProtocolEntries, listPendingProtocolRequests, retryProtocolRequest, sweepProtocolAlerts } from "@/lib/protocol/requests";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, citizenCtx, createCitizen, createEnte, createPartner, createService, createStaff, submittedPratica } from "./helpers/fixtures";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const SECRET = "segreto-webhook-di-prova";
let tdb: TestDatabase;
let ente: Ente;
let citizen: User;
let admin: User;
let registry: Server;
let registryUrl: string;
let registryAnswer: { status: number; body: string } = { status: 202, body: "" };
/** Runs while the registry holds its answer: e.g. the same registry answering on the API first. */
let beforeAnswer: ((body: string) => Promise<void>) | null = null;
const received: { body: string; signature: string; delivery: string }[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { quietHoursStart: "00:00", quietHoursEnd: "00:00" });
  citizen = await createCitizen(tdb.db);
  admin = await createStaff(tdb.db, ente, "admin");
  registry = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ body, signature: String(req.headers["x-stanza-signature"] ?? ""), delivery: String(req.headers["x-stanza-delivery"] ?? "") });
      void (beforeAnswer ? beforeAnswer(body) : Promise.resolve()).then(() => {
        res.writeHead(registryAnswer.status, { "content-type": "application/json" });
        res.end(registryAnswer.body);
      });
    });
  });
  await new Promise<void>((r) => registry.listen(0, "127.0.0.1", () => r()));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/protocollo`;
});
afterAll(async () => {
  await new Promise<void>((r) => registry.close(() => r()));
  await tdb?.close();
});

const worker = (now = () => new Date(Date.now() + 1000)) =>
  new OutboxWorker({
    db: tdb.db,
    handlers: createHandlers({ db: tdb.db, mailer: new FileMailer(mkdtempSync(path.join(os.tmpdir(), "stanza-mail-"))), appUrl: "http://stanza.test", mailFrom: "Stanza <noreply@stanza.test>" }),
    now,
    random: () => 0,
    log: () => {},
  });

describe("built-in registry", () => {
  it("50 concurrent registrations get 50 consecutive numbers, no gaps, no duplicates", async () => {
    const own = await createEnte(tdb.db);
    const svc = await createService(tdb.db, own);
    const p = await submittedPratica(tdb.db, own, svc, citizen);
    const requests = await tdb.db
      .insert(protocolEntries)
      .values(Array.from({ length: 50 }, () => ({ enteId: own.id, praticaId: p.id, direction: "in" as const, documentKind: "integration", status: "requested" as const })))
      .returning({ id: protocolEntries.id });
    const at = new Date();
    const entries = await Promise.all(requests.map((r) => registerBuiltin(tdb.db, r.id, at)));
    const year = protocolYear(at, own.timezone);
    const numbers = entries.map((e) => e?.number).sort();
    // The submission's own request (from submit) was not registered here: the 50 are 1..50.
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => formatProtocolNumber(year, i + 1)));
    // Asking again answers with the same entry: no new number.
    const again = await registerBuiltin(tdb.db, requests[0]?.id ?? "", at);
    expect(again?.number).toBe(entries[0]?.number);
    const all = await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.enteId, own.id), eq(protocolEntries.status, "registered")));
    expect(all).toHaveLength(50);
  });

  it("the worker registers submissions and the pratica becomes Protocollata", async () => {
    const svc = await createService(tdb.db, ente, { protocolRequired: true, protocolParams: { classificazione: "6.3", fascicolo: "2026/12", ufficio: "Tributi" } });
    const p = await submittedPratica(tdb.db, ente, svc, citizen);
    await worker().drain();
    const [row] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id));
    expect(row?.status).toBe(3000);
    const [entry] = await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, p.id), eq(protocolEntries.status, "registered")));
    expect(entry?.number).toMatch(/^\d{4}\/\d{7}$/);
    expect(entry?.params).toMatchObject({ classificazione: "6.3", fascicolo: "2026/12", ufficio: "Tributi" });
  });
});

describe("external registry", () => {
  let svc: Service;
  let partner: Partner;
  beforeAll(async () => {
    svc = await createService(tdb.db, ente, { protocolRequired: true, protocolMode: "external", protocolParams: { classificazione: "1.1" } });
    partner = await createPartner(tdb.db, ente, [svc.id], { isProtocolRegistry: true, webhookUrl: registryUrl, webhookSecret: SECRET });
  });
  const partnerCtx = () => ({ db: tdb.db, ente, actor: { kind: "partner" as const, partnerId: partner.id } });

  it("sends the request to the partner's webhook, HMAC-signed; the number comes back through recordProtocolAnswers", async () => {
    received.length = 0;
    registryAnswer = { status: 202, body: "" };
    const p = await submittedPratica(tdb.db, ente, svc, citizen);
    await worker().drain();
    const call = received.find((r) => JSON.parse(r.body).type === "protocol.request" && JSON.parse(r.body).pratica.id === p.id);
    // The partner also gets the pratica.submit event webhook, signed the same way.
    const event = received.find((r) => JSON.parse(r.body).event === "pratica.submit" && JSON.parse(r.body).pratica.id === p.id);
    expect(verifyWebhook(SECRET, event?.body ?? "", event?.signature ?? "")).toBe(true);
    expect(call).toBeDefined();
    expect(verifyWebhook(SECRET, call?.body ?? "", call?.signature ?? "")).toBe(true);
    expect(verifyWebhook("altro-segreto", call?.body ?? "", call?.signature ?? "")).toBe(false);
    const body = JSON.parse(call?.body ?? "{}");
    expect(body).toMatchObject({ type: "protocol.request", direction: "in", documentKind: "submission", params: { classificazione: "1.1" } });
    expect(body.answerTo).toBe(`http://stanza.test/api/v1.0/${partner.slug}/pratica/${p.id}/protocolli`);
    // Delivered, not answered: still waiting for its number.
    expect((await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id)))[0]?.status).toBe(2000);
    const pending = await listPendingProtocolRequests(adminCtx(tdb.db, ente, admin));
    expect(pending.find((r) => r.id === body.requestId)?.delivery?.status).toBe("sent");

    const result = await recordProtocolAnswers(partnerCtx(), p.id, [{ requestId: body.requestId, numero: "PG/2026/000777", data: "2026-11-21T10:00:00Z", extra: { qualsiasi: true } }]);
    expect(result.completedRequestIds).toEqual([body.requestId]);
    expect(result.entries[0]).toMatchObject({ status: "registered", number: "PG/2026/000777", requestId: body.requestId, source: "partner" });
    expect(result.entries[0]?.raw).toMatchObject({ extra: { qualsiasi: true } });
    expect((await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id)))[0]?.status).toBe(3000);
    expect((await listPendingProtocolRequests(adminCtx(tdb.db, ente, admin))).find((r) => r.id === body.requestId)).toBeUndefined();

    // A second, different number for the same request is refused (409) and stores nothing; the same number again
    // is a replay, answered with the entry already stored.
    const before = await tdb.db.select().from(protocolEntries).where(eq(protocolEntries.praticaId, p.id));
    await expect(recordProtocolAnswers(partnerCtx(), p.id, [{ requestId: body.requestId, numero: "PG/2026/000778" }])).rejects.toBeInstanceOf(ConflictError);
    const replay = await recordProtocolAnswers(partnerCtx(), p.id, [{ idRichiesta: body.requestId, numeroProtocollo: "PG/2026/000777" }]);
    expect(replay.completedRequestIds).toEqual([]);
    expect(replay.entries[0]?.id).toBe(result.entries[0]?.id);
    expect(await tdb.db.select().from(protocolEntries).where(eq(protocolEntries.praticaId, p.id))).toHaveLength(before.length);
  });

  it("without a request id the oldest pending request is answered; a failure is recorded and can be asked again", async () => {
    registryAnswer = { status: 200, body: "ok" };
    const p = await submittedPratica(tdb.db, ente, svc, citizen);
    await worker().drain();
    const failed = await recordProtocolAnswers(partnerCtx(), p.id, [{ errore: "classificazione non valida" }]);
    expect(failed.entries[0]).toMatchObject({ status: "failed", error: "classificazione non valida" });
    const list = await listFailedProtocolEntries(adminCtx(tdb.db, ente, admin));
    expect(list.find((f) => f.praticaId === p.id)).toBeDefined();
    const requestId = failed.completedRequestIds[0] ?? "";
    const newRequest = await retryProtocolRequest(adminCtx(tdb.db, ente, admin), requestId);
    received.length = 0;
    await worker().drain();
    expect(received.map((r) => JSON.parse(r.body).requestId)).toEqual([newRequest]);
    const ok = await recordProtocolAnswers(partnerCtx(), p.id, [{ numero: "PG/2026/000900" }]);
    expect(ok.completedRequestIds).toEqual([newRequest]);
    expect((await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id)))[0]?.status).toBe(3000);
  });

  it("a partner answering at once with a number is recorded right away", async () => {
    registryAnswer = { status: 200, body: JSON.stringify({ numero: "SYNC/1", data: "2026-11-21" }) };
    const p = await submittedPratica(tdb.db, ente, svc, citizen);
    await worker().drain();
    expect((await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id)))[0]?.status).toBe(3000);
  });

  it("an immediate number that arrives after another answer is not stored, and the delivery is not retried", async () => {
    registryAnswer = { status: 200, body: JSON.stringify({ numero: "SYNC/LATE" }) };
    beforeAnswer = async (body) => {
      const parsed = JSON.parse(body) as { type?: string; requestId?: string; pratica?: { id: string } };
      if (parsed.type !== "protocol.request" || !parsed.pratica) return;
      await recordProtocolAnswers(partnerCtx(), parsed.pratica.id, [{ requestId: parsed.requestId, numero: "API/FIRST" }]);
    };
    try {
      const p = await submittedPratica(tdb.db, ente, svc, citizen);
      await worker().drain();
      const numbered = await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, p.id), isNotNull(protocolEntries.number)));
      expect(numbered.map((e) => e.number)).toEqual(["API/FIRST"]);
      const rows = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.topic, "protocol")));
      expect(rows.map((r) => r.status)).toEqual(["sent"]);
    } finally {
      beforeAnswer = null;
    }
  });

  it("refuses what it must: other partners, other enti, citizens, unknown requests, bad input", async () => {
    registryAnswer = { status: 202, body: "" };
    const p = await submittedPratica(tdb.db, ente, svc, citizen);
    const stranger = await createPartner(tdb.db, ente, []);
    await expect(recordProtocolAnswers({ db: tdb.db, ente, actor: { kind: "partner", partnerId: stranger.id } }, p.id, [{ numero: "X" }])).rejects.toBeInstanceOf(ForbiddenError);
    const other = await createEnte(tdb.db);
    await expect(recordProtocolAnswers({ db: tdb.db, ente: other, actor: { kind: "partner", partnerId: partner.id } }, p.id, [{ numero: "X" }])).rejects.toBeInstanceOf(NotFoundError);
    await expect(recordProtocolAnswers(citizenCtx(tdb.db, ente, citizen), p.id, [{ numero: "X" }])).rejects.toBeInstanceOf(ForbiddenError);
    await expect(recordProtocolAnswers(partnerCtx(), p.id, [{ numero: "X", requestId: "00000000-0000-4000-8000-000000000000" }])).rejects.toBeInstanceOf(ValidationError);
    await expect(recordProtocolAnswers(partnerCtx(), p.id, [])).rejects.toBeInstanceOf(ValidationError);
    // Nothing was half-written.
    expect(await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, p.id), isNotNull(protocolEntries.requestId)))).toHaveLength(0);
  });

  it("a registry that refuses the request (4xx) makes a dead letter; one that is down is retried", async () => {
    registryAnswer = { status: 400, body: "richiesta non valida" };
    const p = await submittedPratica(tdb.db, ente, svc, citizen);
    await worker().drain();
    const [row] = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.topic, "protocol")));
    expect(row?.status).toBe("dead");
    registryAnswer = { status: 503, body: "" };
    const q = await submittedPratica(tdb.db, ente, svc, citizen);
    await worker().drain();
    const [row2] = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, q.id), eq(outbox.topic, "protocol")));
    expect(row2?.status).toBe("pending");
    expect(row2?.attempts).toBe(1);
  });

  it("requests left unanswered for a day are flagged and alert the admins, once a day", async () => {
    const later = new Date(Date.now() + 25 * 3_600_000);
    const pending = await listPendingProtocolRequests(adminCtx(tdb.db, ente, admin), later);
    expect(pending.some((r) => r.overdue)).toBe(true);
    const [first, second] = [await sweepProtocolAlerts(tdb.db, later), await sweepProtocolAlerts(tdb.db, later)];
    expect(first).toBe(1);
    expect(second).toBe(0);
    const [alert] = await tdb.db.select().from(outbox).where(eq(outbox.kind, "protocol_alert"));
    expect(alert?.payload).toMatchObject({ userId: admin.id });
    await expect(listPendingProtocolRequests(citizenCtx(tdb.db, ente, citizen))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
