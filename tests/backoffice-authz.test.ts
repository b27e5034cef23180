import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, pratiche, protocolEntries, type Ente, type Service, type User } from "@/db/schema";
import { getPraticaDetail } from "@/lib/backoffice/detail";
import { decidePratica, postOperatorMessage, requestIntegration, takeInCharge } from "@/lib/backoffice/manage";
import { ConflictError, DomainError, ForbiddenError, NotFoundError, UnsupportedMediaTypeError, ValidationError } from "@/lib/errors";
import { listMessages } from "@/lib/messages/list";
import { listAttachments } from "@/lib/pratiche/attachments";
import { storeCitizenFile } from "@/lib/portal/store-file";
import { registerBuiltin } from "@/lib/protocol/builtin";
import { STATUS } from "@/lib/workflow/states";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, citizenCtx, createCitizen, createEnte, createService, createStaff, operatorCtx, praticaInStatus, submittedPratica } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let service: Service;
let closedService: Service;
let op1: User;
let op2: User;
let outsider: User;
let otherEnteOp: User;
let admin: User;
let citizen: User;

const status = async (id: string) => (await tdb.db.select({ s: pratiche.status }).from(pratiche).where(eq(pratiche.id, id)))[0]?.s;
const PDF = Buffer.from("%PDF-1.4\n%%EOF\n");

beforeAll(async () => {
  tdb = await createTestDatabase();
  const db = tdb.db;
  ente = await createEnte(db);
  other = await createEnte(db);
  service = await createService(db, ente, { allowIntegrationRequests: true });
  closedService = await createService(db, ente, { name: "Altro servizio" });
  op1 = await createStaff(db, ente, "operator", [service.id]);
  op2 = await createStaff(db, ente, "operator", [service.id]);
  outsider = await createStaff(db, ente, "operator", [closedService.id]);
  const otherService = await createService(db, other);
  otherEnteOp = await createStaff(db, other, "operator", [otherService.id]);
  admin = await createStaff(db, ente, "admin");
  citizen = await createCitizen(db);
});
afterAll(async () => tdb?.close());

