import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enti, services } from "@/db/schema";
import { calendarToLines } from "@/lib/admin/service-input";
import { getServiceAdmin, updateServiceAdmin } from "@/lib/admin/services";
import { updateEnteSettings } from "@/lib/admin/settings";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { listCatalogue, listRelatedServices } from "@/lib/portal/catalogue";
import { readInfoSheet } from "@/lib/services/sheet";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createAdminWorld, createService, operatorCtx, type AdminWorld } from "./helpers/fixtures";

let tdb: TestDatabase;
let w: AdminWorld;

beforeAll(async () => {
  tdb = await createTestDatabase();
  w = await createAdminWorld(tdb.db);
});
afterAll(async () => tdb?.close());

const ctx = () => adminCtx(tdb.db, w.ente, w.admin);

/** The refusal's field errors as "path code", so a test names exactly what was refused. */
async function refusal(p: Promise<unknown>): Promise<string[]> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fieldErrors.map((f) => `${f.path} ${f.code}`);
}

/** What the admin form posts for the sheet section (every text empty unless given). */
const sheetForm = (over: Record<string, unknown> = {}) => ({
  section: "sheet",
  description: "Descrizione del servizio",
  whoCanApply: "Residenti",
  calendar: "",
  topics: [],
  relatedServices: [],
  office: { name: "", address: "", phone: "", email: "", hours: "" },
  ...over,
});

