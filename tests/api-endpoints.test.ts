import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { attachments, auditLog, operatorServices, outbox, partnerServices, pratiche, protocolEntries, services, statusHistory, users } from "@/db/schema";
import { checkCharacter } from "@/lib/services/codice-fiscale";
import { getStorage, LocalDiskStorage, setStorage } from "@/lib/storage";
import { transition } from "@/lib/workflow/transition";
import type { TestDatabase } from "./helpers/db";
import { call, domainRowCounts, json, closeApiTest, openApiTest, setTestApiDeps, type ApiWorld } from "./helpers/api";
import { createService, operatorCtx, praticaInStatus, submittedPratica } from "./helpers/fixtures";

let tdb: TestDatabase;
let w: ApiWorld;

beforeAll(async () => ({ tdb, w } = await openApiTest()));
beforeEach(() => setTestApiDeps(tdb.db));
afterAll(() => closeApiTest(tdb));

type Obj = Record<string, unknown>;
const DATA = { oggetto: "Richiesta via API", modalita: "email" };
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const cf = (first15: string) => first15 + checkCharacter(first15);

const statusPath = (id: string) => `/api/v1.0/${w.partner.slug}/pratica/${id}/status`;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) => call(path, { auth: w.auth, json: body, headers });
const get = (path: string) => call(path, { auth: w.auth });

