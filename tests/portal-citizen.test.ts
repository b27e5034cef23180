import { Readable } from "node:stream";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, messages, operatorServices, outbox, pratiche, protocolEntries, type Ente, type Service, type User } from "@/db/schema";
import { ForbiddenError, InvalidTransitionError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "@/lib/errors";
import { closedCode, getPublicService, listCatalogue } from "@/lib/portal/catalogue";
import { getMyDraftForEdit, saveMyDraft } from "@/lib/portal/draft-edit";
import { readMultipart } from "@/lib/portal/multipart";
import { listMyDrafts, listMyPratiche } from "@/lib/portal/my-pratiche";
import { getMyPraticaDetail } from "@/lib/portal/pratica-detail";
import { prefillFromProfile } from "@/lib/portal/prefill";
import { listMyDraftsOf, startDraft } from "@/lib/portal/start-draft";
import { storeCitizenFile } from "@/lib/portal/store-file";
import { validateForm } from "@/lib/portal/validate-form";
import { submitIntegration } from "@/lib/pratiche/submit-integration";
import { uploadDraftFile } from "@/lib/pratiche/uploads";
import { submitPratica } from "@/lib/pratiche/submit";
import type { FormDefinition } from "@/lib/services/form-schema";
import { transition } from "@/lib/workflow/transition";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { citizenCtx, createCitizen, createEnte, createService, createStaff, makeCodiceFiscale, operatorCtx, praticaInStatus, submittedPratica, MINIMAL_PDF } from "./helpers/fixtures";


const FULL_FORM: FormDefinition = {
  pages: [
    {
      id: "richiedente",
      title: "Richiedente",
      items: [
        {
          type: "fieldset",
          id: "dati",
          legend: "Dati",
          fields: [
            { type: "text", name: "nome", label: "Nome", required: true, prefill: "givenName" },
            { type: "codice_fiscale", name: "cf", label: "Codice fiscale", required: true, prefill: "codiceFiscale" },
            { type: "email", name: "email", label: "Email", required: true, prefill: "email" },
            { type: "phone", name: "telefono", label: "Telefono", required: false, prefill: "phone" },
          ],
        },
      ],
    },
    {
      id: "dettagli",
      title: "Dettagli",
      items: [
        { type: "number", name: "importo", label: "Importo", required: true, min: 0, max: 1000 },
        { type: "date", name: "data", label: "Data", required: false, min: "2020-01-01" },
        { type: "select", name: "scelta", label: "Scelta", required: true, options: [{ value: "a", label: "A" }, { value: "b", label: "B" }] },
        { type: "checkbox", name: "multi", label: "Più scelte", required: false, options: [{ value: "x", label: "X" }, { value: "y", label: "Y" }] },
        { type: "file", name: "documento", label: "Documento", required: true, accept: ["application/pdf"], maxSizeMb: 1, multiple: false },
        { type: "checkbox", name: "privacy", label: "Privacy", required: true },
      ],
    },
  ],
};

let tdb: TestDatabase;
let ente: Ente;
let otherEnte: Ente;
let service: Service;
let simple: Service;
let suspended: Service;
let privateService: Service;
let citizen: User;
let other: User;
let operator: User;
let admin: User;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  otherEnte = await createEnte(tdb.db);
  service = await createService(tdb.db, ente, { name: "Contributo per la mensa", category: "Scuola", formDefinition: FULL_FORM, allowWithdraw: true, infoSheet: { description: "Un contributo per le famiglie", whoCanApply: "", howToApply: "", whatYouNeed: "", whatYouGet: "", costs: "", timesAndDeadlines: "", conditions: "", contacts: "" } });
  simple = await createService(tdb.db, ente, { name: "Servizio semplice", category: "Altro", allowWithdraw: false, allowIntegrationRequests: true });
  suspended = await createService(tdb.db, ente, { name: "Sospeso", status: "suspended" });
  privateService = await createService(tdb.db, ente, { name: "Privato", status: "private" });
  citizen = await createCitizen(tdb.db, { givenName: "Mario", codiceFiscale: makeCodiceFiscale(), phone: "+39 333 1234567" });
  other = await createCitizen(tdb.db);
  operator = await createStaff(tdb.db, ente, "operator", [service.id, simple.id]);
  admin = await createStaff(tdb.db, ente, "admin");
});
afterAll(async () => tdb?.close());

