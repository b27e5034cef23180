process.env.AUTH_SECRET ??= "c".repeat(40);

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ente, Service, User } from "@/db/schema";
import { createDraft } from "@/lib/pratiche/drafts";
import { listMyPraticheOfService } from "@/lib/portal/booking-pratiche";
import {
  addDaysToKey,
  bookingErrorText,
  bookingHref,
  failureNumber,
  hiddenFields,
  mondayOf,
  readBookingParams,
  resolveStep,
  stepForFailure,
  tokenOfManagePath,
} from "@/lib/portal/booking-wizard";
import { isChangeable, splitAppointments } from "@/lib/portal/my-appointments";
import { sealContact, unsealContact } from "@/lib/portal/booking-contact";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { citizenCtx, createCitizen, createEnte, createService, operatorCtx, createStaff, submittedPratica, systemCtx } from "./helpers/fixtures";

const OFFICE = "0b6c3c5e-6f0a-4c4e-9d55-3c1e2f5a7b01";
const PRATICA = "2f1d8e0a-1b2c-4d3e-8f4a-5b6c7d8e9f00";
const ORA = "2026-12-10T08:15:00.000Z";

describe("a guest's contact never travels in clear (lib/portal/booking-contact.ts)", () => {
  it("is sealed in the address, read back by this server only, and refused when altered or too old", () => {
    const now = new Date("2026-12-02T09:00:00Z");
    const sealed = sealContact({ nome: "Anna Neri", email: "anna.neri@example.com", telefono: "+39 320 1112233" }, now);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("anna");
    expect(Buffer.from(sealed, "base64url").toString("utf8")).not.toMatch(/anna|Neri|320/i);
    expect(unsealContact(sealed, new Date(now.getTime() + 3_600_000))).toEqual({ nome: "Anna Neri", email: "anna.neri@example.com", telefono: "+39 320 1112233" });
    expect(unsealContact(sealed, new Date(now.getTime() + 7 * 3_600_000))).toBeNull();
    const bytes = Buffer.from(Buffer.from(sealed, "base64url").toString("utf8"));
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 1;
    expect(unsealContact(Buffer.from(bytes.toString("utf8")).toString("base64url"), now)).toBeNull();
    expect(unsealContact("bm90LW91cnM", now)).toBeNull();
  });

  it("leaves name, email and phone out of every address and hidden field; an address naming them is not read", () => {
    const p = { servizio: "s", ufficio: OFFICE, ora: ORA, nome: "Anna Neri", email: "anna@example.com", telefono: "3201112233", contatto: "c2VhbGVk" };
    const href = bookingHref("e", p, { passo: "riepilogo" });
    expect(href).not.toMatch(/Anna|anna|320/);
    expect(href).toContain("contatto=c2VhbGVk");
    expect(hiddenFields(p, []).map(([k]) => k)).toEqual(["servizio", "ufficio", "ora", "contatto"]);
    expect(readBookingParams({ nome: "Anna", email: "anna@example.com", telefono: "3201112233", motivo: "Visita per invalidità" })).toEqual({});
    const both = sealContact({ motivo: "Visita per invalidità", nome: "Anna Neri" });
    expect(unsealContact(both)).toEqual({ motivo: "Visita per invalidità", nome: "Anna Neri" });
  });
});

describe("the wizard's state in the address (readBookingParams)", () => {
  it("reads the choices, trimmed, the first of a repeated name", () => {
    const p = readBookingParams({ servizio: " carta-identita ", ufficio: OFFICE, ora: [ORA, "2026-12-11T08:15:00.000Z"], passo: "dettagli", settimana: "2026-12-07" });
    expect(p).toEqual({ servizio: "carta-identita", ufficio: OFFICE, ora: ORA, passo: "dettagli", settimana: "2026-12-07" });
  });

  it("drops what is malformed instead of failing: a bad id, a date that does not exist, an unknown step, a crafted error code", () => {
    const p = readBookingParams({ servizio: "Not A Slug!", ufficio: "x' or 1=1", settimana: "2026-02-30", ora: "tomorrow", passo: "pagamento", errore: "<script>", pratica: "123", motivo: "" });
    expect(p).toEqual({});
  });

  it("refuses values longer than a field takes", () => {
    expect(readBookingParams({ motivo: "x".repeat(501), nome: "n".repeat(201), email: `${"e".repeat(250)}@a.it` })).toEqual({});
  });
});