describe("POST /{partner}/pratica/{pratica}/status", () => {
  it("assigns by event name and by status code, through the workflow, recording who acted", async () => {
    const a = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, DATA);
    const res = await post(statusPath(a.id), { evento: "assign", operatore: "m.bianchi", responsabile: "Dott. Verdi", struttura: "URP", timestamp: "2026-03-01T10:00:00+01:00" });
    expect(res.status).toBe(200);
    const body = await json<Obj & { status: Obj; from: Obj }>(res);
    expect(body).toMatchObject({ id: a.id, event: "assign", version: 2, status: { code: 4000, name: "pending" }, from: { code: 2000 } });
    const [audit] = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, a.id), eq(auditLog.action, "pratica.assign")));
    expect(audit).toMatchObject({ actorKind: "partner", actorId: w.partner.id });
    expect(audit?.data).toMatchObject({ operatore: "m.bianchi", responsabile: "Dott. Verdi", struttura: "URP", timestamp: "2026-03-01T09:00:00.000Z", channel: "api" });

    const b = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, DATA);
    expect((await json<{ event: string }>(await post(statusPath(b.id), { evento: 4000 }))).event).toBe("assign");
    const c = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, DATA);
    expect((await json<{ event: string }>(await post(statusPath(c.id), { evento: "4000" }))).event).toBe("assign");
  });

  it("maps 4000 to resume from 4300, and registers from 2000 with 3000", async () => {
    const p = await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 4300);
    const res = await post(statusPath(p.id), { evento: 4000 });
    expect(await json(res)).toMatchObject({ event: "resume", status: { code: 4000 } });
    const q = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, DATA);
    expect(await json(await post(statusPath(q.id), { evento: 3000 }))).toMatchObject({ event: "register", status: { code: 3000 } });
  });

  it("answers a forbidden transition with 409 and the allowed events, and changes nothing", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, DATA);
    const before = await domainRowCounts(tdb.db);
    for (const evento of ["accept", 7000, "request_integration", "resume"]) {
      const res = await post(statusPath(p.id), { evento, motivazione: "x", messaggio: "y" });
      expect(res.status).toBe(409);
      const problem = await json<{ code: string; allowed_events: string[]; current_status: number }>(res);
      expect(problem.code).toBe("invalid_transition");
      expect(problem.current_status).toBe(2000);
      expect(problem.allowed_events.sort()).toEqual(["assign", "register"]);
    }
    const unknown = await json<{ allowed_events: string[]; detail: string }>(await post(statusPath(p.id), { evento: "vola" }));
    expect(unknown.detail).toMatch(/sconosciuto/);
    expect(unknown.allowed_events.sort()).toEqual(["assign", "register"]);
    expect((await post(statusPath(p.id), { evento: 1234 })).status).toBe(409);
    expect(await domainRowCounts(tdb.db)).toEqual(before);
  });

  it("refuses events partners may not fire (revoke, reopen) with 403", async () => {
    const p = await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 4000);
    const res = await post(statusPath(p.id), { evento: "revoke", messaggio: "no" });
    expect(res.status).toBe(403);
  });

  it("needs motivazione for accept/reject and messaggio for request_integration (422)", async () => {
    const p = await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 4000);
    const noMotivation = await json<{ errors: { path: string }[] }>(await post(statusPath(p.id), { evento: "accept" }));
    expect(noMotivation.errors.map((e) => e.path)).toEqual(["motivazione"]);
    const noMessage = await post(statusPath(p.id), { evento: "request_integration" });
    expect(noMessage.status).toBe(422);
    const asked = await post(statusPath(p.id), { evento: 4100, messaggio: "Manca la planimetria" });
    expect(await json(asked)).toMatchObject({ event: "request_integration", status: { code: 4100 } });
    const mail = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.kind, "integration_requested")));
    expect(mail).toHaveLength(1);
  });

  it("accepts with a motivation and renders the response document", async () => {
    const p = await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 4000);
    const res = await post(statusPath(p.id), { evento: "accept", motivazione: "Requisiti verificati", operatore: "ufficio" });
    expect(await json(res)).toMatchObject({ event: "accept", status: { code: 7000 } });
    const [row] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id));
    expect(row).toMatchObject({ outcome: "accepted", motivation: "Requisiti verificati" });
    const files = await tdb.db.select().from(attachments).where(and(eq(attachments.praticaId, p.id), eq(attachments.purpose, "response_document")));
    expect(files).toHaveLength(1);
    const detail = await json<{ attachments: { purpose: string; url: string }[] }>(await get(`/api/v1.0/${w.partner.slug}/pratica/${p.id}`));
    const esito = detail.attachments.find((a) => a.purpose === "response_document");
    if (!esito) throw new Error("no esito");
    const download = await get(esito.url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("rejects by status code as an operator's decision does, on a service with Elabora steps too; a lost decision keeps no file", async () => {
    // The partner decides as the back-office of record: it answers no Elabora steps, those are the operator's.
    const steps = await createService(tdb.db, w.ente, { operatorSteps: [{ id: "istruttoria", title: "Istruttoria", items: [{ type: "text", name: "verbale", label: "Verbale", required: true }] }] });
    await tdb.db.insert(partnerServices).values({ partnerId: w.partner.id, serviceId: steps.id });
    await tdb.db.insert(operatorServices).values({ userId: w.operator.id, serviceId: steps.id });
    const root = mkdtempSync(path.join(os.tmpdir(), "stanza-partner-decision-"));
    const previous = await getStorage();
    setStorage(new LocalDiskStorage(root));
    const files = () => readdirSync(root, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name);
    try {
      const p = await praticaInStatus(tdb.db, w.ente, steps, w.citizen, w.operator, w.admin, 4000);
      const kept = files();
      const stale = await post(statusPath(p.id), { evento: 9000, motivazione: "Mancano i requisiti", versione: p.version - 1 });
      expect(stale.status).toBe(409);
      expect(files()).toEqual(kept);
      const res = await post(statusPath(p.id), { evento: 9000, motivazione: "Mancano i requisiti", messaggio: "Vedi l'esito", operatore: "ufficio" });
      expect(await json(res)).toMatchObject({ event: "reject", status: { code: 9000 } });
      const [row] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id));
      expect(row).toMatchObject({ outcome: "rejected", motivation: "Mancano i requisiti", operatorData: {} });
      const esito = await tdb.db.select().from(attachments).where(and(eq(attachments.praticaId, p.id), eq(attachments.purpose, "response_document")));
      expect(esito).toHaveLength(1);
      expect(files()).toHaveLength(kept.length + 1);
      const [iter] = await tdb.db.select().from(statusHistory).where(and(eq(statusHistory.praticaId, p.id), eq(statusHistory.event, "reject")));
      expect(iter).toMatchObject({ actorKind: "partner", message: "Vedi l'esito" });
      const [audit] = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, p.id), eq(auditLog.action, "pratica.reject")));
      expect(audit?.data).toMatchObject({ operatore: "ufficio", channel: "api", evento: 9000 });
    } finally {
      setStorage(previous);
    }
  });

  it("loses cleanly when the version it saw is stale (409)", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, DATA);
    const res = await post(statusPath(p.id), { evento: "assign", versione: p.version - 1 });
    expect(res.status).toBe(409);
    expect((await json<{ code: string }>(res)).code).toBe("conflict");
  });

  it("lets exactly one of two concurrent assigns win", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, DATA);
    const results = await Promise.all([post(statusPath(p.id), { evento: "assign" }), post(statusPath(p.id), { evento: "assign" })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe("POST /{partner}/pratica/{pratica}/protocolli", () => {
  it("completes the pending registration of a submission (2000 → 3000) and stores records as sent", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.protoService, w.citizen);
    const [request] = await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, p.id), eq(protocolEntries.status, "requested")));
    if (!request) throw new Error("no protocol request");
    const record = { numero: "PG/2026/0004711", data: "2026-03-02T09:30:00Z", registro: "Protocollo generale", extra: { nested: [1, 2] } };
    const res = await post(`/api/v1.0/${w.partner.slug}/pratica/${p.id}/protocolli`, [record]);
    expect(res.status).toBe(201);
    const body = await json<{ entries: Obj[]; completed_requests: string[]; status: Obj }>(res);
    expect(body.completed_requests).toEqual([request.id]);
    expect(body.status).toMatchObject({ code: 3000 });
    expect(body.entries[0]).toMatchObject({ request_id: request.id, status: "registered", number: "PG/2026/0004711", source: "partner", raw: record, document_kind: "submission" });
    const detail = await json<{ awaiting_protocol: boolean; protocol: Obj[] }>(await get(`/api/v1.0/${w.partner.slug}/pratica/${p.id}`));
    expect(detail.awaiting_protocol).toBe(false);
    expect(detail.protocol).toHaveLength(2);
    // Now the operator may take it in charge.
    await transition(operatorCtx(tdb.db, w.ente, w.operator), p.id, "assign");
  });

  it("accepts { protocolli: [...] }, keeps information records unlinked, and is append-only", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.protoService, w.citizen);
    const res = await post(`/api/v1.0/${w.partner.slug}/pratica/${p.id}/protocolli`, { protocolli: [{ nota: "fascicolo aperto", fascicolo: { anno: 2026 } }] });
    expect(res.status).toBe(201);
    const body = await json<{ entries: Obj[]; completed_requests: string[]; status: Obj }>(res);
    // Neither a number nor an error: information, answering nothing.
    expect(body.entries[0]).toMatchObject({ request_id: null, number: null, raw: { nota: "fascicolo aperto", fascicolo: { anno: 2026 } } });
    expect(body.completed_requests).toEqual([]);
    expect(body.status).toMatchObject({ code: 2000 });
    await expect(tdb.db.delete(protocolEntries).where(eq(protocolEntries.praticaId, p.id))).rejects.toThrow();
  });

  it("refuses an answer naming a request the pratica does not have (422), writing nothing", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.protoService, w.citizen);
    const before = await domainRowCounts(tdb.db);
    const res = await post(`/api/v1.0/${w.partner.slug}/pratica/${p.id}/protocolli`, [{ requestId: "00000000-0000-4000-8000-000000000000", numero: "12" }]);
    expect(res.status).toBe(422);
    expect(await domainRowCounts(tdb.db)).toEqual(before);
  });

  it("refuses what is not a list of objects (422), and writes nothing", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.protoService, w.citizen);
    const before = await domainRowCounts(tdb.db);
    for (const bad of [[], ["stringa"], { protocolli: "no" }, 42, [[1]]]) {
      expect((await post(`/api/v1.0/${w.partner.slug}/pratica/${p.id}/protocolli`, bad)).status).toBe(422);
    }
    expect(await domainRowCounts(tdb.db)).toEqual(before);
  });
});

