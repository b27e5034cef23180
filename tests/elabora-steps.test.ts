import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, auditLog, enti, outbox, pratiche, services, statusHistory, type Ente, type Service, type User } from "@/db/schema";
import { parseOperatorSteps, updateOperatorSteps } from "@/lib/admin/operator-steps";
import { decidePratica } from "@/lib/backoffice/manage";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { concludePratica } from "@/lib/pratiche/conclude";
import type { FormPage } from "@/lib/services/form-schema";
import { operatorStepsSchema } from "@/lib/services/operator-steps";
import { STATUS } from "@/lib/workflow/states";
import { getStorage } from "@/lib/storage";
import { pdfText as readPdfText } from "./helpers/pdf-text";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createCitizen, createEnte, createService, createStaff, operatorCtx, praticaInStatus } from "./helpers/fixtures";

const ISTRUTTORIA: FormPage[] = [
  {
    id: "istruttoria",
    title: "Istruttoria",
    items: [
      { type: "select", name: "esitoSopralluogo", label: "Esito del sopralluogo", required: true, options: [
        { value: "favorevole", label: "Favorevole" },
        { value: "favorevole_con_prescrizioni", label: "Favorevole con prescrizioni" },
        { value: "non_necessario", label: "Non necessario" },
      ] },
      { type: "textarea", name: "prescrizioni", label: "Prescrizioni", required: false },
    ],
  },
];

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let withSteps: Service;
let plain: Service;
let otherService: Service;
let citizen: User;
let operator: User;
let admin: User;
let otherAdmin: User;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  other = await createEnte(tdb.db);
  withSteps = await createService(tdb.db, ente, { operatorSteps: ISTRUTTORIA });
  plain = await createService(tdb.db, ente);
  otherService = await createService(tdb.db, other);
  citizen = await createCitizen(tdb.db);
  operator = await createStaff(tdb.db, ente, "operator", [withSteps.id, plain.id]);
  admin = await createStaff(tdb.db, ente, "admin");
  otherAdmin = await createStaff(tdb.db, other, "admin");
});
afterAll(async () => tdb?.close());

const pending = (service: Service) => praticaInStatus(tdb.db, ente, service, citizen, operator, admin, STATUS.pending);
const octx = () => operatorCtx(tdb.db, ente, operator);

/** The text of a stored PDF (tests/helpers/pdf-text.ts). */
async function pdfText(storageKey: string): Promise<string> {
  return readPdfText(await (await getStorage()).get(storageKey));
}