describe("which step is shown (resolveStep)", () => {
  const full = { servizio: "carta-identita", ufficio: OFFICE, ora: ORA, motivo: "Carta d'identità elettronica" };

  it("the first step still to do when no step is asked for", () => {
    expect(resolveStep({}, { guest: true }).step).toBe("servizio");
    expect(resolveStep({ servizio: "s" }, { guest: true }).step).toBe("ufficio");
    expect(resolveStep({ servizio: "s", ufficio: OFFICE }, { guest: true }).step).toBe("orario");
    expect(resolveStep({ servizio: "s", ufficio: OFFICE, ora: ORA }, { guest: true }).step).toBe("dettagli");
  });

  it("pressing Avanti without choosing shows the same step again with what is missing", () => {
    expect(resolveStep({ servizio: "s", passo: "orario" }, { guest: true })).toEqual({ step: "ufficio", problems: { ufficio: "officeRequired" } });
    expect(resolveStep({ servizio: "s", ufficio: OFFICE, passo: "dettagli" }, { guest: true })).toEqual({ step: "orario", problems: { ora: "slotRequired" } });
    expect(resolveStep({ ...full, motivo: "  ", passo: "richiedente" }, { guest: true })).toEqual({ step: "dettagli", problems: { motivo: "reasonRequired" } });
  });

  it("a later step asked for with earlier choices missing (an edited address) shows the first missing one, without blaming the visitor", () => {
    expect(resolveStep({ servizio: "s", passo: "riepilogo" }, { guest: false })).toEqual({ step: "ufficio", problems: {} });
  });

  it("a guest reaches the summary only with name and a valid email; the phone is optional but must look like one", () => {
    expect(resolveStep({ ...full, passo: "riepilogo" }, { guest: true })).toEqual({ step: "richiedente", problems: { nome: "nameRequired", email: "emailInvalid" } });
    expect(resolveStep({ ...full, passo: "riepilogo", nome: "Anna Neri", email: "anna@", telefono: "abc" }, { guest: true })).toEqual({
      step: "richiedente",
      problems: { email: "emailInvalid", telefono: "phoneInvalid" },
    });
    expect(resolveStep({ ...full, passo: "riepilogo", nome: "Anna Neri", email: "anna.neri@example.com" }, { guest: true })).toEqual({ step: "riepilogo", problems: {} });
    expect(resolveStep({ ...full, passo: "riepilogo", nome: "Anna Neri", email: "anna.neri@example.com", telefono: "+39 0585 123456" }, { guest: true }).step).toBe("riepilogo");
  });

  it("a signed-in citizen needs no contact: it comes from the login", () => {
    expect(resolveStep({ ...full, passo: "riepilogo" }, { guest: false })).toEqual({ step: "riepilogo", problems: {} });
  });

  it("going back to an earlier step is always allowed", () => {
    expect(resolveStep({ ...full, passo: "ufficio" }, { guest: true }).step).toBe("ufficio");
  });
});