describe("POST /{partner}/pratica/offline/create", () => {
  const path = () => `/api/v1.0/${w.partner.slug}/pratica/offline/create`;

  it("creates and submits a pratica for a new citizen, with a PDF attachment", async () => {
    const codice = cf("VRDLGU70A01G702");
    const res = await post(path(), {
      servizio: w.service.slug,
      richiedente: { codiceFiscale: codice.toLowerCase(), nome: "Luigi", cognome: "Verdi", email: "Luigi.Verdi@example.com" },
      dati: { ...DATA, quantita: "3" },
      allegati: [{ campo: "documento", nomeFile: "../../domanda.pdf", contentType: "application/pdf", contenuto: PDF.toString("base64") }],
    });
    expect(res.status).toBe(201);
    const body = await json<Obj & { attachments: { purpose: string; filename: string; url: string }[]; applicant: Obj; data: Obj }>(res);
    expect(res.headers.get("location")).toBe(`/api/v1.0/${w.partner.slug}/pratica/${String(body.id)}`);
    expect(body).toMatchObject({ status: { code: 2000 }, channel: "api", applicant: { codice_fiscale: codice, email: "luigi.verdi@example.com", name: "Luigi Verdi" } });
    expect(body.data).toMatchObject({ oggetto: DATA.oggetto, quantita: 3 });
    expect(body.attachments.map((a) => a.purpose).sort()).toEqual(["field", "modulo"]);
    // The number people use, given at submission; the modulo carries it in its name.
    expect(body.number).toMatch(/^\d{4}-\d{6}$/);
    expect(body.attachments.find((a) => a.purpose === "modulo")?.filename).toBe(`modulo-${String(body.number)}.pdf`);
    const field = body.attachments.find((a) => a.purpose === "field");
    expect(field?.filename).toBe("domanda.pdf");
    const dl = await get(field?.url ?? "");
    expect(Buffer.from(await dl.arrayBuffer()).equals(PDF)).toBe(true);
    const [history] = await tdb.db.select().from(statusHistory).where(eq(statusHistory.praticaId, String(body.id)));
    expect(history).toMatchObject({ event: "submit", actorKind: "partner", toStatus: 2000 });
    const receipt = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, String(body.id)), eq(outbox.kind, "receipt")));
    expect(receipt).toHaveLength(1);
  });

  it("reuses the citizen with that codice fiscale", async () => {
    const existing = await tdb.db.select().from(users).where(eq(users.id, w.citizen.id));
    const codice = cf("BNCGLI85M41H501");
    await tdb.db.update(users).set({ codiceFiscale: codice }).where(eq(users.id, w.citizen.id));
    const res = await post(path(), { servizio: w.service.id, richiedente: { codiceFiscale: codice }, dati: DATA });
    expect(res.status).toBe(201);
    const [row] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, String((await json(res)).id)));
    expect(row?.applicantId).toBe(w.citizen.id);
    await tdb.db.update(users).set({ codiceFiscale: existing[0]?.codiceFiscale ?? null }).where(eq(users.id, w.citizen.id));
  });

  it("refuses bad input with field errors, the right status, and writes nothing", async () => {
    const before = await domainRowCounts(tdb.db);
    const newCf = cf("RSSMRA80A01H501");
    const base = { servizio: w.service.slug, richiedente: { codiceFiscale: newCf, nome: "Mario", cognome: "Rossi", email: "mario.nuovo@example.com" }, dati: DATA };
    const problem = async (body: unknown, status: number) => {
      const res = await post(path(), body);
      expect(res.status).toBe(status);
      return json<{ errors?: { path: string }[] }>(res);
    };
    expect((await problem({ ...base, richiedente: { ...base.richiedente, codiceFiscale: "RSSMRA80A01H501A" } }, 422)).errors?.[0]?.path).toBe("richiedente.codiceFiscale");
    expect((await problem({ ...base, richiedente: { codiceFiscale: newCf } }, 422)).errors?.map((e) => e.path)).toContain("richiedente.email");
    expect((await problem({ ...base, dati: { oggetto: "", modalita: "piccione" } }, 422)).errors?.map((e) => e.path).sort()).toEqual(["dati.modalita", "dati.oggetto"]);
    expect((await problem({ ...base, servizio: "non-esiste" }, 422)).errors?.[0]?.path).toBe("servizio");
    await problem({ ...base, servizio: w.notEnabled.slug }, 403);
    await problem({ ...base, servizio: w.otherService.slug }, 422);
    await problem({ ...base, servizio: w.closedService.slug }, 422);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString("base64");
    await problem({ ...base, allegati: [{ campo: "documento", nomeFile: "foto.png", contenuto: png }] }, 415);
    await problem({ ...base, allegati: [{ campo: "oggetto", nomeFile: "a.pdf", contenuto: PDF.toString("base64") }] }, 422);
    await problem({ ...base, allegati: [{ campo: "documento", nomeFile: "a.pdf", contenuto: "non è base64!" }] }, 422);
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10)]).toString("base64");
    await problem({ ...base, allegati: [{ campo: "documento", nomeFile: "grande.pdf", contenuto: big }] }, 413);
    expect(await domainRowCounts(tdb.db)).toEqual(before);
  });
});

