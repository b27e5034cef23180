import { expect, test, type Locator, type Page } from "@playwright/test";
import { ENTE } from "./citizen-helpers";

/** Moves the focus with Tab only until `target` has it (as a keyboard user would), failing after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`could not reach ${target} with Tab`);
}

test("a citizen fills a request to its last step (the payment) with the keyboard only", async ({ page }) => {
  await page.goto(`/${ENTE}/servizi/occupazione-suolo-pubblico`);
  // The skip link is the first stop.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Vai al contenuto principale" })).toBeFocused();

  await tabTo(page, page.getByRole("link", { name: "Accedi al servizio" }).first());
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/accedi/);
  await tabTo(page, page.getByRole("button", { name: "Entra come Giulia Bianchi" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { level: 2, name: "Informativa sulla privacy" })).toBeVisible();
  await tabTo(page, page.getByLabel("Ho letto e compreso l'informativa sulla privacy"));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Inizia a compilare" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { level: 2, name: "Richiedente" })).toBeVisible();
  await tabTo(page, page.getByRole("button", { name: "Avanti" }));
  await page.keyboard.press("Enter");

  // Step 2: focus moves to the new step's heading; fields are typed, chosen and ticked from the keyboard.
  await expect(page.getByRole("heading", { level: 2, name: "Occupazione" })).toBeFocused();
  await tabTo(page, page.getByLabel(/^Indirizzo dell'occupazione/));
  await page.keyboard.type("Via dei Mille 12");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel(/^Dal giorno/)).toBeFocused();
  await page.keyboard.type("01122026");
  await tabTo(page, page.getByLabel(/^Al giorno/));
  await page.keyboard.type("03122026");
  await tabTo(page, page.getByLabel(/^Superficie/));
  await page.keyboard.type("15");
  await tabTo(page, page.getByLabel(/^Numero di giorni/));
  await page.keyboard.type("3");
  // Submitting with the reason unchosen: the error summary takes the focus and links to the field.
  await page.keyboard.press("Enter");
  const summary = page.getByRole("main").getByRole("alert");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Motivo: Campo obbligatorio");
  await tabTo(page, summary.getByRole("link", { name: /^Motivo/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByLabel(/^Motivo/)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel(/^Motivo/)).not.toHaveValue("");
  await tabTo(page, page.getByRole("button", { name: "Vai al riepilogo" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { level: 2, name: "Riepilogo della domanda" })).toBeVisible();
  // The service has fees: its last step is the payment, which opens the pratica's payments.
  await tabTo(page, page.getByRole("button", { name: "Procedi al pagamento" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: "Pagamenti" })).toBeVisible();
  await expect(page.getByText("In attesa di pagamento").first()).toBeVisible();
  await expect(page.getByText("Via dei Mille 12")).toBeAttached();
});
