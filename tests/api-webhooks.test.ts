import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outbox, partnerServices, partners, type OutboxRow, type Partner } from "@/db/schema";
import { deliverWebhook, signWebhook, verifyWebhookSignature } from "@/lib/api/webhooks";
import { transition } from "@/lib/workflow/transition";
import type { TestDatabase } from "./helpers/db";
import { openApiTest, type ApiWorld } from "./helpers/api";
import { createPartner, operatorCtx, submittedPratica } from "./helpers/fixtures";

type Received = { headers: IncomingMessage["headers"]; body: string };
let tdb: TestDatabase;
let w: ApiWorld;
let server: Server;
let baseUrl: string;
const received: Received[] = [];
/** How the partner's endpoint answers; `hold`: it does not answer at all until the test lets it (a hung partner). */
let reply: { status: number; hold: boolean } = { status: 200, hold: false };
const held: (() => void)[] = [];
const SECRET = "whsec-di-prova-0123456789";
let hooked: Partner;

beforeAll(async () => {
  ({ tdb, w } = await openApiTest());
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const { status, hold } = reply;
      const answer = () => {
        res.writeHead(status, { "content-type": "text/plain" });
        res.end(status < 300 ? "ok" : "rifiutato");
      };
      if (hold) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hooked = await createPartner(tdb.db, w.ente, [w.service.id], { webhookUrl: `${baseUrl}/hook`, webhookSecret: SECRET });
});
beforeEach(() => {
  received.length = 0;
  reply = { status: 200, hold: false };
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await tdb?.close();
});

async function webhookRows(praticaId: string, partnerId: string): Promise<OutboxRow[]> {
  const rows = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, praticaId), eq(outbox.topic, "webhook")));
  return rows.filter((r) => r.payload.partnerId === partnerId);
}

describe("signatures", () => {
  it("verifies its own signature and refuses tampering, other secrets and stale timestamps", () => {
    const body = JSON.stringify({ a: 1 });
    const now = Date.now();
    const t = Math.floor(now / 1000);
    const header = signWebhook(SECRET, body, t);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, header, body, { now })).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, body.replace("1", "2"), { now })).toBe(false);
    expect(verifyWebhookSignature("altro-segreto", header, body, { now })).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, body, { now: now + 301_000 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, `v1=${"0".repeat(64)},${header}`, body, { now })).toBe(true);
    expect(verifyWebhookSignature(SECRET, "garbage", body, { now })).toBe(false);
    expect(verifyWebhookSignature(SECRET, null, body, { now })).toBe(false);
  });
});

describe("deliverWebhook", () => {
  it("delivers a transition's webhook signed, with event, delivery id and no personal data", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Webhook" });
    await transition(operatorCtx(tdb.db, w.ente, w.operator), p.id, "assign");
    const rows = await webhookRows(p.id, hooked.id);
    expect(rows.map((r) => r.kind).sort()).toEqual(["pratica.assign", "pratica.submit"]);
    const row = rows.find((r) => r.kind === "pratica.assign");
    if (!row) throw new Error("no row");
    const result = await deliverWebhook(tdb.db, row);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(received).toHaveLength(1);
    const got = received[0] as Received;
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["x-stanza-event"]).toBe("pratica.assign");
    expect(got.headers["x-stanza-delivery"]).toBe(row.id);
    expect(verifyWebhookSignature(SECRET, String(got.headers["x-stanza-signature"]), got.body)).toBe(true);
    const body = JSON.parse(got.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: row.id,
      type: "pratica.assign",
      event: "pratica.assign",
      ente: w.ente.slug,
      data: { event: "pratica.assign", status: { code: 4000 }, fromStatus: { code: 2000 } },
      pratica: { id: p.id, number: p.numero, service: { slug: w.service.slug }, status: { code: 4000 }, url: `/api/v1.0/${hooked.slug}/pratica/${p.id}` },
    });
    expect(p.numero).toMatch(/^\d{4}-\d{6}$/);
    expect(got.body).not.toContain(w.citizen.email);
    expect(got.body).not.toContain("partnerId");
  });

  it("reports failures without throwing: an error status, a timeout, a closed port", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Errori" });
    const [row] = await webhookRows(p.id, hooked.id);
    if (!row) throw new Error("no row");
    reply = { status: 503, hold: false };
    expect(await deliverWebhook(tdb.db, row)).toMatchObject({ ok: false, status: 503, detail: "HTTP 503: rifiutato" });
    // A partner that never answers: the delivery gives up after its own timeout.
    reply = { status: 200, hold: true };
    const slow = await deliverWebhook(tdb.db, row, { timeoutMs: 100 });
    expect(slow).toMatchObject({ ok: false, status: 0 });
    expect(slow.detail).toMatch(/nessuna risposta/);
    expect(held).toHaveLength(1);
    for (const answer of held.splice(0)) answer();
    await tdb.db.update(partners).set({ webhookUrl: "http://127.0.0.1:9/chiuso" }).where(eq(partners.id, hooked.id));
    try {
      const closed = await deliverWebhook(tdb.db, row);
      expect(closed).toMatchObject({ ok: false, status: 0 });
      expect(closed.permanent).toBeUndefined();
    } finally {
      await tdb.db.update(partners).set({ webhookUrl: `${baseUrl}/hook` }).where(eq(partners.id, hooked.id));
    }
  });

  it("gives up permanently when the partner is disabled or unbound from the service", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Disattivato" });
    const [row] = await webhookRows(p.id, hooked.id);
    if (!row) throw new Error("no row");
    await tdb.db.update(partnerServices).set({ disabledAt: new Date() }).where(and(eq(partnerServices.partnerId, hooked.id), eq(partnerServices.serviceId, w.service.id)));
    expect(await deliverWebhook(tdb.db, row)).toMatchObject({ ok: false, permanent: true });
    await tdb.db.update(partnerServices).set({ disabledAt: null }).where(eq(partnerServices.partnerId, hooked.id));
    await tdb.db.update(partners).set({ disabledAt: new Date() }).where(eq(partners.id, hooked.id));
    expect(await deliverWebhook(tdb.db, row)).toMatchObject({ ok: false, permanent: true });
    await tdb.db.update(partners).set({ disabledAt: null }).where(eq(partners.id, hooked.id));
    expect(received).toHaveLength(0);
    expect(await deliverWebhook(tdb.db, { ...row, payload: { nope: true } })).toMatchObject({ ok: false, permanent: true });
  });

  it("queues only the events in the partner's filter", async () => {
    const picky = await createPartner(tdb.db, w.ente, [w.service.id], { webhookUrl: `${baseUrl}/picky`, webhookSecret: SECRET, webhookEvents: ["pratica.assign"] });
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Filtro" });
    await transition(operatorCtx(tdb.db, w.ente, w.operator), p.id, "assign");
    expect((await webhookRows(p.id, picky.id)).map((r) => r.kind)).toEqual(["pratica.assign"]);
    expect((await webhookRows(p.id, hooked.id)).map((r) => r.kind).sort()).toEqual(["pratica.assign", "pratica.submit"]);
  });
});