describe("service sheet (scheda servizio) from the admin editor", () => {
  it("saves the calendar lines, office, topics, related services, conditions document and booking link", async () => {
    const related = await createService(tdb.db, w.ente, { name: "Servizio vicino" });
    await updateServiceAdmin(
      ctx(),
      w.service.id,
      sheetForm({
        calendar: "2027-03-01 | Apertura del bando\n\n  Entro 30 giorni |  Esito della domanda ",
        topics: ["Istruzione", "Residenza"],
        relatedServices: [related.slug],
        office: { name: "Ufficio scuola", address: "Piazza del Municipio 1", phone: "+39 0587 000040", email: "scuola@prova.example", hours: "Martedì 9-12" },
        conditionsFileUrl: "https://www.comune.prova.example/condizioni.pdf",
        bookingUrl: "/prenota",
        accessText: "Accedi con SPID o CIE.",
      }),
    );
    const sheet = readInfoSheet((await getServiceAdmin(ctx(), w.service.id)).infoSheet);
    expect(sheet.calendar).toEqual([
      { when: "2027-03-01", what: "Apertura del bando" },
      { when: "Entro 30 giorni", what: "Esito della domanda" },
    ]);
    expect(calendarToLines(sheet.calendar)).toBe("2027-03-01 | Apertura del bando\nEntro 30 giorni | Esito della domanda");
    expect(sheet).toMatchObject({ topics: ["Istruzione", "Residenza"], relatedServices: [related.slug], conditionsFileUrl: "https://www.comune.prova.example/condizioni.pdf", bookingUrl: "/prenota" });
    expect(sheet.office.name).toBe("Ufficio scuola");
    // The portal finds the service by its topic and shows the related one.
    await tdb.db.update(services).set({ status: "private" }).where(eq(services.id, w.service.id));
    expect((await listCatalogue(tdb.db, w.ente, { topic: "Istruzione" })).entries).toEqual([]); // private: not in the catalogue
    await tdb.db.update(services).set({ status: "available" }).where(eq(services.id, w.service.id));
    expect((await listCatalogue(tdb.db, w.ente, { topic: "Istruzione" })).entries.map((e) => e.slug)).toEqual([w.service.slug]);
    expect((await listCatalogue(tdb.db, w.ente, { topic: "Sport" })).entries).toEqual([]);
    await tdb.db.update(services).set({ status: "available" }).where(eq(services.id, related.id));
    expect((await listRelatedServices(tdb.db, w.ente, [related.slug, "non-esiste"])).map((e) => e.slug)).toEqual([related.slug]);
  });

  it("refuses bad input with codes: calendar lines, unknown topics, links, related services", async () => {
    expect(await refusal(updateServiceAdmin(ctx(), w.service.id, sheetForm({ calendar: "2027-03-01 | Apertura\nsolo testo senza barra\n | cosa" })))).toEqual([
      "calendar service.calendar_line",
      "calendar service.calendar_line",
    ]);
    const err = (await updateServiceAdmin(ctx(), w.service.id, sheetForm({ calendar: "a | b\nriga sbagliata" })).catch((e: unknown) => e)) as ValidationError;
    expect(err.fieldErrors[0]).toMatchObject({ code: "service.calendar_line", params: { line: 2 } });

    expect(await refusal(updateServiceAdmin(ctx(), w.service.id, sheetForm({ topics: ["Argomento inventato"] })))).toEqual(["topics.0 field.invalid_value"]);
    for (const bad of ["javascript:alert(1)", "http://insicuro.example/doc.pdf", "//altro.example/x", "ftp://x"]) {
      expect(await refusal(updateServiceAdmin(ctx(), w.service.id, sheetForm({ conditionsFileUrl: bad })))).toEqual(["conditionsFileUrl field.link_url"]);
      expect(await refusal(updateServiceAdmin(ctx(), w.service.id, sheetForm({ bookingUrl: bad })))).toEqual(["bookingUrl field.link_url"]);
    }
    expect(await refusal(updateServiceAdmin(ctx(), w.service.id, sheetForm({ relatedServices: ["servizio-inventato"] })))).toEqual(["relatedServices service.related_unknown"]);
    expect(await refusal(updateServiceAdmin(ctx(), w.service.id, sheetForm({ relatedServices: [w.service.slug] })))).toEqual(["relatedServices service.related_self"]);
    expect(await refusal(updateServiceAdmin(ctx(), w.service.id, sheetForm({ office: { name: "x".repeat(201) } })))).toEqual(["office.name field.max_chars"]);
    // Nothing of the refused input was stored.
    const sheet = readInfoSheet((await getServiceAdmin(ctx(), w.service.id)).infoSheet);
    expect(sheet.topics).toEqual(["Istruzione", "Residenza"]);
    expect(sheet.bookingUrl).toBe("/prenota");
  });

  it("keeps tenants apart: another ente's service is neither related nor editable, and only admins edit", async () => {
    // The other ente's slug is as unknown here as a made-up one.
    expect(await refusal(updateServiceAdmin(ctx(), w.service.id, sheetForm({ relatedServices: [w.otherService.slug] })))).toEqual(["relatedServices service.related_unknown"]);
    await tdb.db.update(services).set({ status: "available" }).where(eq(services.id, w.otherService.id));
    expect(await listRelatedServices(tdb.db, w.ente, [w.otherService.slug])).toEqual([]);
    await expect(updateServiceAdmin(ctx(), w.otherService.id, sheetForm())).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateServiceAdmin(adminCtx(tdb.db, w.ente, w.otherAdmin), w.service.id, sheetForm())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateServiceAdmin(operatorCtx(tdb.db, w.ente, w.operator), w.service.id, sheetForm())).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("reads sheets stored before the new fields with their defaults", () => {
    const old = { description: "d", whoCanApply: "", howToApply: "", whatYouNeed: "", whatYouGet: "", costs: "", timesAndDeadlines: "", conditions: "", contacts: "" };
    expect(readInfoSheet(old)).toMatchObject({ description: "d", calendar: [], topics: [], relatedServices: [], bookingUrl: "", office: { name: "" } });
  });
});

describe("accessibility statement URL (settings)", () => {
  const base = { name: "Comune di Prova", primaryColor: "#0066cc", languages: ["it", "en"], defaultLanguage: "it", quietHoursStart: "20:00", quietHoursEnd: "08:00", holidays: "", reminderDays: "7" };

  it("takes the AgID form address, refuses any other, and clears on blank", async () => {
    const url = "https://form.agid.gov.it/view/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    expect((await updateEnteSettings(ctx(), { ...base, accessibilityUrl: url })).accessibilityUrl).toBe(url);
    for (const [bad, code] of [
      ["non un indirizzo", "field.url"],
      ["https://www.comune.prova.example/accessibilita", "settings.accessibility_agid"],
      ["http://form.agid.gov.it/view/abc", "settings.accessibility_agid"],
      ["https://form.agid.gov.it/", "settings.accessibility_agid"],
    ] as const) {
      expect(await refusal(updateEnteSettings(ctx(), { ...base, accessibilityUrl: bad }))).toEqual([`accessibilityUrl ${code}`]);
    }
    const [row] = await tdb.db.select().from(enti).where(eq(enti.id, w.ente.id));
    expect(row?.accessibilityUrl).toBe(url);
    expect((await updateEnteSettings(ctx(), { ...base, accessibilityUrl: "  " })).accessibilityUrl).toBeNull();
    // The other ente is untouched.
    const [other] = await tdb.db.select().from(enti).where(eq(enti.id, w.other.id));
    expect(other?.accessibilityUrl).toBeNull();
  });
});
