import { expect, test } from "@playwright/test";
import { adminContext, ENTE } from "./admin-helpers";

/** The pagoPA fieldset of the ente's settings: refusals by field, the example notice code, the demo's values kept. */
test("settings: pagoPA codes are checked field by field and the example notice code follows them", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  await page.goto(`/${ENTE}/admin/impostazioni`);
  const section = page.locator("section", { has: page.getByRole("heading", { name: "pagoPA", level: 2 }) });
  await expect(section).toContainText("Esempio di codice avviso: 3070 0000 0000 0001 05");
  await expect(section.getByLabel("Codice fiscale dell'ente creditore")).toHaveValue("00123450504");

  await section.getByLabel("Codice fiscale dell'ente creditore").fill("00123450506");
  await section.getByLabel("Codice di segregazione").fill("");
  await section.getByLabel("Codice CBILL").fill("AB-1");
  await section.getByRole("button", { name: "Salva impostazioni pagoPA" }).click();
  await expect(section).toContainText("controlla l'ultima cifra");
  await expect(section).toContainText("Con l'aux digit 3 serve il codice di segregazione");
  await expect(section).toContainText("5 caratteri, lettere o cifre");
  await section.screenshot({ path: test.info().outputPath("pagopa-refused-desktop.png") });

  await section.getByLabel("Codice fiscale dell'ente creditore").fill("00123450504");
  await section.getByLabel("Codice di segregazione").fill("12");
  await section.getByLabel("Codice CBILL").fill("a7q3k");
  await section.getByRole("button", { name: "Salva impostazioni pagoPA" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Impostazioni pagoPA salvate" })).toBeVisible();
  await page.reload();
  await expect(section).toContainText(/Esempio di codice avviso: 3120 0000 0000 0001 \d\d/);
  await expect(section.getByLabel("Codice CBILL")).toHaveValue("A7Q3K");
  await page.setViewportSize({ width: 360, height: 800 });
  await section.screenshot({ path: test.info().outputPath("pagopa-phone.png") });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The demo's own values back, as the rest of the demo expects them.
  await section.getByLabel("Codice di segregazione").fill("07");
  await section.getByRole("button", { name: "Salva impostazioni pagoPA" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Impostazioni pagoPA salvate" })).toBeVisible();
  await context.close();
});