describe("reading pratiche", () => {
  it("returns a pratica with iter, protocol entries and attachment links", async () => {
    const p = await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 4000);
    const res = await get(`/api/v1.0/${w.partner.slug}/pratica/${p.id}`);
    expect(res.status).toBe(200);
    const body = await json<Obj & { iter: { event: string }[]; attachments: { url: string }[]; protocol: Obj[]; allowed_events: string[] }>(res);
    expect(body).toMatchObject({ id: p.id, number: p.numero, status: { code: 4000, name: "pending", label: "In carico" }, service: { slug: w.service.slug } });
    expect(p.numero).toMatch(/^\d{4}-\d{6}$/);
    expect(body.iter.map((h) => h.event)).toEqual(["submit", "register", "assign"]);
    expect(body.protocol.length).toBeGreaterThanOrEqual(1);
    expect(body.attachments[0]?.url).toMatch(new RegExp(`^/api/v1.0/${w.partner.slug}/pratica/${p.id}/allegati/`));
    expect(body.allowed_events.sort()).toEqual(["accept", "reject", "request_integration", "request_payment"]);
  });

  it("hides drafts and unknown attachments", async () => {
    const draft = await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 1000);
    expect((await get(`/api/v1.0/${w.partner.slug}/pratica/${draft.id}`)).status).toBe(404);
    // A citizen's draft cannot be submitted or moved by a partner, by name or by code, and is not revealed.
    for (const evento of ["submit", "assign", "register", 2000, "revoke"]) {
      expect((await post(statusPath(draft.id), { evento, messaggio: "x" })).status, String(evento)).toBe(404);
    }
    const submitted = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, DATA);
    expect((await post(statusPath(submitted.id), { evento: "submit" })).status).toBe(409);
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, DATA);
    expect((await get(`/api/v1.0/${w.partner.slug}/pratica/${p.id}/allegati/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await get(`/api/v1.0/${w.partner.slug}/pratica/${p.id}/allegati/x`)).status).toBe(404);
  });

  it("lists with filters and a cursor that pages through everything once", async () => {
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await submittedPratica(tdb.db, w.ente, w.service, w.citizen, DATA));
    const notEnabled = await submittedPratica(tdb.db, w.ente, w.notEnabled, w.citizen);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `?service=${w.service.slug}&status=2000&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await json<{ data: { id: string; status: { code: number }; service: { slug: string } }[]; next_cursor: string | null }>(await get(`/api/v1.0/${w.partner.slug}/pratiche${q}`));
      for (const d of page.data) {
        expect(d.status.code).toBe(2000);
        expect(d.service.slug).toBe(w.service.slug);
      }
      seen.push(...page.data.map((d) => d.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 100);
    expect(new Set(seen).size).toBe(seen.length);
    for (const m of mine) expect(seen).toContain(m.id);
    const all = await json<{ data: { id: string }[] }>(await get(`/api/v1.0/${w.partner.slug}/pratiche?limit=200`));
    expect(all.data.map((d) => d.id)).not.toContain(notEnabled.id);
    const future = await json<{ data: unknown[] }>(await get(`/api/v1.0/${w.partner.slug}/pratiche?updated_since=2999-01-01T00:00:00Z`));
    expect(future.data).toEqual([]);
  });

  it("refuses bad query parameters with 400/422", async () => {
    expect((await get(`/api/v1.0/${w.partner.slug}/pratiche?limit=0`)).status).toBe(422);
    expect((await get(`/api/v1.0/${w.partner.slug}/pratiche?updated_since=ieri`)).status).toBe(422);
    expect((await get(`/api/v1.0/${w.partner.slug}/pratiche?cursor=xyz`)).status).toBe(400);
    expect((await get(`/api/v1.0/${w.partner.slug}/pratiche?status=2000&status=3000`)).status).toBe(400);
  });
});

