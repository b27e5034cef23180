import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SERVICES } from "@/db/seed-data";
import { messages, pratiche, type Ente, type Service, type User } from "@/db/schema";
import { STARTER_FORM } from "@/lib/admin/services";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { postMessage } from "@/lib/messages/post";
import { getMyPraticaDetail } from "@/lib/portal/pratica-detail";
import { countMyUnreadThreads, listMyActivity, listMyIntegrationRequests, listMyServices, listMyThreads } from "@/lib/portal/personal-area";
import { startDraft } from "@/lib/portal/start-draft";
import { acceptPrivacyOnDraft, createDraft } from "@/lib/pratiche/drafts";
import { submitPratica } from "@/lib/pratiche/submit";
import { allFields } from "@/lib/services/form-schema";
import { transition } from "@/lib/workflow/transition";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { citizenCtx, createCitizen, createEnte, createService, createStaff, operatorCtx, submittedPratica } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
let otherEnte: Ente;
let service: Service;
let second: Service;
let otherService: Service;
let citizen: User;
let neighbour: User;
let consenter: User;
let operator: User;
let otherOperator: User;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  otherEnte = await createEnte(tdb.db);
  service = await createService(tdb.db, ente, { name: "Permesso di sosta", allowIntegrationRequests: true });
  second = await createService(tdb.db, ente, { name: "Contributo affitto" });
  otherService = await createService(tdb.db, otherEnte, { name: "Servizio di un altro Comune" });
  citizen = await createCitizen(tdb.db);
  neighbour = await createCitizen(tdb.db);
  consenter = await createCitizen(tdb.db);
  operator = await createStaff(tdb.db, ente, "operator", [service.id, second.id]);
  otherOperator = await createStaff(tdb.db, otherEnte, "operator", [otherService.id]);
});
afterAll(async () => tdb?.close());

const at = (iso: string) => new Date(iso);
const setMessageTime = (id: string, when: Date) => tdb.db.update(messages).set({ createdAt: when }).where(eq(messages.id, id));

describe("privacy consent: asked once, recorded on the draft, enforced at submission", () => {
  it("records the acknowledgement when the request starts and submits with it", async () => {
    const ctx = citizenCtx(tdb.db, ente, consenter);
    const given = at("2026-03-01T09:00:00Z");
    const draft = await startDraft(ctx, service.slug, { privacyAcceptedAt: given });
    expect(draft.privacyAcceptedAt?.toISOString()).toBe(given.toISOString());
    await tdb.db.update(pratiche).set({ formData: { oggetto: "Con consenso" } }).where(eq(pratiche.id, draft.id));
    const { pratica } = await submitPratica(ctx, draft.id);
    expect(pratica.status).toBe(2000);
    expect(pratica.privacyAcceptedAt?.toISOString()).toBe(given.toISOString());
  });

  it("refuses a draft without the acknowledgement with a code, then submits once it is given", async () => {
    const ctx = citizenCtx(tdb.db, ente, consenter);
    const draft = await createDraft(ctx, service.id, { oggetto: "Senza consenso" }, new Date(), { privacyAcceptedAt: null });
    const err = await submitPratica(ctx, draft.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe("privacy.consent_required");
    const [still] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, draft.id));
    expect(still?.status).toBe(1000);

    // Another citizen cannot give it on this draft; the owner can, once (a second time keeps the first time).
    await expect(acceptPrivacyOnDraft(citizenCtx(tdb.db, ente, neighbour), draft.id)).rejects.toThrow();
    const first = await acceptPrivacyOnDraft(ctx, draft.id, at("2026-03-02T10:00:00Z"));
    const again = await acceptPrivacyOnDraft(ctx, draft.id, at("2026-03-05T10:00:00Z"));
    expect(again.privacyAcceptedAt?.toISOString()).toBe(first.privacyAcceptedAt?.toISOString());
    const { pratica } = await submitPratica(ctx, draft.id);
    expect(pratica.status).toBe(2000);
  });

  it("is not asked again inside the forms: no demo service and no new service carries a privacy field", () => {
    const privacyLike = (name: string, label: string) => /privacy|trattamento dei dati/i.test(`${name} ${label}`);
    for (const s of DEMO_SERVICES) {
      const fields = allFields(s.formDefinition).filter((f) => privacyLike(f.name, f.label));
      expect(fields.map((f) => `${s.slug}:${f.name}`)).toEqual([]);
    }
    expect(allFields(STARTER_FORM).filter((f) => privacyLike(f.name, f.label))).toEqual([]);
  });
});

