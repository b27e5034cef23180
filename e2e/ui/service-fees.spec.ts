import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { adminContext, ENTE } from "./admin-helpers";
import { expectNoAxeViolations } from "./citizen-helpers";

const SERVICE = "Occupazione temporanea di suolo pubblico";
const SHOTS = path.resolve("test-results", "service-fees");

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an admin adds a computed fee (a wrong formula is refused by name and place, the preview computes), then deletes it", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  await page.goto(`/${ENTE}/admin/servizi`);
  await page.getByRole("link", { name: SERVICE }).first().click();
  await page.getByRole("navigation", { name: SERVICE }).getByRole("link", { name: "Pagamenti" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Costi del servizio" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: SERVICE }).getByRole("link", { name: "Pagamenti" })).toHaveAttribute("aria-current", "page");

  // The demo's three fees, in order, amounts in euros.
  const list = page.getByRole("list", { name: "Costi configurati" });
  await expect(list.getByTestId("fee-row")).toHaveCount(3);
  await expect(list.getByTestId("fee-row").nth(0)).toContainText("Marca da bollo digitale: 16,00 €");
  await expect(list.getByTestId("fee-row").nth(1)).toContainText("30,00 €");
  await expect(list.getByTestId("fee-row").nth(2)).toContainText("superficie * giorni * 0,50");
  await expectNoAxeViolations(page, "admin fees");
  await shoot(page, "admin-pagamenti");

  // A formula naming a field the form does not have: the preview says so as it is typed, and so does the save.
  const add = page.locator("section", { has: page.getByRole("heading", { name: "Aggiungi un costo" }) });
  await add.getByLabel("Tipo", { exact: true }).selectOption("formula");
  await add.getByLabel("Causale", { exact: true }).fill("Deposito cauzionale per il ripristino");
  await add.getByLabel("Formula", { exact: true }).fill("superfice * 2");
  await expect(add.getByTestId("fee-preview")).toHaveText("Il campo «superfice» (carattere 1) non esiste nel modulo del servizio");
  await add.getByRole("button", { name: "Aggiungi" }).click();
  const alert = add.getByRole("alert");
  await expect(alert).toContainText("Il campo «superfice» (carattere 1) non esiste nel modulo del servizio");
  await expect(alert.getByRole("link")).toHaveAttribute("href", "#f-expression");
  await expectNoAxeViolations(page, "admin fees, refused formula");
  await shoot(page, "admin-pagamenti-errore");

  // Fixed: the preview computes from sample values, exactly and rounded half-up (12,5 × 0,25 = 3,125 → 3,13 €).
  await add.getByLabel("Formula", { exact: true }).fill("superficie * 0,25");
  await add.getByLabel("superficie", { exact: true }).fill("12,5");
  await expect(add.getByTestId("fee-preview")).toHaveText("Importo: 3,13 €");
  await add.getByLabel("Spiegazione per il cittadino").fill("0,25 € per metro quadrato");
  await shoot(page, "admin-pagamenti-anteprima");
  await add.getByRole("button", { name: "Aggiungi" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Costo aggiunto." })).toBeVisible();
  await expect(list.getByTestId("fee-row")).toHaveCount(4);
  const added = list.getByTestId("fee-row").nth(3);
  await expect(added).toContainText("Deposito cauzionale per il ripristino");

  // Moved up one place, then deleted (after a confirmation): the demo's list is as it was.
  await added.getByRole("button", { name: "Sposta su" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ordine aggiornato." })).toBeVisible();
  await expect(list.getByTestId("fee-row").nth(2)).toContainText("Deposito cauzionale per il ripristino");
  page.once("dialog", (d) => void d.accept());
  await list.getByTestId("fee-row").nth(2).getByRole("button", { name: "Elimina" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Costo eliminato." })).toBeVisible();
  await expect(list.getByTestId("fee-row")).toHaveCount(3);
  await expect(list).not.toContainText("Deposito cauzionale");
  await context.close();
});

test("the service page says how much it costs, in the Modello Comuni's place", async ({ page }) => {
  await page.goto(`/${ENTE}/servizi/occupazione-suolo-pubblico`);
  const index = page.locator('[data-element="page-index"] a');
  const entries = await index.allInnerTexts();
  expect(entries.indexOf("Quanto costa")).toBe(entries.indexOf("Tempi e scadenze") + 1);
  expect(entries.indexOf("Accedi al servizio")).toBe(entries.indexOf("Quanto costa") + 1);
  const section = page.locator("section#costi");
  await expect(section.getByRole("heading", { level: 2 })).toHaveText("Quanto costa");
  const fees = section.getByRole("list", { name: "Importi da pagare" }).getByRole("listitem");
  await expect(fees).toHaveCount(3);
  await expect(fees.nth(0)).toContainText("Imposta di bollo sulla domanda di occupazione di suolo pubblico (marca da bollo digitale)");
  await expect(fees.nth(0)).toContainText("16,00 €");
  await expect(fees.nth(1)).toContainText("30,00 €");
  await expect(fees.nth(2)).toContainText("calcolato in base ai dati della domanda: 0,50 € per metro quadrato per ogni giorno di occupazione");
  await expect(section).toContainText("Totale degli importi fissi: 46,00 €, più gli importi calcolati");
  await expectNoAxeViolations(page, "service page with fees");
  await shoot(page, "scheda-servizio-costi");
});