describe("services, schede informative and step texts", () => {
  it("lists the active services with the partner's binding", async () => {
    const res = await get("/api/v1.0/services");
    const body = await json<{ data: { slug: string; partner_enabled: boolean; steps: { id: string }[] }[] }>(res);
    const slugs = body.data.map((s) => s.slug);
    expect(slugs).toContain(w.service.slug);
    expect(slugs).not.toContain(w.closedService.slug);
    expect(slugs).not.toContain(w.otherService.slug);
    expect(body.data.find((s) => s.slug === w.notEnabled.slug)?.partner_enabled).toBe(false);
    expect(body.data.find((s) => s.slug === w.service.slug)?.steps.map((s) => s.id)).toEqual(["dati", "allegati"]);
  });

  it("reads and updates the scheda informativa of its own ente only", async () => {
    const path = `/api/v1.0/schedaInformativa/${w.service.slug}/${w.ente.slug}`;
    const updated = await post(path, { description: "Nuova descrizione", costs: "Gratuito" });
    expect(updated.status).toBe(200);
    const got = await json<{ scheda: Obj }>(await get(path));
    expect(got.scheda).toMatchObject({ description: "Nuova descrizione", costs: "Gratuito", whoCanApply: "" });
    expect((await post(path, { descrizione: "typo" })).status).toBe(422);
    expect((await post(path, {})).status).toBe(422);
    expect((await get(`/api/v1.0/schedaInformativa/${w.otherService.slug}/${w.otherEnte.slug}`)).status).toBe(403);
    expect((await get(`/api/v1.0/schedaInformativa/${w.notEnabled.slug}/${w.ente.slug}`)).status).toBe(403);
    expect((await get(`/api/v1.0/schedaInformativa/non-esiste/${w.ente.slug}`)).status).toBe(404);
    const [audit] = await tdb.db.select().from(auditLog).where(and(eq(auditLog.action, "service.update_info_sheet"), eq(auditLog.targetId, w.service.id)));
    expect(audit?.actorKind).toBe("partner");
  });

  it("sets and clears a step's text; unknown steps are 404", async () => {
    const path = `/api/v1.0/servizioTexts/${w.service.slug}/${w.ente.slug}/allegati`;
    expect(await json(await post(path, { testo: "  Allega il documento firmato.  " }))).toMatchObject({ step: "allegati", testo: "Allega il documento firmato." });
    const [svc] = await tdb.db.select().from(services).where(eq(services.id, w.service.id));
    expect(svc?.stepTexts).toEqual({ allegati: "Allega il documento firmato." });
    await post(path, { testo: "" });
    const [cleared] = await tdb.db.select().from(services).where(eq(services.id, w.service.id));
    expect(cleared?.stepTexts).toEqual({});
    expect((await post(`/api/v1.0/servizioTexts/${w.service.slug}/${w.ente.slug}/inesistente`, { testo: "x" })).status).toBe(404);
    expect((await post(path, { testo: 5 })).status).toBe(422);
  });
});