describe("catalogue", () => {
  it("lists public services with their availability and hides private ones", async () => {
    const { entries, categories } = await listCatalogue(tdb.db, ente);
    const names = entries.map((e) => e.name);
    expect(names).toContain("Contributo per la mensa");
    expect(names).toContain("Sospeso");
    expect(names).not.toContain("Privato");
    expect(entries.find((e) => e.name === "Sospeso")?.closed).toBe("suspended");
    expect(categories).toEqual(expect.arrayContaining(["Scuola", "Altro"]));
    expect(await getPublicService(tdb.db, ente, privateService.slug)).toBeNull();
    expect(await getPublicService(tdb.db, otherEnte, service.slug)).toBeNull();
    expect(await getPublicService(tdb.db, ente, "../../etc")).toBeNull();
  });

  it("searches every word, ignoring case and accents, and filters by category", async () => {
    expect((await listCatalogue(tdb.db, ente, { q: "MENSA famiglie" })).entries.map((e) => e.name)).toEqual(["Contributo per la mensa"]);
    expect((await listCatalogue(tdb.db, ente, { q: "più mensa" })).entries).toHaveLength(0);
    expect((await listCatalogue(tdb.db, ente, { category: "Altro" })).entries.every((e) => e.category === "Altro")).toBe(true);
  });

  it("knows scheduled services before opening and after closing", () => {
    const at = new Date("2026-06-01T10:00:00Z");
    expect(closedCode({ status: "scheduled", scheduledFrom: new Date("2026-07-01"), scheduledTo: null }, at)).toBe("not_yet_open");
    expect(closedCode({ status: "scheduled", scheduledFrom: null, scheduledTo: new Date("2026-05-01") }, at)).toBe("expired");
    expect(closedCode({ status: "scheduled", scheduledFrom: new Date("2026-05-01"), scheduledTo: new Date("2026-07-01") }, at)).toBeNull();
  });
});