describe("addresses and hidden fields between steps", () => {
  it("carries the state, applies changes, never carries an error on", () => {
    const p = { servizio: "carta-identita", ufficio: OFFICE, errore: "appointments.slot_taken", pratica: PRATICA, motivo: "Rinnovo & altro" };
    const href = bookingHref("comune-di-bugliano", p, { passo: "orario", settimana: "2026-12-07" });
    const url = new URL(href, "http://x");
    expect(url.pathname).toBe("/comune-di-bugliano/prenota");
    // The reason is free text: it travels sealed (contatto), never in the address.
    expect(Object.fromEntries(url.searchParams)).toEqual({ servizio: "carta-identita", ufficio: OFFICE, pratica: PRATICA, settimana: "2026-12-07", passo: "orario" });
    expect(bookingHref("e", p, { ufficio: undefined })).toBe(`/e/prenota?servizio=carta-identita&pratica=${PRATICA}`);
    expect(bookingHref("e", {})).toBe("/e/prenota");
  });

  it("a step's form leaves out the fields it asks for", () => {
    expect(hiddenFields({ servizio: "s", ufficio: OFFICE, ora: ORA, pratica: PRATICA, passo: "orario" }, ["ora"])).toEqual([
      ["servizio", "s"],
      ["ufficio", OFFICE],
      ["pratica", PRATICA],
    ]);
  });

  it("a refused booking goes back to the step that can fix it", () => {
    expect(stepForFailure("appointments.slot_taken", [])).toBe("orario");
    expect(stepForFailure("appointments.slot_unavailable", [])).toBe("orario");
    expect(stepForFailure("appointments.service_not_offered", [])).toBe("ufficio");
    expect(stepForFailure("request.invalid_input", ["email"])).toBe("richiedente");
    expect(stepForFailure("request.invalid_input", ["motivo"])).toBe("dettagli");
    expect(stepForFailure("request.invalid_input", ["ora"])).toBe("orario");
    expect(stepForFailure("request.internal", [])).toBe("riepilogo");
    expect(stepForFailure("appointments.too_many", ["email"])).toBe("riepilogo");
    expect(stepForFailure("request.invalid_input", ["praticaId"])).toBe("dettagli");
  });

  it("weeks start on Monday, across months, years and the summer-time change", () => {
    expect(mondayOf("2026-12-10")).toBe("2026-12-07");
    expect(mondayOf("2026-12-07")).toBe("2026-12-07");
    expect(mondayOf("2026-12-13")).toBe("2026-12-07");
    expect(mondayOf("2027-01-01")).toBe("2026-12-28");
    expect(mondayOf("2027-03-28")).toBe("2027-03-22");
    expect(addDaysToKey("2027-03-22", 7)).toBe("2027-03-29");
    expect(addDaysToKey("2026-12-28", 7)).toBe("2027-01-04");
    expect(addDaysToKey("2026-10-25", -7)).toBe("2026-10-18");
  });

  it("a refusal's text from the address: catalogue codes only, one number only for the two refusals that take one", () => {
    expect(bookingErrorText("appointments.slot_taken", undefined, "it")).toContain("scegli un altro orario");
    expect(bookingErrorText("appointments.too_many", "3", "it")).toBe("Hai già 3 appuntamenti prenotati: annullane uno prima di prenotarne un altro");
    expect(bookingErrorText("request.rate_limited", "60", "en")).toContain("60");
    // Without its number, or with something else, a refusal with a parameter reads as the generic text; so does a made-up code.
    const generic = bookingErrorText("request.internal", undefined, "it");
    expect(bookingErrorText("appointments.too_many", undefined, "it")).toBe(generic);
    expect(bookingErrorText("appointments.too_many", "3<b>", "it")).toBe(generic);
    expect(bookingErrorText("appointments.not_changeable", "3", "it")).toBe(generic);
    expect(bookingErrorText("nessun.codice", undefined, "it")).toBe(generic);
    expect(failureNumber({ max: 3 })).toBe("3");
    expect(failureNumber({ seconds: 120 })).toBe("120");
    expect(failureNumber({ status: "annullato" })).toBeUndefined();
    expect(failureNumber(undefined)).toBeUndefined();
    expect(bookingHref("e", { servizio: "s", errore: "x", n: "3" })).toBe("/e/prenota?servizio=s");
  });

  it("the token is the manage path's last segment", () => {
    expect(tokenOfManagePath("/comune-di-bugliano/appuntamenti/abc.DEF_1-2")).toBe("abc.DEF_1-2");
  });
});

