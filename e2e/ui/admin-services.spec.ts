import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { adminContext, ENTE, screenshots } from "./admin-helpers";

test("create a service and edit status, sheet, options, step texts and email texts with preview", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  await page.goto(`/${ENTE}/admin/servizi`);
  await screenshots(page, "admin-servizi");
  const name = `Contributo sport ${Date.now()}`;
  await page.getByLabel("Nome del servizio").fill(name);
  await page.getByLabel("Categoria").fill("Sport");
  await page.getByRole("button", { name: "Crea il servizio" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  const serviceUrl = page.url();

  // Scheduled without dates: refused with a message tied to the field.
  const general = page.locator("section", { has: page.getByRole("heading", { name: "Stato e categoria" }) });
  await general.getByLabel("Stato", { exact: true }).selectOption("scheduled");
  await general.getByRole("button", { name: "Salva" }).click();
  await expect(general.getByRole("alert")).toContainText("almeno una data");
  await general.getByLabel("Apertura (data e ora)").fill("2030-09-01T09:00");
  // A new service has no operator: opening it (even on a schedule) is refused on the status field, and the page says where to fix it.
  await general.getByRole("button", { name: "Salva" }).click();
  // The first refusal named both problems; this answer names the status alone.
  await expect(general.getByRole("alert")).not.toContainText("almeno una data");
  await expect(general.getByRole("alert")).toContainText("Nessun operatore attivo");
  await expect(general.getByRole("alert").getByRole("link")).toHaveAttribute("href", "#f-status");
  await expect(general.getByLabel("Stato", { exact: true })).toHaveAccessibleDescription(/Nessun operatore attivo/);
  // The refused edits are unsaved: following the link asks first.
  page.once("dialog", (d) => void d.accept());
  await general.getByRole("link", { name: "Abilita un operatore in «Operatori»" }).click();
  await expect(page).toHaveURL(new RegExp(`/${ENTE}/admin/operatori$`));
  await page.getByRole("link", { name: "Paola Operatrice" }).click();
  // Ticked before the page is interactive, the box can be reset by hydration: wait for it, and check it stays ticked.
  await page.waitForLoadState("networkidle");
  await page.getByRole("checkbox", { name }).check();
  await expect(page.getByRole("checkbox", { name })).toBeChecked();
  await page.getByRole("button", { name: "Salva i servizi" }).click();
  await expect(page.getByRole("status")).toContainText("Servizi aggiornati");
  await page.goto(serviceUrl);
  await expect(general.getByLabel("Stato", { exact: true })).not.toHaveAttribute("aria-describedby");
  await general.getByLabel("Stato", { exact: true }).selectOption("scheduled");
  await general.getByLabel("Apertura (data e ora)").fill("2030-09-01T09:00");
  await general.getByRole("button", { name: "Salva" }).click();
  await expect(general.getByRole("status")).toContainText("Modifiche salvate");

  const sheet = page.locator("section", { has: page.getByRole("heading", { name: "Scheda informativa" }) });
  await sheet.getByLabel("Descrizione").fill("Un contributo per le associazioni sportive.");
  await sheet.getByLabel("Costi").fill("Nessuno");
  await sheet.getByRole("button", { name: "Salva" }).click();
  await expect(sheet.getByRole("status")).toContainText("Modifiche salvate");

  const options = page.locator("section", { has: page.getByRole("heading", { name: "Opzioni" }) });
  await options.getByLabel("Protocollazione obbligatoria prima della presa in carico").check();
  await options.getByLabel("Classificazione").fill("7.1");
  await options.getByLabel("Il cittadino può ritirare la pratica").check();
  await options.getByLabel("Giorni massimi per la risposta").fill("500");
  await options.getByRole("button", { name: "Salva" }).click();
  await expect(options.getByRole("alert")).toContainText("Al massimo 365 giorni");
  await options.getByLabel("Giorni massimi per la risposta").fill("45");
  await options.getByRole("button", { name: "Salva" }).click();
  await expect(options.getByRole("status")).toContainText("Modifiche salvate");

  const steps = page.locator("section", { has: page.getByRole("heading", { name: "Testi degli step" }) });
  await steps.getByRole("textbox").first().fill("Tieni a portata di mano lo statuto dell'associazione.");
  await steps.getByRole("button", { name: "Salva" }).click();
  await expect(steps.getByRole("status")).toContainText("Modifiche salvate");

  await page.reload();
  await expect(page.getByLabel("Stato", { exact: true })).toHaveValue("scheduled");
  await expect(page.getByLabel("Apertura (data e ora)")).toHaveValue("2030-09-01T09:00");
  await expect(page.getByLabel("Classificazione")).toHaveValue("7.1");
  await expect(page.getByLabel("Giorni massimi per la risposta")).toHaveValue("45");
  await screenshots(page, "admin-servizio");

  // Email texts: the preview follows what is typed; unknown placeholders are refused.
  await page.getByRole("link", { name: "Email" }).click();
  await expect(page).toHaveURL(`${serviceUrl}/email`);
  const preview = page.getByTestId("email-preview-4000");
  await expect(preview).toContainText(name);
  await page.locator("#f-emailTexts-4000-subject").fill("%ente%: ci stiamo lavorando (%servizio%)");
  await expect(preview).toContainText(`Comune di Bugliano: ci stiamo lavorando (${name})`);
  await page.locator("#f-emailTexts-2000-body").fill("Ciao %nome_operatore%");
  await page.getByRole("button", { name: "Salva i testi delle email" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("%nome_operatore%");
  await page.locator("#f-emailTexts-2000-body").fill("");
  await page.locator("#f-emailTexts-20000-enabled").uncheck();
  await expect(page.getByTestId("email-preview-20000")).toHaveCount(0);
  await page.getByRole("button", { name: "Salva i testi delle email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Modifiche salvate" })).toBeVisible();
  await page.reload();
  await expect(page.locator("#f-emailTexts-4000-subject")).toHaveValue("%ente%: ci stiamo lavorando (%servizio%)");
  await expect(page.locator("#f-emailTexts-20000-enabled")).not.toBeChecked();
  await screenshots(page, "admin-servizio-email");
  await context.close();
});

test("form builder: add, order and configure fields, JSON validation, Form.io import, publish a version", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  await page.goto(`/${ENTE}/admin/servizi`);
  const name = `Modulo prova ${Date.now()}`;
  await page.getByLabel("Nome del servizio").fill(name);
  await page.getByRole("button", { name: "Crea il servizio" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await page.getByRole("link", { name: "Modulo" }).click();
  await expect(page.getByTestId("form-version")).toHaveText("1");
  const preview = page.getByTestId("form-preview");
  await expect(preview.getByText("Descrizione della richiesta")).toBeVisible();

  // Add a select field, configure it by keyboard-reachable controls, move it to the top.
  await page.getByLabel("Tipo del nuovo campo").selectOption("select");
  await page.getByRole("button", { name: "+ Aggiungi campo", exact: true }).click();
  const settings = page.getByText("Impostazioni: Menu a tendina");
  await settings.click();
  await page.locator("#p0-i2-label").fill("Tipo di associazione");
  await page.locator("#p0-i2-name").fill("tipoAssociazione");
  await page.locator("#p0-i2-required").check();
  await page.locator("#p0-i2-opt-0-label").fill("Dilettantistica");
  await page.locator("#p0-i2-opt-0-value").fill("dilettantistica");
  // The preview is the citizen's own renderer: the required mark is written out.
  await expect(preview.getByLabel(/^Tipo di associazione\s*\(obbligatorio\)$/)).toBeVisible();
  await page.getByRole("button", { name: "Sposta su: Tipo di associazione" }).click();
  await expect(page.getByRole("button", { name: "Sposta su: Tipo di associazione" })).toBeFocused();
  await page.keyboard.press("Enter");
  const labels = await preview.locator("label, legend").allTextContents();
  expect(labels[0]).toContain("Tipo di associazione");
  await expect(page.getByTestId("form-validity")).toContainText("Il modulo è valido");

  // A duplicate name makes the form invalid and publishing impossible.
  await page.locator("#p0-i0-name").fill("descrizione");
  await expect(page.getByTestId("form-validity")).toContainText("Nome di campo duplicato: «descrizione»");
  await expect(page.getByRole("button", { name: "Pubblica una nuova versione" })).toBeDisabled();
  await page.locator("#p0-i0-name").fill("tipoAssociazione");

  // JSON tab: a syntax error is reported, a valid edit flows back to the builder.
  await page.getByRole("tab", { name: "JSON" }).click();
  const json = page.locator("#form-json");
  await json.fill("{ not json");
  await expect(page.locator("main").getByRole("alert").filter({ hasText: "JSON non valido" })).toBeVisible();
  await json.fill(JSON.stringify({ pages: [{ id: "dati", title: "Dati", items: [{ type: "email", name: "contatto", label: "Email di contatto", required: true }] }] }));
  await expect(preview.getByLabel(/^Email di contatto\s*\(obbligatorio\)$/)).toBeVisible();
  await screenshots(page, "admin-modulo-json");

  // Import a Form.io export (the same realistic sample the unit tests use).
  await page.getByRole("tab", { name: "Importa da Form.io" }).click();
  // A file that is JSON but no Form.io form: the refusal is said in words, with what was expected.
  await page.getByLabel("File JSON di Form.io").setInputFiles({ name: "altro.json", mimeType: "application/json", buffer: Buffer.from('{"titolo": "non un modulo"}') });
  await expect(page.getByText("Il file non contiene un modulo Form.io")).toBeVisible();
  await expect(page.getByText("Atteso un oggetto JSON con «components»")).toBeVisible();
  await page.getByLabel("File JSON di Form.io").setInputFiles(path.resolve("tests", "fixtures", "formio-contributo-wizard.json"));
  await expect(page.getByRole("status").filter({ hasText: "Modulo importato" })).toContainText("campo nascosto");
  await expect(preview.getByRole("heading", { name: "Nucleo familiare" })).toBeVisible();
  await expect(preview.getByLabel(/^Contratto di locazione\s*\(obbligatorio\)$/)).toBeVisible();
  await page.getByRole("tab", { name: "Costruttore" }).click();
  await screenshots(page, "admin-modulo-builder");

  await page.getByRole("button", { name: "Pubblica una nuova versione" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Pubblicata la versione 2" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("form-version")).toHaveText("2");
  // Publishing the same form again makes no new version.
  await page.getByRole("button", { name: "Pubblica una nuova versione" }).click();
  await expect(page.getByRole("status").filter({ hasText: "non è cambiato" })).toBeVisible();

  // Version 1 can still be read, as it was: the pratiche filled with it were asked that.
  await page.getByRole("link", { name: "v1" }).click();
  const old = page.getByRole("region", { name: /^Versione 1 del modulo/ });
  await expect(old).toBeVisible();
  await expect(old.getByTestId("form-preview").getByText("Descrizione della richiesta")).toBeVisible();
  await expect(old.getByText("Contratto di locazione")).toHaveCount(0);
  await screenshots(page, "admin-modulo-versione");
  await old.getByRole("link", { name: "Torna al modulo in uso" }).click();
  await expect(page.getByRole("region", { name: /^Versione 1 del modulo/ })).toHaveCount(0);
  // A version that does not exist is "not found".
  expect((await page.goto(`${page.url().split("?")[0]}?versione=99`))?.status()).toBe(404);
  await context.close();
});

test("the Form.io sample file is what the builder test uploads", () => {
  const sample = JSON.parse(readFileSync(path.resolve("tests", "fixtures", "formio-contributo-wizard.json"), "utf8")) as { display: string };
  expect(sample.display).toBe("wizard");
});
