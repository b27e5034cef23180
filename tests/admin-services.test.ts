import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, memberships, operatorServices, pratiche, serviceFormVersions, services, users } from "@/db/schema";
import { getFormVersion, listFormVersions, publishFormVersion } from "@/lib/admin/service-form";
import { countServiceOperators, createServiceAdmin, getServiceAdmin, listServicesAdmin, updateServiceAdmin } from "@/lib/admin/services";
import { toLocalDateTime } from "@/lib/time/wall-clock";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { createDraft } from "@/lib/pratiche/drafts";
import { submitPratica } from "@/lib/pratiche/submit";
import type { FormDefinition } from "@/lib/services/form-schema";
import { formDefinitionFor } from "@/lib/services/form-version";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, citizenCtx, createAdminWorld, createService, createStaff, operatorCtx, SIMPLE_FORM, submittedPratica, type AdminWorld } from "./helpers/fixtures";

let tdb: TestDatabase;
let w: AdminWorld;

beforeAll(async () => {
  tdb = await createTestDatabase();
  w = await createAdminWorld(tdb.db);
});
afterAll(async () => tdb?.close());

const ctx = () => adminCtx(tdb.db, w.ente, w.admin);

describe("create and edit a service", () => {
  it("creates a private service with a starter form (version 1) and an audit row", async () => {
    const s = await createServiceAdmin(ctx(), { name: "Contributo per lo sport", category: "Sport" });
    expect(s).toMatchObject({ slug: "contributo-per-lo-sport", status: "private", formVersion: 1, category: "Sport" });
    expect(await tdb.db.select().from(serviceFormVersions).where(eq(serviceFormVersions.serviceId, s.id))).toHaveLength(1);
    expect((await listServicesAdmin(ctx())).map((r) => r.id)).toContain(s.id);
    await expect(createServiceAdmin(ctx(), { name: "Contributo per lo sport" })).rejects.toBeInstanceOf(ValidationError);
    const [a] = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, s.id), eq(auditLog.action, "service.create")));
    expect(a?.actorId).toBe(w.admin.id);
  });

  it("edits each section and audits which fields changed", async () => {
    await updateServiceAdmin(ctx(), w.service.id, { section: "general", name: "Servizio rinominato", category: "Tributi", status: "suspended" });
    await updateServiceAdmin(ctx(), w.service.id, { section: "sheet", description: "Una descrizione", costs: "Gratuito" });
    await updateServiceAdmin(ctx(), w.service.id, {
      section: "options",
      protocolRequired: "on",
      protocolMode: "external",
      classificazione: "6.3",
      ufficio: " ",
      maxResponseDays: "45",
      allowWithdraw: "on",
    });
    await updateServiceAdmin(ctx(), w.service.id, { section: "steps", stepTexts: { dati: "Testo dello step", vuoto: "  " } });
    await updateServiceAdmin(ctx(), w.service.id, { section: "emails", emailTexts: { "4000": { enabled: false }, "7000": { enabled: true, subject: "Esito per %servizio%", body: "Pratica %pratica_id%: %stato%" } } });
    const s = await getServiceAdmin(ctx(), w.service.id);
    expect(s).toMatchObject({
      name: "Servizio rinominato",
      category: "Tributi",
      status: "suspended",
      protocolRequired: true,
      protocolMode: "external",
      protocolParams: { classificazione: "6.3" },
      allowWithdraw: true,
      allowReopen: false,
      allowIntegrationRequests: false,
      maxResponseDays: 45,
      stepTexts: { dati: "Testo dello step" },
      emailTexts: { "4000": { enabled: false }, "7000": { enabled: true, subject: "Esito per %servizio%", body: "Pratica %pratica_id%: %stato%" } },
    });
    expect(s.infoSheet.description).toBe("Una descrizione");
    const audits = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, w.service.id), eq(auditLog.action, "service.update")));
    expect(audits.map((a) => a.data.section)).toEqual(["general", "sheet", "options", "steps", "emails"]);
    expect(audits[0]?.data.changed).toEqual(["name", "category", "status"]);
  });

  it("a scheduled service needs dates in order; dates are the ente's wall-clock time", async () => {
    const err = await updateServiceAdmin(ctx(), w.service.id, { section: "general", name: "Servizio", category: "Tributi", status: "scheduled" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    await expect(
      updateServiceAdmin(ctx(), w.service.id, { section: "general", name: "Servizio", category: "Tributi", status: "scheduled", scheduledFrom: "2026-09-10T09:00", scheduledTo: "2026-09-01T09:00" }),
    ).rejects.toBeInstanceOf(ValidationError);
    const s = await updateServiceAdmin(ctx(), w.service.id, { section: "general", name: "Servizio", category: "Tributi", status: "scheduled", scheduledFrom: "2026-09-01T09:00", scheduledTo: "2026-12-31T18:00" });
    expect(s.scheduledFrom?.toISOString()).toBe("2026-09-01T07:00:00.000Z"); // CEST
    expect(s.scheduledTo?.toISOString()).toBe("2026-12-31T17:00:00.000Z"); // CET
    expect(toLocalDateTime(s.scheduledFrom, "Europe/Rome")).toBe("2026-09-01T09:00");
  });

  it("refuses bad input with field errors: unknown placeholders, bad days, bad status", async () => {
    const e1 = await updateServiceAdmin(ctx(), w.service.id, { section: "emails", emailTexts: { "2000": { enabled: true, body: "Ciao %nome_operatore%" } } }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ValidationError);
    expect((e1 as ValidationError).fieldErrors[0]?.message).toMatch(/nome_operatore/);
    await expect(updateServiceAdmin(ctx(), w.service.id, { section: "options", protocolMode: "builtin", maxResponseDays: "0" })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateServiceAdmin(ctx(), w.service.id, { section: "general", name: "Servizio", category: "X", status: "chiuso" })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateServiceAdmin(ctx(), w.service.id, { section: "bogus" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("is forbidden to operators and citizens; other entes' services are not found", async () => {
    const edit = { section: "sheet", description: "x" };
    await expect(updateServiceAdmin(operatorCtx(tdb.db, w.ente, w.operator), w.service.id, edit)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateServiceAdmin(citizenCtx(tdb.db, w.ente, w.citizen), w.service.id, edit)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createServiceAdmin(operatorCtx(tdb.db, w.ente, w.operator), { name: "Nuovo servizio" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateServiceAdmin(ctx(), w.otherService.id, edit)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getServiceAdmin(ctx(), w.otherService.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(publishFormVersion(ctx(), w.otherService.id, SIMPLE_FORM)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateServiceAdmin(adminCtx(tdb.db, w.ente, w.otherAdmin), w.service.id, edit)).rejects.toBeInstanceOf(ForbiddenError);
    const [s] = await tdb.db.select().from(services).where(eq(services.id, w.otherService.id));
    expect(s?.infoSheet.description).toBe("");
  });
});

describe("form versions", () => {
  const V2: FormDefinition = {
    pages: [
      {
        id: "dati",
        title: "Dati",
        items: [
          { type: "text", name: "oggetto", label: "Oggetto", required: true },
          { type: "number", name: "importo", label: "Importo richiesto", required: true, min: 1 },
        ],
      },
    ],
  };

  it("publishing bumps the version; existing pratiche and drafts keep the one they were filled with", async () => {
    const svc = await createService(tdb.db, w.ente);
    const before = await submittedPratica(tdb.db, w.ente, svc, w.citizen);
    const draft = await createDraft(citizenCtx(tdb.db, w.ente, w.citizen), svc.id, { oggetto: "Bozza iniziata prima" });
    expect(before.formVersion).toBe(1);

    const res = await publishFormVersion(ctx(), svc.id, V2, { expectedVersion: 1 });
    expect(res).toEqual({ version: 2, changed: true });
    const [fresh] = await tdb.db.select().from(services).where(eq(services.id, svc.id));
    expect(fresh?.formVersion).toBe(2);
    expect((await listFormVersions(ctx(), svc.id)).map((v) => v.version)).toEqual([2, 1]);
    // Each version can be read back as it was, by this ente's admins only.
    expect((await getFormVersion(ctx(), svc.id, 1)).definition).toEqual(SIMPLE_FORM);
    expect((await getFormVersion(ctx(), svc.id, 2)).definition).toEqual(V2);
    await expect(getFormVersion(ctx(), svc.id, 3)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getFormVersion(adminCtx(tdb.db, w.other, w.otherAdmin), svc.id, 1)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getFormVersion(operatorCtx(tdb.db, w.ente, w.operator), svc.id, 1)).rejects.toBeInstanceOf(ForbiddenError);
    // A version stored under older rules that no longer parses is returned without a definition, not thrown.
    await tdb.db.insert(serviceFormVersions).values({ serviceId: svc.id, version: 90, definition: { pages: "non un elenco" } as unknown as FormDefinition });
    expect(await getFormVersion(ctx(), svc.id, 90)).toMatchObject({ version: 90, definition: null });
    await tdb.db.delete(serviceFormVersions).where(and(eq(serviceFormVersions.serviceId, svc.id), eq(serviceFormVersions.version, 90)));

    // The old pratica still reads with version 1.
    const [old] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, before.id));
    expect(old?.formVersion).toBe(1);
    if (!fresh) throw new Error("service");
    expect(await formDefinitionFor(tdb.db, fresh, 1)).toEqual(SIMPLE_FORM);
    // The draft begun on version 1 is submitted against version 1 (no "importo" needed).
    const { pratica } = await submitPratica(citizenCtx(tdb.db, w.ente, w.citizen), draft.id);
    expect(pratica.formVersion).toBe(1);
    // A new draft uses version 2 and its validation.
    const d2 = await createDraft(citizenCtx(tdb.db, w.ente, w.citizen), svc.id, { oggetto: "Nuova" });
    expect(d2.formVersion).toBe(2);
    await expect(submitPratica(citizenCtx(tdb.db, w.ente, w.citizen), d2.id)).rejects.toBeInstanceOf(ValidationError);

    const audits = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, svc.id), eq(auditLog.action, "service.form_publish")));
    expect(audits.map((a) => a.data)).toEqual([{ version: 2, previous: 1 }]);
  });

  it("an unchanged form publishes nothing; a stale editor is refused; an invalid form names the problem", async () => {
    const svc = await createService(tdb.db, w.ente);
    expect(await publishFormVersion(ctx(), svc.id, SIMPLE_FORM)).toEqual({ version: 1, changed: false });
    await publishFormVersion(ctx(), svc.id, V2, { expectedVersion: 1 });
    await expect(publishFormVersion(ctx(), svc.id, SIMPLE_FORM, { expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
    const dup = { pages: [{ id: "p", title: "P", items: [{ type: "text", name: "a", label: "A" }, { type: "email", name: "a", label: "B" }] }] };
    const err = await publishFormVersion(ctx(), svc.id, dup).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors[0]?.message).toMatch(/Nome di campo duplicato: «a»/);
    const bad = await publishFormVersion(ctx(), svc.id, { pages: [{ id: "p", title: "P", items: [{ type: "select", name: "s", label: "S", options: [] }] }] }).catch((e: unknown) => e);
    expect((bad as ValidationError).fieldErrors[0]?.path).toBe("pages.0.items.0.options");
    const [s] = await tdb.db.select().from(services).where(eq(services.id, svc.id));
    expect(s?.formVersion).toBe(2);
  });

  it("two admins publishing from the same version: exactly one wins", async () => {
    const svc = await createService(tdb.db, w.ente);
    const second = await createStaff(tdb.db, w.ente, "admin");
    const variant = (label: string): FormDefinition => ({ pages: [{ id: "dati", title: "Dati", items: [{ type: "text", name: "oggetto", label, required: true }] }] });
    const results = await Promise.allSettled([
      publishFormVersion(ctx(), svc.id, variant("Uno"), { expectedVersion: 1 }),
      publishFormVersion(adminCtx(tdb.db, w.ente, second), svc.id, variant("Due"), { expectedVersion: 1 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof ConflictError)).toHaveLength(1);
    expect((await listFormVersions(ctx(), svc.id)).map((v) => v.version)).toEqual([2, 1]);
  });
});

describe("a service opens to citizens only with an operator to receive its pratiche", () => {
  const general = (status: string, extra: Record<string, string> = {}) => ({ section: "general", name: "Servizio nuovo", category: "Tributi", status, ...extra });
  const statusError = async (p: Promise<unknown>) => {
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).fieldErrors.find((f) => f.path === "status")?.message;
  };

  it("refuses available and scheduled with a field error on the status while no active operator is enabled", async () => {
    const s = await createServiceAdmin(ctx(), { name: "Servizio senza operatori", category: "Tributi" });
    expect(await countServiceOperators(ctx(), s.id)).toBe(0);
    expect(await statusError(updateServiceAdmin(ctx(), s.id, general("available")))).toMatch(/abilitane almeno uno in «Operatori»/);
    expect(await statusError(updateServiceAdmin(ctx(), s.id, general("scheduled", { scheduledFrom: "2030-09-01T09:00" })))).toMatch(/Nessun operatore/);
    // Nothing half-written: the refused save changed nothing, not even the name.
    expect(await getServiceAdmin(ctx(), s.id)).toMatchObject({ status: "private", name: "Servizio senza operatori" });
    // Closed statuses need nobody.
    await updateServiceAdmin(ctx(), s.id, general("suspended"));

    // An admin-only member enabled on it, a disabled operator, a disabled account: still nobody to receive.
    await createStaff(tdb.db, w.ente, "admin", [s.id]);
    const disabledMember = await createStaff(tdb.db, w.ente, "operator", [s.id]);
    await tdb.db.update(memberships).set({ disabledAt: new Date() }).where(eq(memberships.userId, disabledMember.id));
    const disabledUser = await createStaff(tdb.db, w.ente, "operator", [s.id]);
    await tdb.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabledUser.id));
    const elsewhere = await createStaff(tdb.db, w.other, "operator");
    await tdb.db.insert(operatorServices).values({ userId: elsewhere.id, serviceId: s.id });
    expect(await countServiceOperators(ctx(), s.id)).toBe(0);
    expect(await statusError(updateServiceAdmin(ctx(), s.id, general("available")))).toMatch(/Nessun operatore/);

    await createStaff(tdb.db, w.ente, "operator", [s.id]);
    expect(await countServiceOperators(ctx(), s.id)).toBe(1);
    expect(await updateServiceAdmin(ctx(), s.id, general("available"))).toMatchObject({ status: "available" });
  });

  it("saving one section leaves the others' fields as they were", async () => {
    const s = await createService(tdb.db, w.ente);
    await updateServiceAdmin(ctx(), s.id, { section: "sheet", description: "Testo della scheda", costs: "Nessuno" });
    await updateServiceAdmin(ctx(), s.id, { section: "general", name: "Nome cambiato", category: "Altro", status: "suspended" });
    const after = await getServiceAdmin(ctx(), s.id);
    expect(after.infoSheet).toMatchObject({ description: "Testo della scheda", costs: "Nessuno" });
    await updateServiceAdmin(ctx(), s.id, { section: "sheet", description: "Seconda versione" });
    expect(await getServiceAdmin(ctx(), s.id)).toMatchObject({ name: "Nome cambiato", status: "suspended" });
  });
});
