import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, praticaCounters, pratiche, type Ente, type Service, type User } from "@/db/schema";
import { listDashboard, searchWords } from "@/lib/backoffice/dashboard";
import { getPraticaDetail } from "@/lib/backoffice/detail";
import { exportDashboardCsv } from "@/lib/backoffice/export";
import type { Ctx } from "@/lib/context";
import { buildModel } from "@/lib/notifications/model";
import { listMyPratiche } from "@/lib/portal/my-pratiche";
import { createOfflinePratica } from "@/lib/pratiche/create-offline";
import { createDraft } from "@/lib/pratiche/drafts";
import { praticaNumber } from "@/lib/pratiche/number";
import { submitPratica } from "@/lib/pratiche/submit";
import { displayFieldValue, summarizeFormData, type FormDefinition } from "@/lib/services/form-schema";
import { formatPraticaNumber, nextPraticaNumber } from "@/lib/workflow/numbering";
import { createTestDatabase, rowsOf, type TestDatabase } from "./helpers/db";
import { citizenCtx, createCitizen, createEnte, createPartner, createService, createStaff, makeCodiceFiscale, operatorCtx } from "./helpers/fixtures";

const CHOICES_FORM: FormDefinition = {
  pages: [
    {
      id: "dati",
      title: "Dati",
      items: [
        { type: "text", name: "oggetto", label: "Oggetto", required: true },
        { type: "select", name: "tipo", label: "Tipo di accesso", required: true, options: [{ value: "documentale", label: "Accesso documentale (legge 241/1990)" }, { value: "civico", label: "Accesso civico semplice" }] },
        { type: "radio", name: "ritiro", label: "Modalità di ritiro", required: false, options: [{ value: "pec", label: "Via PEC" }, { value: "sportello", label: "Allo sportello" }] },
        { type: "checkbox", name: "documenti", label: "Documenti richiesti", required: false, options: [{ value: "delibera", label: "Delibera di giunta" }, { value: "planimetria", label: "Planimetria catastale" }] },
        { type: "checkbox", name: "privacy", label: "Ho letto l'informativa", required: false },
      ],
    },
  ],
};

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let svc: Service;
let otherSvc: Service;
let mario: User;
let anna: User;
let op: User;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const db = tdb.db;
  ente = await createEnte(db);
  other = await createEnte(db);
  svc = await createService(db, ente, { name: "Accesso agli atti", formDefinition: CHOICES_FORM });
  otherSvc = await createService(db, other);
  mario = await createCitizen(db, { name: "Mario Rossi", givenName: "Mario", familyName: "Rossi", codiceFiscale: makeCodiceFiscale() });
  anna = await createCitizen(db, { name: "Anna Bianchi", givenName: "Anna", familyName: "Bianchi", codiceFiscale: makeCodiceFiscale() });
  op = await createStaff(db, ente, "operator", [svc.id]);
});
afterAll(async () => tdb?.close());

const DATA = { oggetto: "Copia della delibera", tipo: "documentale", ritiro: "pec", documenti: ["delibera", "planimetria"], privacy: true };

async function submitAs(citizen: User, at: Date, e = ente, s = svc, data: Record<string, unknown> = DATA) {
  const ctx = citizenCtx(tdb.db, e, citizen);
  const draft = await createDraft(ctx, s.id, data, at);
  return (await submitPratica(ctx, draft.id, { at })).pratica;
}

