import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, outbox, pratiche, protocolEntries, type Ente, type Service, type User } from "@/db/schema";
import { ForbiddenError, InvalidTransitionError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "@/lib/errors";
import { renderPdf } from "@/lib/pdf/render";
import { concludePratica } from "@/lib/pratiche/conclude";
import { createDraft, deleteDraft, saveDraft } from "@/lib/pratiche/drafts";
import { submitPratica } from "@/lib/pratiche/submit";
import { uploadDraftFile } from "@/lib/pratiche/uploads";
import { formatProtocolNumber, registerBuiltin } from "@/lib/protocol/builtin";
import type { FormDefinition } from "@/lib/services/form-schema";
import { getStorage } from "@/lib/storage";
import { transition } from "@/lib/workflow/transition";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { citizenCtx, createCitizen, createEnte, createService, createStaff, operatorCtx, submittedPratica } from "./helpers/fixtures";

const FORM: FormDefinition = {
  pages: [
    {
      id: "dati",
      title: "Dati",
      items: [
        { type: "text", name: "oggetto", label: "Oggetto", required: true },
        { type: "codice_fiscale", name: "cf", label: "Codice fiscale", required: true },
        { type: "file", name: "documento", label: "Documento", required: true, accept: ["application/pdf"], maxSizeMb: 0.01, multiple: false },
      ],
    },
  ],
};

let tdb: TestDatabase;
let ente: Ente;
let service: Service;
let citizen: User;
let operator: User;
let pdf: Buffer;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  service = await createService(tdb.db, ente, { formDefinition: FORM });
  citizen = await createCitizen(tdb.db);
  operator = await createStaff(tdb.db, ente, "operator", [service.id]);
  pdf = await renderPdf({ ente: "Test", title: "Documento", sections: [] });
});
afterAll(async () => tdb?.close());