describe("the personal area's lists (splitAppointments, isChangeable)", () => {
  const now = new Date("2026-12-10T10:00:00Z");
  const at = (iso: string, status: "requested" | "confirmed" | "cancelled" | "done" | "no_show" | "refused", id: string) => ({
    id,
    status,
    startsAt: new Date(iso),
    endsAt: new Date(new Date(iso).getTime() + 15 * 60_000),
  });

  it("upcoming (requested or confirmed, not over) soonest first; everything else latest first", () => {
    const items = [
      at("2026-12-20T09:00:00Z", "confirmed", "later"),
      at("2026-12-11T09:00:00Z", "requested", "soon"),
      at("2026-12-12T09:00:00Z", "cancelled", "cancelled-future"),
      at("2026-12-01T09:00:00Z", "done", "done"),
      at("2026-12-09T09:00:00Z", "confirmed", "yesterday"),
      at("2026-12-10T09:50:00Z", "confirmed", "now"),
    ];
    const { upcoming, past } = splitAppointments(items, now);
    expect(upcoming.map((a) => a.id)).toEqual(["now", "soon", "later"]);
    expect(past.map((a) => a.id)).toEqual(["cancelled-future", "yesterday", "done"]);
  });

  it("only a requested or confirmed appointment not yet started can be cancelled or moved", () => {
    expect(isChangeable(at("2026-12-11T09:00:00Z", "confirmed", "a"), now)).toBe(true);
    expect(isChangeable(at("2026-12-11T09:00:00Z", "requested", "a"), now)).toBe(true);
    expect(isChangeable(at("2026-12-10T09:50:00Z", "confirmed", "a"), now)).toBe(false);
    expect(isChangeable(at("2026-12-11T09:00:00Z", "cancelled", "a"), now)).toBe(false);
    expect(isChangeable(at("2026-12-11T09:00:00Z", "refused", "a"), now)).toBe(false);
  });
});

describe("the pratiche a booking may be linked to (listMyPraticheOfService)", () => {
  let tdb: TestDatabase;
  let ente: Ente;
  let other: Ente;
  let service: Service;
  let otherService: Service;
  let citizen: User;
  let stranger: User;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    ente = await createEnte(tdb.db);
    other = await createEnte(tdb.db);
    service = await createService(tdb.db, ente);
    otherService = await createService(tdb.db, ente);
    citizen = await createCitizen(tdb.db);
    stranger = await createCitizen(tdb.db);
  });
  afterAll(async () => tdb?.close());

  it("the citizen's own submitted pratiche of that service in this ente, newest first; not drafts, other services, other people", async () => {
    const first = await submittedPratica(tdb.db, ente, service, citizen);
    const second = await submittedPratica(tdb.db, ente, service, citizen);
    await createDraft(citizenCtx(tdb.db, ente, citizen), service.id, { oggetto: "Bozza" });
    await submittedPratica(tdb.db, ente, otherService, citizen);
    await submittedPratica(tdb.db, ente, service, stranger);
    const rows = await listMyPraticheOfService(citizenCtx(tdb.db, ente, citizen), service.id);
    expect(rows.map((r) => r.id)).toEqual([second.id, first.id]);
    expect(rows[0]?.numero).toMatch(/^\d{4}-\d{6}$/);
  });

  it("nothing of another ente, even with the service's id", async () => {
    expect(await listMyPraticheOfService(citizenCtx(tdb.db, other, citizen), service.id)).toEqual([]);
  });

  it("refuses anyone but a citizen", async () => {
    const operator = await createStaff(tdb.db, ente, "operator", [service.id]);
    await expect(listMyPraticheOfService(operatorCtx(tdb.db, ente, operator), service.id)).rejects.toMatchObject({ code: "citizen.only_area" });
    await expect(listMyPraticheOfService(systemCtx(tdb.db, ente), service.id)).rejects.toMatchObject({ code: "citizen.only_area" });
  });
});