describe("pratica numbers", () => {
  it("formats year and six digits, growing past a million instead of wrapping", () => {
    expect(formatPraticaNumber(2026, 123)).toBe("2026-000123");
    expect(formatPraticaNumber(2026, 1_234_567)).toBe("2026-1234567");
    expect(praticaNumber({ id: "2f359692-0000-4000-8000-000000000000", numero: null })).toBe("2F359692");
    expect(praticaNumber({ id: "2f359692-0000-4000-8000-000000000000", numero: "2026-000007" })).toBe("2026-000007");
  });

  it("gives consecutive numbers per ente at submission, and none to a draft", async () => {
    const ctx = citizenCtx(tdb.db, ente, mario);
    const draft = await createDraft(ctx, svc.id, DATA, new Date("2026-03-10T09:00:00Z"));
    expect(draft.numero).toBeNull();
    const a = await submitAs(mario, new Date("2026-03-10T09:00:00Z"));
    const b = await submitAs(anna, new Date("2026-03-11T09:00:00Z"));
    expect(a.numero).toMatch(/^2026-\d{6}$/);
    expect(Number(b.numero?.slice(5))).toBe(Number(a.numero?.slice(5)) + 1);
    // The modulo is named and headed with the number, not the internal id.
    const [modulo] = await tdb.db.select().from(attachments).where(and(eq(attachments.praticaId, a.id), eq(attachments.purpose, "modulo")));
    expect(modulo?.filename).toBe(`modulo-${a.numero}.pdf`);
  });

  it("counts each ente on its own", async () => {
    const first = await submitAs(mario, new Date("2026-05-01T09:00:00Z"), other, otherSvc, { oggetto: "Altro comune" });
    expect(first.numero).toBe("2026-000001");
    const mine = await submitAs(mario, new Date("2026-05-01T09:00:00Z"));
    expect(mine.numero).not.toBe("2026-000001");
  });

  it("uses the year in Rome time: 00:30 on 1 January is the new year although UTC still says 31 December", async () => {
    const e = await createEnte(tdb.db);
    const s = await createService(tdb.db, e);
    const late = await submitAs(mario, new Date("2027-12-31T22:30:00Z"), e, s, { oggetto: "Fine anno" }); // 23:30 in Rome
    const newYear = await submitAs(mario, new Date("2027-12-31T23:30:00Z"), e, s, { oggetto: "Capodanno" }); // 00:30 on 1 Jan 2028 in Rome
    expect(late.numero).toBe("2027-000001");
    expect(newYear.numero).toBe("2028-000001");
    const again = await submitAs(anna, new Date("2028-01-02T10:00:00Z"), e, s, { oggetto: "Dopo" });
    expect(again.numero).toBe("2028-000002");
  });

  it("never gives the same number twice to concurrent submissions", async () => {
    const e = await createEnte(tdb.db);
    const s = await createService(tdb.db, e);
    const at = new Date("2026-06-01T10:00:00Z");
    const people = await Promise.all(Array.from({ length: 20 }, () => createCitizen(tdb.db, { codiceFiscale: makeCodiceFiscale() })));
    const drafts = await Promise.all(people.map((p) => createDraft(citizenCtx(tdb.db, e, p), s.id, { oggetto: "Insieme" }, at)));
    const done = await Promise.all(drafts.map((d, i) => submitPratica(citizenCtx(tdb.db, e, people[i] as User), d.id, { at })));
    const numbers = done.map((r) => r.pratica.numero as string).sort();
    expect(new Set(numbers).size).toBe(20);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => formatPraticaNumber(2026, i + 1)));
    const [counter] = await tdb.db.select().from(praticaCounters).where(and(eq(praticaCounters.enteId, e.id), eq(praticaCounters.year, 2026)));
    expect(counter?.last).toBe(20);
  });

  it("gives the number back when the submission fails (a gap at most, never a duplicate)", async () => {
    const e = await createEnte(tdb.db);
    await expect(
      tdb.db.transaction(async (tx) => {
        await nextPraticaNumber(tx, e, new Date("2026-07-01T10:00:00Z"));
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await nextPraticaNumber(tdb.db, e, new Date("2026-07-01T10:00:00Z"))).toBe("2026-000001");
  });

  it("numbers pratiche a partner creates offline, and prints the number on the modulo's name", async () => {
    const partner = await createPartner(tdb.db, ente, [svc.id]);
    const ctx: Ctx = { db: tdb.db, ente, actor: { kind: "partner", partnerId: partner.id } };
    const before = await nextPeek(ente.id, 2026);
    const { pratica } = await createOfflinePratica(ctx, {
      service: svc.slug,
      applicant: { codiceFiscale: makeCodiceFiscale(), givenName: "Lucia", familyName: "Verdi", email: "lucia.verdi@example.com" },
      data: DATA,
      files: [],
      at: new Date("2026-08-01T10:00:00Z"),
    });
    expect(pratica.numero).toBe(formatPraticaNumber(2026, before + 1));
    const [modulo] = await tdb.db.select().from(attachments).where(and(eq(attachments.praticaId, pratica.id), eq(attachments.purpose, "modulo")));
    expect(modulo?.filename).toBe(`modulo-${pratica.numero}.pdf`);
    // "Richiedente" sorts by surname: the trigger wrote "Verdi Lucia".
    const [row] = await tdb.db.select({ name: pratiche.applicantName, sort: pratiche.applicantSort }).from(pratiche).where(eq(pratiche.id, pratica.id));
    expect(row).toEqual({ name: "Lucia Verdi", sort: "Verdi Lucia" });
  });

  it("shows the number in the citizen's list", async () => {
    const list = await listMyPratiche(citizenCtx(tdb.db, ente, anna));
    expect(list.rows.length).toBeGreaterThan(0);
    for (const r of list.rows) expect(r.numero).toMatch(/^20\d\d-\d{6}$/);
  });
});