describe("concludePratica with the service's operator steps", () => {
  it("refuses a decision without the required step answers and writes nothing", async () => {
    const p = await pending(withSteps);
    const before = await tdb.db.select().from(statusHistory).where(eq(statusHistory.praticaId, p.id));
    const err = await concludePratica(octx(), p.id, { outcome: "accepted", motivation: "Tutto in regola" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors).toEqual([{ path: "esitoSopralluogo", code: "field.custom", params: { detail: "Campo obbligatorio" }, message: "Campo obbligatorio" }]);
    const bad = await concludePratica(octx(), p.id, { outcome: "accepted", motivation: "x", operatorData: { esitoSopralluogo: "forse" } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).fieldErrors[0]?.path).toBe("esitoSopralluogo");

    const [row] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id));
    expect(row).toMatchObject({ status: STATUS.pending, outcome: null, operatorData: {}, version: p.version });
    expect(await tdb.db.select().from(statusHistory).where(eq(statusHistory.praticaId, p.id))).toHaveLength(before.length);
    expect(await tdb.db.select().from(attachments).where(and(eq(attachments.praticaId, p.id), eq(attachments.purpose, "response_document")))).toHaveLength(0);
    expect(await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.kind, "outcome_ready")))).toHaveLength(0);
  });

  it("stores the answers with the decision, and the esito PDF lists them", async () => {
    const p = await pending(withSteps);
    const { pratica } = await concludePratica(octx(), p.id, {
      outcome: "accepted",
      motivation: "Tutto in regola",
      operatorData: { esitoSopralluogo: "favorevole_con_prescrizioni", prescrizioni: "  Lasciare libero il passaggio pedonale  ", estraneo: "ignorato" },
    });
    expect(pratica).toMatchObject({ status: STATUS.accepted, outcome: "accepted" });
    const [row] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id));
    expect(row?.operatorData).toEqual({ esitoSopralluogo: "favorevole_con_prescrizioni", prescrizioni: "Lasciare libero il passaggio pedonale" });
    const [esito] = await tdb.db.select().from(attachments).where(and(eq(attachments.praticaId, p.id), eq(attachments.purpose, "response_document")));
    expect(esito).toBeDefined();
    const text = await pdfText(esito?.storageKey ?? "");
    expect(text).toContain("Istruttoria");
    expect(text).toContain("Esito del sopralluogo");
    expect(text).toContain("Favorevole con prescrizioni");
    expect(text).toContain("Lasciare libero il passaggio pedonale");
  });

  it("the back-office decision checks the answers before anything moves (also from integrations received)", async () => {
    const p = await praticaInStatus(tdb.db, ente, withSteps, citizen, operator, admin, STATUS.integration_submitted);
    await expect(decidePratica(octx(), p.id, { outcome: "rejected", motivation: "No" })).rejects.toBeInstanceOf(ValidationError);
    await expect(decidePratica(octx(), p.id, { outcome: "rejected", motivation: "No", operatorData: ["x"] })).rejects.toBeInstanceOf(ValidationError);
    const [still] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id));
    expect(still?.status).toBe(STATUS.integration_submitted);
    const done = await decidePratica(octx(), p.id, { outcome: "rejected", motivation: "Non conforme", operatorData: { esitoSopralluogo: "non_necessario" } });
    expect(done.pratica).toMatchObject({ status: STATUS.rejected, operatorData: { esitoSopralluogo: "non_necessario" } });
  });

  it("services without operator steps behave as before", async () => {
    const p = await pending(plain);
    const { pratica } = await concludePratica(octx(), p.id, { outcome: "rejected", motivation: "Mancano i requisiti" });
    expect(pratica).toMatchObject({ status: STATUS.rejected, operatorData: {} });
    const [esito] = await tdb.db.select().from(attachments).where(and(eq(attachments.praticaId, p.id), eq(attachments.purpose, "response_document")));
    expect(await pdfText(esito?.storageKey ?? "")).not.toContain("Istruttoria");
  });

  it("the esito PDF is written in the municipality's own language", async () => {
    const itDecision = await concludePratica(octx(), (await pending(plain)).id, { outcome: "accepted", motivation: "In regola" });
    const [itPdf] = await tdb.db.select().from(attachments).where(and(eq(attachments.praticaId, itDecision.pratica.id), eq(attachments.purpose, "response_document")));
    const itText = await pdfText(itPdf?.storageKey ?? "");
    expect(itText).toContain("Provvedimento di conclusione del procedimento");
    expect(itText).toContain("ACCOGLIE la richiesta.");
    expect(itText).toContain("Motivazione");
    // The act is issued with the ente as the registry reads it from the database: its own language, set there.
    await tdb.db.update(enti).set({ defaultLanguage: "en" }).where(eq(enti.id, ente.id));
    const english = { ...ente, defaultLanguage: "en" };
    const en = await concludePratica(operatorCtx(tdb.db, english, operator), (await pending(plain)).id, { outcome: "rejected", motivation: "Missing requirements" });
    await tdb.db.update(enti).set({ defaultLanguage: ente.defaultLanguage }).where(eq(enti.id, ente.id));
    const [enPdf] = await tdb.db.select().from(attachments).where(and(eq(attachments.praticaId, en.pratica.id), eq(attachments.purpose, "response_document")));
    const enText = await pdfText(enPdf?.storageKey ?? "");
    expect(enText).toContain("Decision concluding the procedure");
    expect(enText).toContain("DOES NOT GRANT the request.");
    expect(enText).not.toContain("Motivazione");
  });
});

