import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { errorText } from "@/lib/i18n/errors";
import { importFormio } from "@/lib/forms/formio-import";
import { allFields, buildFormSchema } from "@/lib/services/form-schema";

const wizard: unknown = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "formio-contributo-wizard.json"), "utf8"));

describe("Form.io import", () => {
  const { definition, warnings } = importFormio(wizard);
  const byName = new Map(allFields(definition).map((f) => [f.name, f]));

  it("turns a wizard's panels into pages and keeps fieldsets", () => {
    expect(definition.pages.map((p) => [p.id, p.title])).toEqual([
      ["richiedente", "Richiedente"],
      ["nucleo", "Nucleo familiare"],
      ["documenti", "Documenti e appuntamento"],
    ]);
    expect(definition.pages[0]?.description).toBe("Compila i dati anagrafici del richiedente.");
    const fieldset = definition.pages[2]?.items[0];
    expect(fieldset).toMatchObject({ type: "fieldset", id: "allegati", legend: "Allegati" });
  });

  it("maps every supported component type with its validation", () => {
    // Columns are flattened; keys become valid names.
    expect(byName.get("nome")).toEqual({ type: "text", name: "nome", label: "Nome", required: true, maxLength: 100 });
    expect(byName.get("codice_fiscale")).toMatchObject({ type: "text", required: true, pattern: "[A-Za-z0-9]{16}", minLength: 16, maxLength: 16 });
    expect(byName.get("email")).toMatchObject({ type: "email", required: true });
    expect(byName.get("telefono")).toMatchObject({ type: "phone", required: false, help: "Un numero a cui contattarti" });
    expect(byName.get("dataDiNascita")).toMatchObject({ type: "date", required: true });
    expect(byName.get("componenti")).toMatchObject({ type: "number", min: 1, max: 20, integer: true });
    expect(byName.get("isee")).toMatchObject({ type: "number", max: 15000 });
    expect(byName.get("condizioneAbitativa")).toMatchObject({ type: "select", options: [{ value: "affitto", label: "Affitto" }, { value: "proprieta", label: "Casa di proprietà" }, { value: "ospite", label: "Ospite" }] });
    expect(byName.get("comuneProvenienza")).toMatchObject({ type: "text" });
    expect(byName.get("situazioni")).toMatchObject({ type: "checkbox", options: [{ value: "disabilita" }, { value: "genitoreSolo" }, { value: "over65" }] });
    expect(byName.get("contrattoRegistrato")).toMatchObject({ type: "radio", required: true, options: [{ value: "si", label: "Sì" }, { value: "no", label: "No" }] });
    expect(byName.get("estremiRegistrazione")).toMatchObject({ type: "textarea", maxLength: 500 });
    expect(byName.get("contratto")).toEqual({ type: "file", name: "contratto", label: "Contratto di locazione", required: true, accept: ["application/pdf", "image/jpeg"], maxSizeMb: 5, multiple: false });
    expect(byName.get("ricevute")).toMatchObject({ type: "file", multiple: true, maxSizeMb: 50, accept: ["application/pdf", "image/jpeg", "image/png"] });
    expect(byName.get("appuntamento")).toMatchObject({ type: "date" });
    expect(byName.get("appuntamento_ora")).toMatchObject({ type: "text", label: "Appuntamento preferito (ora)", pattern: "([01][0-9]|2[0-3]):[0-5][0-9]" });
    expect(byName.get("orario")).toMatchObject({ type: "text", pattern: "([01][0-9]|2[0-3]):[0-5][0-9]" });
    expect(byName.get("dichiarazione")).toEqual({ type: "checkbox", name: "dichiarazione", label: "Dichiaro che le informazioni fornite sono veritiere", required: true });
  });

  it("leaves out what it cannot carry and says so", () => {
    expect(byName.has("noteInterne")).toBe(false);
    expect(byName.has("firma")).toBe(false);
    expect(byName.has("submit")).toBe(false);
    const text = warnings.map((w) => errorText(w.code, w.params, "it")).join("\n");
    expect(text).toMatch(/«Note interne»: campo nascosto/);
    expect(text).toMatch(/«Firma»: tipo «signature» non supportato/);
    expect(text).toMatch(/«Comune di provenienza»: elenco di opzioni da fonte esterna \(url\)/);
    expect(text).toMatch(/«Estremi di registrazione»: le condizioni di visibilità non sono supportate/);
    expect(text).toMatch(/«codice-fiscale» è stato rinominato «codice_fiscale»/);
    expect(text).toMatch(/«Ricevute di pagamento»: tipo di file «\.heic» non riconosciuto/);
    expect(text).toMatch(/«Ricevute di pagamento»: dimensione massima ridotta a 50 MB/);
    expect(text).toMatch(/data e ora sono diventate due campi/);
    // The same notes in English, for an admin who reads English.
    const english = warnings.map((w) => errorText(w.code, w.params, "en")).join("\n");
    expect(english).toMatch(/“Note interne”: hidden field, not imported/);
    expect(english).toMatch(/“Firma”: type “signature” not supported/);
    expect(english).not.toMatch(/non importat|campo nascosto/);
  });

  it("produces a form the citizen's validator accepts", () => {
    const schema = buildFormSchema(definition);
    const ok = schema.safeParse({
      nome: "Maria",
      cognome: "Rossi",
      codice_fiscale: "RSSMRA80A41H501X",
      email: "maria@example.com",
      dataDiNascita: "1980-01-01",
      componenti: "3",
      condizioneAbitativa: "affitto",
      contrattoRegistrato: "si",
      contratto: [{ id: "3b241101-e2bb-4255-8caf-4136c566a962", filename: "c.pdf", size: 10, mimeType: "application/pdf" }],
      appuntamento_ora: "09:30",
      orario: "18:00",
      dichiarazione: "on",
    });
    expect(ok.success).toBe(true);
    const bad = schema.safeParse({ orario: "25:00", condizioneAbitativa: "castello" });
    expect(bad.success).toBe(false);
  });

  it("a plain (non-wizard) form becomes one page with panels as fieldsets; nested panels flatten", () => {
    const res = importFormio({
      display: "form",
      title: "Segnalazione",
      name: "segnalazione",
      components: [
        { type: "textfield", key: "oggetto", label: "Oggetto", input: true, validate: { required: true } },
        {
          type: "panel",
          key: "luogo",
          title: "Luogo",
          components: [
            { type: "textfield", key: "via", label: "Via", input: true },
            { type: "well", key: "w", components: [{ type: "panel", key: "inner", title: "Dettagli", components: [{ type: "textarea", key: "descrizione", label: "Descrizione", input: true }] }] },
          ],
        },
        { type: "button", key: "submit", label: "Invia" },
      ],
    });
    expect(res.definition.pages).toHaveLength(1);
    expect(res.definition.pages[0]).toMatchObject({ id: "segnalazione", title: "Segnalazione" });
    expect(res.definition.pages[0]?.items.map((i) => (i.type === "fieldset" ? `fieldset:${i.fields.map((f) => f.name).join("+")}` : i.name))).toEqual(["oggetto", "fieldset:via+descrizione"]);
  });

  it("accepts a project export, renames clashing keys, and refuses what is not a form", () => {
    const res = importFormio({ forms: { a: { title: "A", components: [{ type: "email", key: "x", label: "X" }, { type: "textfield", key: "x", label: "Di nuovo X" }] }, b: { components: [] } } });
    expect(allFields(res.definition).map((f) => f.name)).toEqual(["x", "x_2"]);
    expect(res.warnings.map((w) => errorText(w.code, w.params, "it")).join("\n")).toMatch(/contiene 2 moduli/);
    expect(() => importFormio([1, 2])).toThrow(ValidationError);
    expect(() => importFormio({ title: "vuoto" })).toThrow(ValidationError);
    expect(() => importFormio({ components: [{ type: "signature", key: "s" }] })).toThrow(/Nessun campo importabile/);
    expect(() => importFormio({ components: [{ type: "select", key: "1abc", label: "Scelta", data: { values: [{ label: "Uno", value: "1" }] } }] })).not.toThrow();
  });
});