async function nextPeek(enteId: string, year: number): Promise<number> {
  const [c] = await tdb.db.select().from(praticaCounters).where(and(eq(praticaCounters.enteId, enteId), eq(praticaCounters.year, year)));
  return c?.last ?? 0;
}

describe("dashboard search and number", () => {
  it("pads a short number and keeps the other words", () => {
    expect(searchWords("  Rossi   Mario ")).toEqual(["rossi", "mario"]);
    expect(searchWords("2026-123")).toEqual(["2026-000123"]);
    expect(searchWords("2026/000123")).toEqual(["2026-000123"]);
    expect(searchWords("000123")).toEqual(["000123"]);
  });

  it("finds a pratica by its number, whole, short or by its digits, and by name in either order", async () => {
    const ctx = operatorCtx(tdb.db, ente, op);
    const p = await submitAs(mario, new Date("2026-09-01T10:00:00Z"));
    const numero = p.numero as string;
    const seq = numero.slice(5); // "000012"
    const idsFor = async (q: string) => (await listDashboard(ctx, { tab: "tutte", q, pageSize: 100 })).rows.map((r) => r.id);
    expect(await idsFor(numero)).toEqual([p.id]);
    expect(await idsFor(`${numero.slice(0, 4)}-${Number(seq)}`)).toEqual([p.id]);
    expect(await idsFor(seq)).toEqual([p.id]);
    const page = await listDashboard(ctx, { tab: "tutte", q: numero });
    expect(page.rows[0]?.numero).toBe(numero);
    const both = await idsFor("Mario Rossi");
    expect(both).toContain(p.id);
    expect(await idsFor("Rossi Mario")).toEqual(both);
    expect(await idsFor("rossi   MARIO")).toEqual(both);
    // Every word must match: Mario's pratiche only, never Anna's.
    expect(await idsFor("Rossi Anna")).toEqual([]);
    const anna2 = await idsFor("Bianchi Anna");
    expect(anna2.length).toBeGreaterThan(0);
    expect(anna2).not.toContain(p.id);
    // A short word filters too ("di" is in no applicant's name here, but in no subject either).
    expect(await idsFor("Rossi zz")).toEqual([]);
  });

  it("exports the number as the first column of the CSV", async () => {
    const { lines } = await exportDashboardCsv(operatorCtx(tdb.db, ente, op), { tab: "tutte", sort: "inviata", dir: "asc" });
    expect(lines[0]?.startsWith("Numero pratica;")).toBe(true);
    expect(lines[1]).toMatch(/^2026-\d{6};/);
    const en = await exportDashboardCsv(operatorCtx(tdb.db, ente, op), { tab: "tutte" }, "en");
    expect(en.lines[0]?.startsWith("Application number;")).toBe(true);
  });
});

describe("emails", () => {
  it("name the pratica by its number in the subject and the details, in both languages", () => {
    const facts = { id: "2026-000123", status: 2000, service: { name: "Accesso agli atti", maxResponseDays: 30, emailTexts: {} }, protocol: null, personalMessage: null };
    const it_ = buildModel({ kind: "receipt", lang: "it", ente, appUrl: "https://stanza.example", facts, link: "https://stanza.example/x", audience: "citizen" });
    expect(it_.subject).toBe(`${ente.name} – Accesso agli atti: pratica ricevuta (n. 2026-000123)`);
    expect(it_.model.details).toContainEqual({ label: "Numero pratica", value: "2026-000123" });
    const en = buildModel({ kind: "operator_new_pratica", lang: "en", ente, appUrl: "https://stanza.example", facts, link: null, audience: "staff" });
    expect(en.subject).toMatch(/\(no\. 2026-000123\)$/);
    expect(en.model.paragraphs.join(" ")).toContain("(2026-000123)");
    // A subject an admin wrote with %pratica_id% already names it: nothing is added.
    const custom = { ...facts, service: { ...facts.service, emailTexts: { "2000": { enabled: true, subject: "Ricevuta %pratica_id%", body: "Grazie." } } } };
    expect(buildModel({ kind: "receipt", lang: "it", ente, appUrl: "", facts: custom, link: null, audience: "citizen" }).subject).toBe("Ricevuta 2026-000123");
  });
});