describe("GET /{partner}/webhooks/deliveries", () => {
  it("lists the delivery attempts of webhooks addressed to this partner only", async () => {
    await tdb.db.update((await import("@/db/schema")).partners).set({ webhookUrl: "http://127.0.0.1:9/hook", webhookSecret: "s" }).where(eq((await import("@/db/schema")).partners.id, w.partner.id));
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen, DATA);
    await post(statusPath(p.id), { evento: "assign" });
    const res = await get(`/api/v1.0/${w.partner.slug}/webhooks/deliveries?limit=1`);
    const body = await json<{ data: { event: string; status: string; pratica_id: string }[]; next_cursor: string | null }>(res);
    expect(body.data[0]).toMatchObject({ event: "pratica.assign", status: "queued", pratica_id: p.id });
    expect(body.next_cursor).not.toBeNull();
    const next = await json<{ data: { event: string }[] }>(await get(`/api/v1.0/${w.partner.slug}/webhooks/deliveries?cursor=${body.next_cursor}`));
    expect(next.data[0]?.event).toBe("pratica.submit");
    const other = await json<{ data: unknown[] }>(await call(`/api/v1.0/${w.otherPartner.slug}/webhooks/deliveries`, { auth: w.otherAuth }));
    expect(other.data).toEqual([]);
  });
});