describe("personal area", () => {
  let mineA: string;
  let mineB: string;

  beforeAll(async () => {
    const cctx = citizenCtx(tdb.db, ente, citizen);
    const octx = operatorCtx(tdb.db, ente, operator);
    mineA = (await submittedPratica(tdb.db, ente, service, citizen)).id;
    mineB = (await submittedPratica(tdb.db, ente, second, citizen)).id;
    const theirs = (await submittedPratica(tdb.db, ente, service, neighbour)).id;
    const elsewhere = (await submittedPratica(tdb.db, otherEnte, otherService, citizen)).id;

    // A: the citizen asks, the office answers later (unread). B: only the citizen wrote. Plus others' threads.
    // Times are set after the submissions (a message cannot precede its pratica) and before anyone reads them.
    const base = Date.now();
    const after = (ms: number) => new Date(base + ms);
    await setMessageTime((await postMessage(cctx, mineA, { body: "Domanda su A" })).id, after(1));
    await setMessageTime((await postMessage(octx, mineA, { body: "Risposta su A" })).id, after(3));
    await setMessageTime((await postMessage(octx, mineA, { body: "Nota interna", internal: true })).id, after(4));
    await setMessageTime((await postMessage(cctx, mineB, { body: "Domanda su B" })).id, after(2));
    await postMessage(citizenCtx(tdb.db, ente, neighbour), theirs, { body: "Messaggio del vicino" });
    await postMessage(operatorCtx(tdb.db, otherEnte, otherOperator), elsewhere, { body: "Messaggio di un altro Comune" });

    await transition(octx, mineA, "assign");
    await transition(octx, mineA, "request_integration", { message: "Serve la carta d'identità" });
    await createDraft(cctx, second.id, { oggetto: "Bozza" });
  });

  it("Messaggi: one thread per own pratica in this ente, newest first, unread marked, no internal note", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const { rows, total } = await listMyThreads(ctx);
    expect(total).toBe(2);
    expect(rows.map((r) => r.praticaId)).toEqual([mineA, mineB]);
    const [a, b] = rows;
    expect(a).toMatchObject({ count: 2, lastBody: "Risposta su A", lastFromCitizen: false, unread: true, serviceName: "Permesso di sosta" });
    expect(b).toMatchObject({ count: 1, lastBody: "Domanda su B", lastFromCitizen: true, unread: false });
    expect(rows.some((r) => r.lastBody.includes("interna") || r.lastBody.includes("vicino") || r.lastBody.includes("altro Comune"))).toBe(false);
    expect(await countMyUnreadThreads(ctx)).toBe(1);
  });

  it("reading the thread (opening the pratica) marks it read", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    await getMyPraticaDetail(ctx, mineA);
    expect((await listMyThreads(ctx)).rows.find((r) => r.praticaId === mineA)?.unread).toBe(false);
    expect(await countMyUnreadThreads(ctx)).toBe(0);
    // A new answer makes it unread again.
    await postMessage(operatorCtx(tdb.db, ente, operator), mineA, { body: "Altra risposta" });
    expect((await listMyThreads(ctx)).rows[0]).toMatchObject({ praticaId: mineA, unread: true, count: 3 });
  });

  it("pages the threads", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const p1 = await listMyThreads(ctx, { pageSize: 1, page: 1 });
    const p2 = await listMyThreads(ctx, { pageSize: 1, page: 2 });
    const past = await listMyThreads(ctx, { pageSize: 1, page: 99 });
    expect([p1.pages, p1.rows.length, p2.rows.length]).toEqual([2, 1, 1]);
    expect(p1.rows[0]?.praticaId).not.toBe(p2.rows[0]?.praticaId);
    expect(past.page).toBe(2);
  });

  it("Attività: iter steps and messages of own pratiche here, newest first, paginated without gaps or repeats", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const all = await listMyActivity(ctx, { pageSize: 100 });
    // A: submit, assign, request_integration + 3 visible messages; B: submit + 1 message. The other ente, the neighbour, the note: none.
    expect(all.total).toBe(8);
    expect(all.rows).toHaveLength(8);
    expect(new Set(all.rows.map((r) => r.praticaId))).toEqual(new Set([mineA, mineB]));
    const times = all.rows.map((r) => r.at.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(all.rows.filter((r) => r.kind === "event").map((r) => r.event).sort()).toEqual(["assign", "request_integration", "submit", "submit"]);
    expect(all.rows.filter((r) => r.kind === "message")).toHaveLength(4);

    const pages = [1, 2, 3].map((page) => listMyActivity(ctx, { pageSize: 3, page }));
    const got = (await Promise.all(pages)).flatMap((p) => p.rows);
    expect(got.map((r) => `${r.kind}${r.at.toISOString()}${r.event}`)).toEqual(all.rows.map((r) => `${r.kind}${r.at.toISOString()}${r.event}`));
    expect((await pages[0])?.pages).toBe(3);
  });

  it("Servizi: the services used here, with submitted and draft counts", async () => {
    const used = await listMyServices(citizenCtx(tdb.db, ente, citizen));
    const byName = Object.fromEntries(used.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(["Contributo affitto", "Permesso di sosta"]);
    expect(byName["Permesso di sosta"]).toMatchObject({ submitted: 1, drafts: 0, available: true });
    expect(byName["Contributo affitto"]).toMatchObject({ submitted: 1, drafts: 1 });
  });

  it("Scrivania: the pratiche waiting for the citizen's answer", async () => {
    const rows = await listMyIntegrationRequests(citizenCtx(tdb.db, ente, citizen));
    expect(rows.map((r) => r.praticaId)).toEqual([mineA]);
  });

  it("never shows another citizen's or another ente's data, and is for citizens only", async () => {
    const neighbourCtx = citizenCtx(tdb.db, ente, neighbour);
    const threads = await listMyThreads(neighbourCtx);
    expect(threads.rows.map((r) => r.lastBody)).toEqual(["Messaggio del vicino"]);
    expect((await listMyActivity(neighbourCtx)).rows.every((r) => r.praticaId !== mineA && r.praticaId !== mineB)).toBe(true);
    expect((await listMyServices(neighbourCtx)).map((s) => s.name)).toEqual(["Permesso di sosta"]);
    expect(await listMyIntegrationRequests(neighbourCtx)).toEqual([]);

    // The same citizen in the other ente sees only that ente's pratica.
    const there = citizenCtx(tdb.db, otherEnte, citizen);
    expect((await listMyThreads(there)).rows.map((r) => r.lastBody)).toEqual(["Messaggio di un altro Comune"]);
    expect((await listMyActivity(there, { pageSize: 100 })).rows.every((r) => r.serviceName === "Servizio di un altro Comune")).toBe(true);
    expect((await listMyServices(there)).map((s) => s.name)).toEqual(["Servizio di un altro Comune"]);

    const op = operatorCtx(tdb.db, ente, operator);
    await expect(listMyThreads(op)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listMyActivity(op)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listMyServices(op)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