describe("who may see and act", () => {
  it("an operator not enabled on the service is refused everywhere (403 in lib, 404 on the pages)", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const ctx = operatorCtx(tdb.db, ente, outsider);
    await expect(getPraticaDetail(ctx, p.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(takeInCharge(ctx, p.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(postOperatorMessage(ctx, p.id, { body: "Ciao" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(decidePratica(ctx, p.id, { outcome: "accepted", motivation: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await status(p.id)).toBe(STATUS.submitted);
  });

  it("another municipality's operator does not find the pratica at all (404)", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const ctx = operatorCtx(tdb.db, other, otherEnteOp);
    for (const call of [
      () => getPraticaDetail(ctx, p.id),
      () => takeInCharge(ctx, p.id),
      () => requestIntegration(ctx, p.id, { message: "x" }),
      () => decidePratica(ctx, p.id, { outcome: "accepted", motivation: "x" }),
      () => postOperatorMessage(ctx, p.id, { body: "x" }),
    ])
      await expect(call()).rejects.toBeInstanceOf(NotFoundError);
    expect(await status(p.id)).toBe(STATUS.submitted);
  });

  it("an id that is not a uuid is not found, not a database error", async () => {
    const ctx = operatorCtx(tdb.db, ente, op1);
    for (const id of ["-".repeat(36), "0000000000000000000000000000000000-0", "non-una-pratica"]) {
      await expect(getPraticaDetail(ctx, id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(postOperatorMessage(ctx, id, { body: "x" })).rejects.toBeInstanceOf(NotFoundError);
      await expect(listMessages(citizenCtx(tdb.db, ente, citizen), id)).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it("only the assigned operator decides or asks for documents; a second operator gets 403 and changes nothing", async () => {
    const p = await praticaInStatus(tdb.db, ente, service, citizen, op1, admin, STATUS.pending);
    const ctx2 = operatorCtx(tdb.db, ente, op2);
    const detail = await getPraticaDetail(ctx2, p.id);
    expect(detail.can).toMatchObject({ elabora: false, requestIntegration: false, take: false });
    const refused = await decidePratica(ctx2, p.id, { outcome: "accepted", motivation: "Decido io" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as DomainError).status).toBe(403);
    await expect(requestIntegration(ctx2, p.id, { message: "Mandami tutto" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await status(p.id)).toBe(STATUS.pending);
    expect((await listAttachments(operatorCtx(tdb.db, ente, op1), p.id)).some((a) => a.purpose === "response_document")).toBe(false);
  });

  it("citizens and admins cannot use the back-office functions", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    for (const ctx of [citizenCtx(tdb.db, ente, citizen), adminCtx(tdb.db, ente, admin)]) {
      await expect(getPraticaDetail(ctx, p.id)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(takeInCharge(ctx, p.id)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(decidePratica(ctx, p.id, { outcome: "accepted", motivation: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});

describe("Prendi in carico", () => {
  it("two operators at once: exactly one wins, the other is told plainly", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const results = await Promise.allSettled([takeInCharge(operatorCtx(tdb.db, ente, op1), p.id), takeInCharge(operatorCtx(tdb.db, ente, op2), p.id)]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
    expect((lost[0]?.reason as Error).message).toBe("La pratica è già stata presa in carico da un altro operatore");
    const taken = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.kind, "taken_in_charge")));
    expect(taken).toHaveLength(1);
    // The citizen's notice names nobody: the payload carries no operator.
    expect(JSON.stringify(taken[0]?.payload)).not.toContain(op1.id);
    expect(JSON.stringify(taken[0]?.payload)).not.toContain(op2.id);
  });

  it("a service that requires protocol waits for the number", async () => {
    const needs = await createService(tdb.db, ente, { protocolRequired: true });
    const op = await createStaff(tdb.db, ente, "operator", [needs.id]);
    const p = await submittedPratica(tdb.db, ente, needs, citizen);
    const ctx = operatorCtx(tdb.db, ente, op);
    const before = await getPraticaDetail(ctx, p.id);
    expect(before.protocol.state).toBe("pending");
    expect(before.awaitingProtocol).toBe(true);
    expect(before.can.take).toBe(false);
    const [request] = await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, p.id), eq(protocolEntries.documentKind, "submission")));
    await registerBuiltin(tdb.db, request?.id ?? "");
    const after = await getPraticaDetail(ctx, p.id);
    expect(after.protocol).toMatchObject({ state: "registered", number: expect.stringMatching(/^\d{4}\/\d{7}$/) });
    expect(after.can.take).toBe(true);
    expect(after.modulo?.mimeType).toBe("application/pdf");
    await takeInCharge(ctx, p.id);
    expect(await status(p.id)).toBe(STATUS.pending);
  });
});

describe("Elabora and richiesta integrazioni", () => {
  it("approves with motivation and response file: esito generated, both visible to the citizen, outcome email queued", async () => {
    const p = await praticaInStatus(tdb.db, ente, service, citizen, op1, admin, STATUS.pending);
    const ctx = operatorCtx(tdb.db, ente, op1);
    const result = await decidePratica(ctx, p.id, { outcome: "accepted", motivation: "Tutto in regola" }, { filename: "risposta.pdf", declaredType: "application/pdf", body: PDF });
    expect(result.pratica.status).toBe(STATUS.accepted);
    const seen = await listAttachments(citizenCtx(tdb.db, ente, citizen), p.id);
    expect(seen.map((a) => a.purpose)).toEqual(expect.arrayContaining(["response", "response_document"]));
    const mail = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.kind, "outcome_ready")));
    expect(mail).toHaveLength(1);
  });

  it("refuses a decision without outcome or motivation, and a response file of the wrong type, leaving the pratica as it was", async () => {
    const p = await praticaInStatus(tdb.db, ente, service, citizen, op1, admin, STATUS.pending);
    const ctx = operatorCtx(tdb.db, ente, op1);
    const bad = await decidePratica(ctx, p.id, { outcome: "forse", motivation: "  " }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).fieldErrors.map((f) => f.path).sort()).toEqual(["motivation", "outcome"]);
    // Codes, so the operator reads them in their own language.
    expect(Object.fromEntries((bad as ValidationError).fieldErrors.map((f) => [f.path, f.code]))).toEqual({ outcome: "field.outcome_required", motivation: "field.motivation_required" });
    const missing = await decidePratica(ctx, p.id, { motivation: "Motivata" }).catch((e: unknown) => e);
    expect((missing as ValidationError).fieldErrors.map((f) => [f.path, f.code])).toEqual([["outcome", "field.outcome_required"]]);
    await expect(decidePratica(ctx, p.id, { outcome: "rejected", motivation: "No" }, { filename: "x.pdf", body: Buffer.from("MZ not a pdf") })).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    expect(await status(p.id)).toBe(STATUS.pending);
    expect((await listAttachments(ctx, p.id)).some((a) => a.purpose === "response" || a.purpose === "response_document")).toBe(false);
  });

  it("a stale page (someone acted meanwhile) is a conflict, not a silent overwrite", async () => {
    const p = await praticaInStatus(tdb.db, ente, service, citizen, op1, admin, STATUS.pending);
    const ctx = operatorCtx(tdb.db, ente, op1);
    await expect(decidePratica(ctx, p.id, { outcome: "accepted", motivation: "x", expectedVersion: p.version - 1 })).rejects.toBeInstanceOf(ConflictError);
    expect(await status(p.id)).toBe(STATUS.pending);
  });

  it("asks for documents, sees the answer arrive, then decides", async () => {
    const p = await praticaInStatus(tdb.db, ente, service, citizen, op1, admin, STATUS.pending);
    const ctx = operatorCtx(tdb.db, ente, op1);
    const blank = await requestIntegration(ctx, p.id, { message: "  " }).catch((e: unknown) => e);
    expect(blank).toBeInstanceOf(ValidationError);
    expect((blank as ValidationError).fieldErrors.map((f) => [f.path, f.code])).toEqual([["message", "field.integration_message_required"]]);
    await requestIntegration(ctx, p.id, { message: "Serve la planimetria" });
    expect(await status(p.id)).toBe(STATUS.integration_requested);
    expect((await getPraticaDetail(ctx, p.id)).can.elabora).toBe(false);
    const { transition } = await import("@/lib/workflow/transition");
    await transition(citizenCtx(tdb.db, ente, citizen), p.id, "submit_integration", { message: "Ecco la planimetria" });
    const detail = await getPraticaDetail(ctx, p.id);
    expect(detail.pratica.status).toBe(STATUS.integration_submitted);
    expect(detail.iter.at(-1)?.message).toBe("Ecco la planimetria");
    expect(detail.can.elabora).toBe(true);
    const result = await decidePratica(ctx, p.id, { outcome: "rejected", motivation: "Planimetria non conforme" });
    expect(result.pratica.status).toBe(STATUS.rejected);
    expect((await getPraticaDetail(ctx, p.id)).iter.map((h) => h.event)).toEqual(["submit", "register", "assign", "request_integration", "submit_integration", "resume", "reject"]);
  });

  it("internal notes stay with the operators", async () => {
    const p = await praticaInStatus(tdb.db, ente, service, citizen, op1, admin, STATUS.pending);
    const ctx = operatorCtx(tdb.db, ente, op1);
    const empty = await postOperatorMessage(ctx, p.id, { body: " " }).catch((e: unknown) => e);
    expect((empty as ValidationError).fieldErrors.map((f) => [f.path, f.code])).toEqual([["body", "field.message_required"]]);
    const long = await postOperatorMessage(ctx, p.id, { body: "x".repeat(5001) }).catch((e: unknown) => e);
    expect((long as ValidationError).fieldErrors.map((f) => [f.path, f.code, f.params])).toEqual([["body", "field.max_chars", { max: 5000 }]]);
    await postOperatorMessage(ctx, p.id, { body: "Per il cittadino" });
    await postOperatorMessage(ctx, p.id, { body: "Solo per i colleghi", internal: true });
    await expect(postOperatorMessage(ctx, p.id, { body: "" })).rejects.toBeInstanceOf(ValidationError);
    expect((await listMessages(citizenCtx(tdb.db, ente, citizen), p.id)).map((m) => m.body)).toEqual(["Per il cittadino"]);
    expect((await getPraticaDetail(operatorCtx(tdb.db, ente, op2), p.id)).messages.map((m) => m.body)).toEqual(["Per il cittadino", "Solo per i colleghi"]);
  });

  it("an operator's message carries files: the citizen sees those of a message, never those of an internal note", async () => {
    const p = await praticaInStatus(tdb.db, ente, service, citizen, op1, admin, STATUS.pending);
    const ctx = operatorCtx(tdb.db, ente, op1);
    const shared = await storeCitizenFile({ filename: "modello da compilare.pdf", body: PDF });
    const note = await storeCitizenFile({ filename: "appunti.pdf", body: PDF });
    await postOperatorMessage(ctx, p.id, { body: "Le invio il modello" }, [shared]);
    await postOperatorMessage(ctx, p.id, { body: "Appunti per i colleghi", internal: true }, [note]);
    const seen = await listMessages(citizenCtx(tdb.db, ente, citizen), p.id);
    expect(seen.map((m) => [m.body, m.attachments.map((a) => a.filename)])).toEqual([["Le invio il modello", ["modello da compilare.pdf"]]]);
    const staff = (await getPraticaDetail(operatorCtx(tdb.db, ente, op2), p.id)).messages;
    expect(staff.map((m) => m.attachments.map((a) => a.filename))).toEqual([["modello da compilare.pdf"], ["appunti.pdf"]]);
    const citizenFiles = await listAttachments(citizenCtx(tdb.db, ente, citizen), p.id);
    expect(citizenFiles.map((a) => a.filename)).toContain("modello da compilare.pdf");
    expect(citizenFiles.map((a) => a.filename)).not.toContain("appunti.pdf");
    // A refused message stores nothing: no message, no attachment row.
    const orphan = await storeCitizenFile({ filename: "orfano.pdf", body: PDF });
    await expect(postOperatorMessage(ctx, p.id, { body: "  " }, [orphan])).rejects.toBeInstanceOf(ValidationError);
    expect((await getPraticaDetail(ctx, p.id)).attachments.map((a) => a.filename)).not.toContain("orfano.pdf");
  });
});