describe("option labels", () => {
  it("the operator reads the options' labels, not the stored codes", async () => {
    const p = await submitAs(mario, new Date("2026-10-01T10:00:00Z"));
    const d = await getPraticaDetail(operatorCtx(tdb.db, ente, op), p.id);
    const shown = Object.fromEntries(d.fields.map(({ field, value }) => [field.name, displayFieldValue(field, value, "it")]));
    expect(shown).toEqual({
      oggetto: "Copia della delibera",
      tipo: "Accesso documentale (legge 241/1990)",
      ritiro: "Via PEC",
      documenti: "Delibera di giunta, Planimetria catastale",
      privacy: "Sì",
    });
    expect(Object.values(shown).join(" ")).not.toMatch(/\bdocumentale\b(?! \()|\bplanimetria\b|\bpec\b/);
    // The receipt PDF is written from the same summary.
    expect(summarizeFormData(CHOICES_FORM, DATA, "it").find((r) => r.label === "Tipo di accesso")?.value).toBe("Accesso documentale (legge 241/1990)");
    // A value no longer among the options (the form changed) is shown as stored rather than hidden.
    const tipo = CHOICES_FORM.pages[0]?.items[1];
    if (tipo?.type !== "select") throw new Error("select");
    expect(displayFieldValue(tipo, "storico", "it")).toBe("storico");
  });
});

describe("migration 0014", () => {
  it("backfills numbers in order of submission per ente and year, and the counters after them", async () => {
    const e = await createEnte(tdb.db);
    const s = await createService(tdb.db, e);
    const times = ["2025-12-31T23:10:00Z", "2025-03-01T10:00:00Z", "2025-12-31T22:50:00Z", "2026-02-01T10:00:00Z"];
    const ids: string[] = [];
    for (const at of times) ids.push((await submitAs(mario, new Date(at), e, s, { oggetto: "Storico" })).id);
    // As before the migration: no numbers, no counters.
    await tdb.db.update(pratiche).set({ numero: null, searchText: sql`trim(regexp_replace(${pratiche.searchText}, '^\\d{4}-\\d{6} ', ''))` }).where(eq(pratiche.enteId, e.id));
    await tdb.db.delete(praticaCounters).where(eq(praticaCounters.enteId, e.id));
    const migration = readFileSync(path.join(process.cwd(), "db/migrations/0014_pratica-numbers.sql"), "utf8").split("--> statement-breakpoint");
    for (const stmt of migration.slice(1, 4)) await tdb.db.execute(sql.raw(stmt));
    const rows = await tdb.db.select({ id: pratiche.id, numero: pratiche.numero, search: pratiche.searchText }).from(pratiche).where(eq(pratiche.enteId, e.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    // 23:10 UTC on 31 Dec 2025 is 00:10 on 1 Jan 2026 in Rome.
    expect(ids.map((id) => byId.get(id)?.numero)).toEqual(["2026-000001", "2025-000001", "2025-000002", "2026-000002"]);
    expect(byId.get(ids[0] as string)?.search.startsWith("2026-000001 ")).toBe(true);
    const counters = rowsOf<{ year: number; last: number }>(await tdb.db.execute(sql`select year, last from pratica_counters where ente_id = ${e.id} order by year`));
    expect(counters.map((c) => [Number(c.year), Number(c.last)])).toEqual([[2025, 2], [2026, 2]]);
    // And the next submission continues after them.
    expect((await submitAs(anna, new Date("2026-02-02T10:00:00Z"), e, s, { oggetto: "Nuova" })).numero).toBe("2026-000003");
  });
});
