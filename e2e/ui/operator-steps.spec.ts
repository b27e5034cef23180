import { expect, test } from "@playwright/test";
import { SAME_ORIGIN } from "../helpers/origin";
import { adminContext } from "./admin-helpers";
import { ENTE, loginAsStaff, shoot } from "../helpers/operator";

/**
 * "Elabora una pratica": the service's own steps come before the generic ones. The demo service "Occupazione
 * temporanea di suolo pubblico" has one, "Istruttoria" (esito del sopralluogo, required; prescrizioni).
 */
test.describe.configure({ mode: "serial" });

const dashboard = `/${ENTE}/operatori`;

test("elabora: the service's Istruttoria step first, checked, then the decision; the summary lists the answers", async ({ page }) => {
  await loginAsStaff(page, "operatore@bugliano.example");
  await page.goto(`${dashboard}?tab=da-assegnare&q=occupazione`);
  // The last one: operator-manual.spec.ts takes the first.
  const row = page.locator("tbody tr[data-pratica-id]").filter({ has: page.getByRole("button", { name: "Prendi in carico" }) }).last();
  const id = (await row.getAttribute("data-pratica-id")) ?? "";
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  await row.getByRole("button", { name: "Prendi in carico" }).click();
  await page.getByRole("dialog", { name: "Prendi in carico la pratica" }).getByRole("button", { name: "Sì, sono sicuro" }).click();
  await expect(page).toHaveURL(new RegExp(`/operatori/pratiche/${id}$`));

  await page.getByRole("link", { name: "Elabora" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Elabora la pratica" })).toBeVisible();
  const stepHeading = page.getByRole("heading", { level: 2, name: /^Passo / });
  await expect(stepHeading).toContainText("Passo 1 di 4");
  await expect(stepHeading).toContainText("Istruttoria");
  await expect(page.getByLabel("Approva")).toHaveCount(0);

  // Left empty: refused, with the message on the field.
  await page.getByRole("button", { name: "Avanti" }).click();
  await expect(page.getByText("Correggi i campi evidenziati per proseguire.")).toBeVisible();
  await expect(page.getByText("Campo obbligatorio")).toBeVisible();
  await expect(page.getByLabel("Esito del sopralluogo")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Esito del sopralluogo")).toBeFocused();
  await expect(stepHeading).toContainText("Istruttoria");
  await shoot(page, "steps-01-istruttoria-errore");

  await page.getByLabel("Esito del sopralluogo").selectOption("favorevole_con_prescrizioni");
  await page.getByLabel("Prescrizioni").fill("Lasciare libero un passaggio pedonale di almeno 1,5 m.");
  await expect(page.getByText("Campo obbligatorio")).toBeHidden();
  await page.getByRole("button", { name: "Avanti" }).click();

  await expect(stepHeading).toContainText("Passo 2 di 4");
  await expect(stepHeading).toContainText("Approvazione o rifiuto");
  // Back keeps what was typed.
  await page.getByRole("button", { name: "Indietro" }).click();
  await expect(page.getByLabel("Esito del sopralluogo")).toHaveValue("favorevole_con_prescrizioni");
  await page.getByRole("button", { name: "Avanti" }).click();

  await page.getByLabel("Approva").check();
  await page.getByLabel("Motivazione").fill("Occupazione autorizzata con le prescrizioni indicate.");
  await page.getByRole("button", { name: "Avanti" }).click();
  await expect(stepHeading).toContainText("File di risposta");
  await page.getByRole("button", { name: "Avanti" }).click();

  await expect(stepHeading).toContainText("Riepilogo");
  const summary = page.getByRole("region", { name: "Istruttoria" });
  await expect(summary).toContainText("Esito del sopralluogo");
  await expect(summary).toContainText("Favorevole con prescrizioni");
  await expect(summary).toContainText("Lasciare libero un passaggio pedonale di almeno 1,5 m.");
  await expect(page.getByText("Occupazione autorizzata con le prescrizioni indicate.")).toBeVisible();
  await shoot(page, "steps-02-riepilogo");

  await page.getByRole("button", { name: "Conferma" }).click();
  await expect(page).toHaveURL(new RegExp(`/operatori/pratiche/${id}$`));
  await expect(page.getByRole("heading", { name: "Esito: Accettata" })).toBeVisible();
  await expect(page.getByText("Documento di risposta (generato)")).toBeVisible();
  // The detail page keeps the answers to the service's steps.
  const answers = page.getByRole("region", { name: "Risposte dell'operatore (Elabora)" });
  await expect(answers.getByRole("heading", { level: 3, name: "Istruttoria" })).toBeVisible();
  await expect(answers).toContainText("Favorevole con prescrizioni");
  await expect(answers).toContainText("Lasciare libero un passaggio pedonale di almeno 1,5 m.");
  await shoot(page, "steps-04-dettaglio-risposte");
});

test("the server refuses a decision without the service's step answers", async ({ page }) => {
  await loginAsStaff(page, "operatore@bugliano.example");
  await page.goto(`${dashboard}?tab=da-gestire&q=occupazione&sort=stato&dir=asc`);
  const id = await page.locator("tbody tr[data-pratica-id]").filter({ hasText: "In carico" }).first().getAttribute("data-pratica-id");
  expect(id).toBeTruthy();
  const res = await page.request.post(`${dashboard}/pratiche/${id}/elabora/conferma`, { headers: SAME_ORIGIN, multipart: { outcome: "accepted", motivation: "Va bene" } });
  expect(res.status()).toBe(422);
  expect((await res.json()).fieldErrors).toEqual({ esitoSopralluogo: "Campo obbligatorio" });
  const bad = await page.request.post(`${dashboard}/pratiche/${id}/elabora/conferma`, { headers: SAME_ORIGIN, multipart: { outcome: "accepted", motivation: "Va bene", operatorData: "{non json" } });
  expect(bad.status()).toBe(400);
  await page.goto(`${dashboard}/pratiche/${id}`);
  await expect(page.getByText("Stato:").locator("..")).toContainText("In carico");
});

test("admin: the operator steps JSON editor shows the steps and refuses file fields with a clear message", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  await page.goto(`/${ENTE}/admin/servizi`);
  await page.getByRole("link", { name: "Occupazione temporanea di suolo pubblico" }).first().click();
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Step dell'operatore" }) });
  const editor = section.getByLabel("Step dell'operatore (JSON)");
  await expect(editor).toHaveValue(/"istruttoria"/);
  await editor.fill(JSON.stringify([{ id: "verifica", title: "Verifica", items: [{ type: "file", name: "verbale", label: "Verbale" }] }]));
  await section.getByRole("button", { name: "Salva gli step dell'operatore" }).click();
  await expect(section.getByRole("alert")).toContainText("Gli step dell'operatore non sono validi");
  await expect(section.getByRole("alert")).toContainText("non sono ammessi campi file");
  await shoot(page, "steps-03-admin-editor");
  await page.reload();
  await expect(section.getByLabel("Step dell'operatore (JSON)")).toHaveValue(/"istruttoria"/);
  await context.close();
});