describe("drafts and submission", () => {
  it("submits a valid draft: modulo PDF stored, iter, receipt email and protocol request queued", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const draft = await createDraft(ctx, service.id, { oggetto: "Richiesta", cf: "rssmra80a01h501u" });
    const ref = await uploadDraftFile(ctx, draft.id, "documento", { filename: "../../etc/passwd\u0000.pdf", body: pdf });
    expect(ref.filename).toBe("passwd.pdf");
    expect(ref.mimeType).toBe("application/pdf");
    await saveDraft(ctx, draft.id, { documento: [ref] });
    const { pratica } = await submitPratica(ctx, draft.id);
    expect(pratica.status).toBe(2000);
    expect(pratica.formData.cf).toBe("RSSMRA80A01H501U");
    const files = await tdb.db.select().from(attachments).where(eq(attachments.praticaId, pratica.id));
    const modulo = files.find((f) => f.purpose === "modulo");
    expect(modulo?.mimeType).toBe("application/pdf");
    expect((await (await getStorage()).get(modulo?.storageKey ?? "")).subarray(0, 5).toString()).toBe("%PDF-");
    expect(files.find((f) => f.purpose === "field")?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const queued = await tdb.db.select().from(outbox).where(eq(outbox.praticaId, pratica.id));
    expect(queued.map((q) => q.kind)).toEqual(expect.arrayContaining(["receipt", "protocol_builtin"]));
    const [req] = await tdb.db.select().from(protocolEntries).where(eq(protocolEntries.praticaId, pratica.id));
    expect(req).toMatchObject({ status: "requested", direction: "in", documentKind: "submission", attachmentId: modulo?.id });
  });

  it("refuses invalid data with field errors and leaves the draft a draft", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const draft = await createDraft(ctx, service.id, { oggetto: "", cf: "RSSMRA80A01H501X" });
    const err = await submitPratica(ctx, draft.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const paths = (err as ValidationError).fieldErrors.map((f) => f.path).sort();
    expect(paths).toEqual(["cf", "documento", "oggetto"]);
    const [row] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, draft.id));
    expect(row?.status).toBe(1000);
  });

  it("refuses a file reference that belongs to another pratica", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const a = await createDraft(ctx, service.id, {});
    const b = await createDraft(ctx, service.id, {});
    const ref = await uploadDraftFile(ctx, a.id, "documento", { filename: "a.pdf", body: pdf });
    await saveDraft(ctx, b.id, { oggetto: "x", cf: "RSSMRA80A01H501U", documento: [ref] });
    await expect(submitPratica(ctx, b.id)).rejects.toBeInstanceOf(ValidationError);
  });

  it("checks uploads by their bytes and size, and keeps nothing of a refused file", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const draft = await createDraft(ctx, service.id, {});
    const [before] = await tdb.db.select({ n: count() }).from(attachments);
    await expect(uploadDraftFile(ctx, draft.id, "documento", { filename: "finto.pdf", body: Buffer.from("MZ\x90\x00 not a pdf") })).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    await expect(uploadDraftFile(ctx, draft.id, "documento", { filename: "grande.pdf", body: Buffer.concat([pdf, Buffer.alloc(20_000)]) })).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(uploadDraftFile(ctx, draft.id, "oggetto", { filename: "x.pdf", body: pdf })).rejects.toBeInstanceOf(ValidationError);
    const [after] = await tdb.db.select({ n: count() }).from(attachments);
    expect(after?.n).toBe(before?.n);
  });

  it("keeps drafts private: another citizen cannot read, save, submit or delete them", async () => {
    const draft = await createDraft(citizenCtx(tdb.db, ente, citizen), service.id, {});
    const other = citizenCtx(tdb.db, ente, await createCitizen(tdb.db));
    await expect(saveDraft(other, draft.id, { oggetto: "x" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(submitPratica(other, draft.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteDraft(other, draft.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createDraft(operatorCtx(tdb.db, ente, operator), service.id)).rejects.toBeInstanceOf(ForbiddenError);
    await deleteDraft(citizenCtx(tdb.db, ente, citizen), draft.id);
    expect(await tdb.db.select().from(pratiche).where(eq(pratiche.id, draft.id))).toHaveLength(0);
  });

  it("a submitted pratica can no longer be edited or deleted as a draft", async () => {
    const p = await submittedPratica(tdb.db, ente, await createService(tdb.db, ente), citizen);
    await expect(saveDraft(citizenCtx(tdb.db, ente, citizen), p.id, { oggetto: "x" })).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(deleteDraft(citizenCtx(tdb.db, ente, citizen), p.id)).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it("suspended services cannot be started", async () => {
    const suspended = await createService(tdb.db, ente, { status: "suspended" });
    await expect(createDraft(citizenCtx(tdb.db, ente, citizen), suspended.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("conclusion", () => {
  it("renders the esito, stores the operator's file and makes both visible to the citizen", async () => {
    const simple = await createService(tdb.db, ente);
    const op = await createStaff(tdb.db, ente, "operator", [simple.id]);
    const p = await submittedPratica(tdb.db, ente, simple, citizen);
    await transition(operatorCtx(tdb.db, ente, op), p.id, "assign");
    const bad = await concludePratica(operatorCtx(tdb.db, ente, op), p.id, { outcome: "accepted", motivation: "ok", responseFile: { filename: "x.exe", body: Buffer.from("MZ") } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(UnsupportedMediaTypeError);
    const { pratica } = await concludePratica(operatorCtx(tdb.db, ente, op), p.id, { outcome: "accepted", motivation: "Requisiti presenti", responseFile: { filename: "risposta.pdf", body: pdf } });
    expect(pratica).toMatchObject({ status: 7000, outcome: "accepted", motivation: "Requisiti presenti" });
    const files = await tdb.db.select().from(attachments).where(eq(attachments.praticaId, p.id));
    expect(files.filter((f) => f.purpose === "response" || f.purpose === "response_document").map((f) => [f.kind, f.visibleToCitizen])).toEqual(
      expect.arrayContaining([["operator", true], ["generated", true]]),
    );
  });
});

describe("built-in protocol registry", () => {
  it("numbers 50 concurrent registrations 1..50 with no gaps or duplicates, and registers the submission", async () => {
    const e = await createEnte(tdb.db);
    const s = await createService(tdb.db, e);
    const c = await createCitizen(tdb.db);
    const list = [];
    for (let i = 0; i < 50; i++) list.push(await submittedPratica(tdb.db, e, s, c));
    const requests = await tdb.db.select().from(protocolEntries).where(eq(protocolEntries.enteId, e.id));
    expect(requests).toHaveLength(50);
    const at = new Date("2026-06-01T10:00:00Z");
    const answers = await Promise.all(requests.map((r) => registerBuiltin(tdb.db, r.id, at)));
    const numbers = answers.map((a) => a?.number).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => formatProtocolNumber(2026, i + 1)));
    // Idempotent: answering again returns the same entry, takes no new number.
    const again = await registerBuiltin(tdb.db, requests[0]?.id ?? "", at);
    expect(again?.number).toBe(answers[0]?.number);
    const registered = await tdb.db.select().from(pratiche).where(eq(pratiche.enteId, e.id));
    expect(registered.every((p) => p.status === 3000)).toBe(true);
  });

  it("takes the year in the ente's time zone", async () => {
    const e = await createEnte(tdb.db, { timezone: "Europe/Rome" });
    const s = await createService(tdb.db, e);
    const p = await submittedPratica(tdb.db, e, s, citizen);
    const [req] = await tdb.db.select().from(protocolEntries).where(eq(protocolEntries.praticaId, p.id));
    // 23:30 UTC on 31 December is already 1 January in Rome.
    const entry = await registerBuiltin(tdb.db, req?.id ?? "", new Date("2026-12-31T23:30:00Z"));
    expect(entry?.number).toBe("2027/0000001");
  });
});
