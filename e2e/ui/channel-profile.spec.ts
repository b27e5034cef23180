import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ENTE, expectNoAxeViolations, loginAsCitizen } from "./citizen-helpers";

const OUT = "test-results/screenshots";

test("profile: App IO switch and digital domicile, a bad PEC refused, then saved; phone and desktop", async ({ page }) => {
  mkdirSync(OUT, { recursive: true });
  await loginAsCitizen(page, "Luca Verdi");
  await page.goto(`/${ENTE}/area-personale/profilo`);
  const io = page.getByLabel("Ricevi gli avvisi su App IO");
  const pec = page.getByLabel("Domicilio digitale (PEC)");
  await expect(io).toBeChecked();
  await expect(page.getByText(/App IO è l'app dei servizi pubblici/)).toBeVisible();

  await pec.fill("non-una-pec@");
  await page.getByRole("button", { name: "Salva le modifiche" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Controlla i campi evidenziati");
  await expect(page.getByText("PEC non valida")).toBeVisible();
  await expect(pec).toHaveAttribute("aria-invalid", "true");
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width < 600 ? 800 : 900 });
    await expectNoAxeViolations(page, `profile channels at ${width}px`);
    await page.screenshot({ path: `${OUT}/channel-profile-error-${width}.png`, fullPage: true });
  }

  await pec.fill("luca.verdi@pec.example.it");
  await io.uncheck();
  await page.getByRole("button", { name: "Salva le modifiche" }).click();
  await expect(page.getByText("Profilo aggiornato.")).toBeVisible();
  await page.reload();
  await expect(pec).toHaveValue("luca.verdi@pec.example.it");
  await expect(io).not.toBeChecked();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: `${OUT}/channel-profile-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${OUT}/channel-profile-1280.png`, fullPage: true });

  // Back as it was, for the other specs.
  await pec.fill("");
  await io.check();
  await page.getByRole("button", { name: "Salva le modifiche" }).click();
  await expect(page.getByText("Profilo aggiornato.")).toBeVisible();
});