describe("shared validation", () => {
  it("applies the same rules for a page and for the whole form", () => {
    const bad = validateForm(FULL_FORM, { nome: " ", cf: "RSSMRA80A01H501A", email: "x@", telefono: "abc" }, { pageId: "richiedente" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(["cf", "email", "nome", "telefono"]);
    const good = validateForm(FULL_FORM, { nome: "Mario", cf: "rssmra80a01h501u", email: "m@example.com" }, { pageId: "richiedente" });
    expect(good.ok && good.data.cf).toBe("RSSMRA80A01H501U");
  });

  it("reads Italian decimals and refuses what is not a number", () => {
    const ok = validateForm(FULL_FORM, { importo: "12,5", scelta: "a" }, { pageId: "dettagli" });
    expect(ok.ok).toBe(false); // file and privacy still missing
    if (!ok.ok) {
      expect(ok.errors.importo).toBeUndefined();
      expect(ok.errors.documento).toBe("Allega almeno un file");
      expect(ok.errors.privacy).toBe("Questa dichiarazione è obbligatoria");
    }
    const notNumber = validateForm(FULL_FORM, { importo: "12abc" }, { pageId: "dettagli" });
    expect(!notNumber.ok && notNumber.errors.importo).toBe("Inserisci un numero");
    const tooBig = validateForm(FULL_FORM, { importo: "1000,01" }, { pageId: "dettagli", lang: "en" });
    expect(!tooBig.ok && tooBig.errors.importo).toBe("The maximum is 1000");
    const blank = validateForm(FULL_FORM, { importo: "   " }, { pageId: "dettagli" });
    expect(!blank.ok && blank.errors.importo).toBe("Campo obbligatorio");
  });
});

describe("drafts", () => {
  it("starts a draft prefilled from the profile, only for an open public service", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const draft = await startDraft(ctx, service.slug, { privacyAcceptedAt: new Date() });
    expect(draft.formData).toEqual({ nome: "Mario", cf: citizen.codiceFiscale, email: citizen.email, telefono: "+39 333 1234567" });
    expect((await listMyDraftsOf(ctx, service.id)).map((d) => d.id)).toContain(draft.id);
    await expect(startDraft(ctx, suspended.slug, { privacyAcceptedAt: new Date() })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(startDraft(ctx, privateService.slug, { privacyAcceptedAt: new Date() })).rejects.toBeInstanceOf(NotFoundError);
    await expect(startDraft(citizenCtx(tdb.db, otherEnte, citizen), service.slug, { privacyAcceptedAt: new Date() })).rejects.toBeInstanceOf(NotFoundError);
    await expect(startDraft(operatorCtx(tdb.db, ente, operator), service.slug, { privacyAcceptedAt: new Date() })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("leaves a profile value out when the citizen has none (email-link citizens have no codice fiscale)", () => {
    const values = prefillFromProfile(FULL_FORM, { name: "x", givenName: null, familyName: null, email: "a@b.it", phone: null, codiceFiscale: null });
    expect(values).toEqual({ email: "a@b.it" });
  });

  it("autosaves only the form's fields, refuses odd shapes, and never someone else's draft", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const draft = await startDraft(ctx, service.slug, { privacyAcceptedAt: new Date() });
    const saved = await saveMyDraft(ctx, draft.id, { importo: "12", intruso: "x", multi: ["x"] });
    expect(saved.formData.importo).toBe("12");
    expect(saved.formData.multi).toEqual(["x"]);
    expect(saved.formData).not.toHaveProperty("intruso");
    await expect(saveMyDraft(ctx, draft.id, { importo: { $where: 1 } })).rejects.toBeInstanceOf(ValidationError);
    await expect(saveMyDraft(ctx, draft.id, "nope")).rejects.toBeInstanceOf(ValidationError);
    await expect(saveMyDraft(citizenCtx(tdb.db, ente, other), draft.id, { importo: "1" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMyDraftForEdit(citizenCtx(tdb.db, otherEnte, citizen), draft.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("goes from draft to submitted pratica with an uploaded file and the modulo as receipt", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const draft = await startDraft(ctx, service.slug, { privacyAcceptedAt: new Date() });
    await expect(uploadDraftFile(ctx, draft.id, "documento", { filename: "x.pdf", body: Buffer.from("not a pdf") })).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    await expect(uploadDraftFile(ctx, draft.id, "documento", { filename: "x.pdf", body: Buffer.concat([MINIMAL_PDF, Buffer.alloc(1024 * 1024)]) })).rejects.toBeInstanceOf(PayloadTooLargeError);
    const ref = await uploadDraftFile(ctx, draft.id, "documento", { filename: "../doc.pdf", body: Readable.from([MINIMAL_PDF]) });
    expect(ref.filename).toBe("doc.pdf");
    await saveMyDraft(ctx, draft.id, { importo: "10,5", scelta: "b", documento: [ref], privacy: true });
    const { pratica } = await submitPratica(ctx, draft.id);
    expect(pratica.status).toBe(2000);
    expect(pratica.formData.importo).toBe(10.5);
    const files = await tdb.db.select().from(attachments).where(eq(attachments.praticaId, draft.id));
    expect(files.map((f) => f.purpose).sort()).toEqual(["field", "modulo"]);
    expect(files.find((f) => f.purpose === "field")?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const receipt = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, draft.id), eq(outbox.kind, "receipt")));
    expect(receipt).toHaveLength(1);
    const protocol = await tdb.db.select().from(protocolEntries).where(eq(protocolEntries.praticaId, draft.id));
    expect(protocol.map((p) => p.status)).toEqual(["requested"]);
    expect(await listMyDrafts(ctx).then((d) => d.map((x) => x.id))).not.toContain(draft.id);
  });
});

describe("le mie pratiche", () => {
  it("lists only the citizen's submitted pratiche of this ente, newest change first, paged", async () => {
    const mine = citizenCtx(tdb.db, ente, other);
    const a = await submittedPratica(tdb.db, ente, simple, other);
    const b = await submittedPratica(tdb.db, ente, simple, other);
    await submittedPratica(tdb.db, ente, simple, citizen);
    await startDraft(mine, simple.slug, { privacyAcceptedAt: new Date() });
    const list = await listMyPratiche(mine);
    expect(list.rows.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(list.total).toBe(2);
    const paged = await listMyPratiche(mine, { page: 2, pageSize: 1 });
    expect(paged.rows.map((r) => r.id)).toEqual([a.id]);
    expect(paged.pages).toBe(2);
    expect((await listMyPratiche(mine, { page: 99, pageSize: 1 })).page).toBe(2);
    expect((await listMyPratiche(citizenCtx(tdb.db, otherEnte, other))).total).toBe(0);
    await expect(listMyPratiche(operatorCtx(tdb.db, ente, operator))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("flags news from the municipality until the citizen opens the pratica", async () => {
    const p = await praticaInStatus(tdb.db, ente, simple, other, operator, admin, 4000);
    const ctx = citizenCtx(tdb.db, ente, other);
    const row = () => listMyPratiche(ctx).then((l) => l.rows.find((r) => r.id === p.id));
    expect((await row())?.unread).toBe(true);
    await getMyPraticaDetail(ctx, p.id);
    const [viewed] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id));
    expect(viewed?.citizenViewedAt).toBeInstanceOf(Date);
    expect(viewed?.status).toBe(4000);
    expect(viewed?.version).toBe(p.version);
    expect((await row())?.unread).toBe(false);
  });
});

describe("pratica detail", () => {
  it("shows iter, receipt, messages without internal notes, and hides others' pratiche", async () => {
    const p = await praticaInStatus(tdb.db, ente, simple, citizen, operator, admin, 4100);
    await tdb.db.insert(messages).values({ enteId: ente.id, praticaId: p.id, authorId: operator.id, authorKind: "operator", body: "nota interna", internal: true });
    const d = await getMyPraticaDetail(citizenCtx(tdb.db, ente, citizen), p.id);
    expect(d.iter.map((h) => h.toStatus)).toEqual([2000, 3000, 4000, 4100]);
    expect(d.attachments.some((a) => a.purpose === "modulo")).toBe(true);
    expect(d.messages.some((m) => m.body === "nota interna")).toBe(false);
    expect(d.integrationRequest?.message).toBe("Serve un documento");
    expect(d.canWithdraw).toBe(false);
    await expect(getMyPraticaDetail(citizenCtx(tdb.db, ente, other), p.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMyPraticaDetail(citizenCtx(tdb.db, otherEnte, citizen), p.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("words the answers in the language asked for: a declaration reads Sì in Italian and Yes in English", async () => {
    const declaration = await createService(tdb.db, ente, {
      formDefinition: { pages: [{ id: "dati", title: "Dati", items: [{ type: "text", name: "oggetto", label: "Oggetto", required: true }, { type: "checkbox", name: "dichiaro", label: "Dichiaro", required: true }] }] },
    });
    const p = await submittedPratica(tdb.db, ente, declaration, citizen, { oggetto: "Prova", dichiaro: true });
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const answer = async (lang?: "it" | "en") => (await getMyPraticaDetail(ctx, p.id, { lang })).summary[0]?.rows.find((r) => r.label === "Dichiaro")?.value;
    expect(await answer()).toBe("Sì");
    expect(await answer("it")).toBe("Sì");
    expect(await answer("en")).toBe("Yes");
  });

  it("offers withdrawal only where the service and the state allow it", async () => {
    const withdrawable = await createService(tdb.db, ente, { allowWithdraw: true });
    await tdb.db.insert(operatorServices).values({ userId: operator.id, serviceId: withdrawable.id });
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const open = await praticaInStatus(tdb.db, ente, withdrawable, citizen, operator, admin, 4000);
    expect((await getMyPraticaDetail(ctx, open.id)).canWithdraw).toBe(true);
    const decided = await praticaInStatus(tdb.db, ente, withdrawable, citizen, operator, admin, 7000);
    expect((await getMyPraticaDetail(ctx, decided.id)).canWithdraw).toBe(false);
    const notAllowed = await praticaInStatus(tdb.db, ente, simple, citizen, operator, admin, 2000);
    expect((await getMyPraticaDetail(ctx, notAllowed.id)).canWithdraw).toBe(false);
  });

  it("refuses submission when the server finds the form incomplete, whatever the browser said", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const draft = await startDraft(ctx, service.slug, { privacyAcceptedAt: new Date() });
    await saveMyDraft(ctx, draft.id, { importo: "1", scelta: "a", privacy: true });
    const err = await submitPratica(ctx, draft.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors.map((f) => f.path)).toEqual(["documento"]);
    const [still] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, draft.id));
    expect(still?.status).toBe(1000);
  });
});

describe("answering a request for more documents", () => {
  it("stores files, the message and the transition together, and notifies the operator", async () => {
    const p = await praticaInStatus(tdb.db, ente, simple, citizen, operator, admin, 4100);
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const file = await storeCitizenFile({ filename: "documento identità.pdf", body: MINIMAL_PDF });
    const { pratica } = await submitIntegration(ctx, p.id, { message: "Ecco il documento", files: [file] });
    expect(pratica.status).toBe(4300);
    const files = await tdb.db.select().from(attachments).where(and(eq(attachments.praticaId, p.id), eq(attachments.purpose, "integration")));
    expect(files).toHaveLength(1);
    expect(files[0]?.messageId).toBeTruthy();
    const [thread] = await tdb.db.select().from(messages).where(eq(messages.id, files[0]?.messageId ?? ""));
    expect(thread?.body).toBe("Ecco il documento");
    const notices = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.kind, "message_from_citizen")));
    expect(notices).toHaveLength(1);
    const inbound = await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, p.id), eq(protocolEntries.documentKind, "integration")));
    expect(inbound).toHaveLength(1);
  });

  it("refuses an empty answer, a second answer, someone else, and leaves nothing half-written", async () => {
    const p = await praticaInStatus(tdb.db, ente, simple, citizen, operator, admin, 4100);
    const ctx = citizenCtx(tdb.db, ente, citizen);
    await expect(submitIntegration(ctx, p.id, { message: "  ", files: [] })).rejects.toBeInstanceOf(ValidationError);
    const file = await storeCitizenFile({ filename: "a.pdf", body: MINIMAL_PDF });
    await expect(submitIntegration(citizenCtx(tdb.db, ente, other), p.id, { files: [file] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(submitIntegration(operatorCtx(tdb.db, ente, operator), p.id, { files: [file] })).rejects.toBeInstanceOf(ForbiddenError);
    const count0 = await tdb.db.select({ n: count() }).from(messages).where(eq(messages.praticaId, p.id));
    await submitIntegration(ctx, p.id, { files: [file] });
    await expect(submitIntegration(ctx, p.id, { message: "di nuovo", files: [] })).rejects.toBeInstanceOf(InvalidTransitionError);
    const count1 = await tdb.db.select({ n: count() }).from(messages).where(eq(messages.praticaId, p.id));
    expect((count1[0]?.n ?? 0) - (count0[0]?.n ?? 0)).toBe(1);
  });

  it("two answers at once: exactly one wins", async () => {
    const p = await praticaInStatus(tdb.db, ente, simple, citizen, operator, admin, 4100);
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const results = await Promise.allSettled([submitIntegration(ctx, p.id, { message: "uno", files: [] }), submitIntegration(ctx, p.id, { message: "due", files: [] })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const thread = await tdb.db.select().from(messages).where(and(eq(messages.praticaId, p.id), eq(messages.authorKind, "citizen")));
    expect(thread).toHaveLength(1);
  });
});

describe("citizen files", () => {
  it("checks the real type and the size, and cleans up refused files", async () => {
    await expect(storeCitizenFile({ filename: "a.pdf", body: Buffer.from("GIF89a...") })).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    await expect(storeCitizenFile({ filename: "a.pdf", body: Buffer.alloc(0) })).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    await expect(storeCitizenFile({ filename: "a.pdf", body: Buffer.concat([MINIMAL_PDF, Buffer.alloc(2 * 1024 * 1024)]) }, { maxMb: 1 })).rejects.toBeInstanceOf(PayloadTooLargeError);
    const ok = await storeCitizenFile({ filename: 'x/"evil<>.pdf', body: MINIMAL_PDF });
    expect(ok.filename).toBe("evil.pdf");
    expect(ok.mimeType).toBe("application/pdf");
  });

  it("reads multipart bodies as streams, field by field", async () => {
    const form = new FormData();
    form.append("body", "Buongiorno");
    form.append("files", new Blob([MINIMAL_PDF], { type: "application/pdf" }), "uno.pdf");
    form.append("files", new Blob([MINIMAL_PDF], { type: "application/pdf" }), "due è più.pdf");
    const request = new Request("http://x/", { method: "POST", body: form });
    const names: string[] = [];
    const { fields, files } = await readMultipart(request, {
      maxFiles: 5,
      onFile: async (f) => {
        names.push(f.filename);
        let size = 0;
        for await (const chunk of f.stream) size += (chunk as Buffer).length;
        return size;
      },
    });
    expect(fields.body).toBe("Buongiorno");
    expect(names).toEqual(["uno.pdf", "due è più.pdf"]);
    expect(files).toEqual([MINIMAL_PDF.length, MINIMAL_PDF.length]);
    const tooMany = new Request("http://x/", { method: "POST", body: form });
    await expect(readMultipart(tooMany, { maxFiles: 1, onFile: async (f) => f.stream.resume() })).rejects.toThrow(/Troppi file/);
    await expect(readMultipart(new Request("http://x/", { method: "POST", body: "x" }), { maxFiles: 1, onFile: async () => 0 })).rejects.toThrow(/multipart/);
  });

  it("a refused file in the middle of a request does not stop the rest from being read", async () => {
    const form = new FormData();
    form.append("files", new Blob([Buffer.from("not a pdf")]), "bad.pdf");
    form.append("message", "dopo il file");
    const request = new Request("http://x/", { method: "POST", body: form });
    await expect(readMultipart(request, { maxFiles: 2, onFile: (f) => storeCitizenFile({ filename: f.filename, body: f.stream }) })).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
  });
});

describe("withdrawal through the workflow", () => {
  it("is refused where the service does not allow it", async () => {
    const p = await submittedPratica(tdb.db, ente, simple, citizen);
    await expect(transition(citizenCtx(tdb.db, ente, citizen), p.id, "withdraw")).rejects.toBeInstanceOf(InvalidTransitionError);
  });
});