describe("operator steps definition", () => {
  it("refuses file fields, duplicate names, duplicate ids and more than 10 pages", () => {
    const withFile = [{ id: "a", title: "A", items: [{ type: "file", name: "doc", label: "Documento" }] }];
    expect(operatorStepsSchema.safeParse(withFile).success).toBe(false);
    const inFieldset = [{ id: "a", title: "A", items: [{ type: "fieldset", id: "f", legend: "F", fields: [{ type: "file", name: "doc", label: "D" }] }] }];
    expect(operatorStepsSchema.safeParse(inFieldset).success).toBe(false);
    const dup = [
      { id: "a", title: "A", items: [{ type: "text", name: "x", label: "X" }] },
      { id: "b", title: "B", items: [{ type: "text", name: "x", label: "X" }] },
    ];
    expect(operatorStepsSchema.safeParse(dup).success).toBe(false);
    const dupId = [
      { id: "a", title: "A", items: [{ type: "text", name: "x", label: "X" }] },
      { id: "a", title: "B", items: [{ type: "text", name: "y", label: "Y" }] },
    ];
    expect(operatorStepsSchema.safeParse(dupId).success).toBe(false);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ id: `p${i}`, title: "P", items: [{ type: "text", name: `f${i}`, label: "F" }] }));
    expect(operatorStepsSchema.safeParse(eleven).success).toBe(false);
    expect(operatorStepsSchema.safeParse(eleven.slice(0, 10)).success).toBe(true);
    expect(operatorStepsSchema.safeParse([]).success).toBe(true);
  });

  it("explains problems in Italian, naming the place", () => {
    const err = (json: string) => {
      try {
        parseOperatorSteps(json);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).fieldErrors.map((f) => f.message).join(" | ");
      }
      throw new Error("expected a ValidationError");
    };
    expect(err("{not json")).toMatch(/^JSON non valido/);
    expect(err(JSON.stringify([{ id: "a", title: "A", items: [{ type: "file", name: "doc", label: "D" }] }]))).toContain("non sono ammessi campi file");
    expect(err(JSON.stringify([{ id: "a", title: "", items: [{ type: "text", name: "x", label: "X" }] }]))).toContain("step 1, title");
    expect(err(JSON.stringify({ pages: [] }))).toContain("lista");
    expect(parseOperatorSteps("")).toEqual([]);
  });
});

describe("admin: updateOperatorSteps", () => {
  it("validates, saves and audits; unchanged saves write no audit row", async () => {
    const s = await createService(tdb.db, ente);
    const json = JSON.stringify(ISTRUTTORIA);
    await expect(updateOperatorSteps(adminCtx(tdb.db, ente, admin), s.id, JSON.stringify([{ id: "a", title: "A", items: [{ type: "file", name: "d", label: "D" }] }]))).rejects.toBeInstanceOf(ValidationError);
    await expect(updateOperatorSteps(adminCtx(tdb.db, ente, admin), s.id, "[")).rejects.toBeInstanceOf(ValidationError);
    const [untouched] = await tdb.db.select().from(services).where(eq(services.id, s.id));
    expect(untouched?.operatorSteps).toEqual([]);

    const saved = await updateOperatorSteps(adminCtx(tdb.db, ente, admin), s.id, json);
    expect(saved.operatorSteps[0]?.id).toBe("istruttoria");
    await updateOperatorSteps(adminCtx(tdb.db, ente, admin), s.id, json);
    const audits = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, s.id), eq(auditLog.action, "service.update_operator_steps")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: admin.id, data: { steps: ["istruttoria"], previous: [] } });

    await updateOperatorSteps(adminCtx(tdb.db, ente, admin), s.id, "[]");
    const [cleared] = await tdb.db.select().from(services).where(eq(services.id, s.id));
    expect(cleared?.operatorSteps).toEqual([]);
  });

  it("is refused to operators and to admins of another ente", async () => {
    const json = JSON.stringify(ISTRUTTORIA);
    await expect(updateOperatorSteps(operatorCtx(tdb.db, ente, operator), plain.id, json)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateOperatorSteps(adminCtx(tdb.db, other, otherAdmin), plain.id, json)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateOperatorSteps(adminCtx(tdb.db, ente, admin), otherService.id, json)).rejects.toBeInstanceOf(NotFoundError);
    const [row] = await tdb.db.select().from(services).where(eq(services.id, plain.id));
    expect(row?.operatorSteps).toEqual([]);
  });
});
