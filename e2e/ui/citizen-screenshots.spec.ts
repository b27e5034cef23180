import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ENTE, expectNoAxeViolations, loginAsCitizen } from "./citizen-helpers";

/**
 * Every citizen page at phone (390 px) and desktop (1280 px) width: saved under test-results/screenshots to be
 * looked at, and checked with axe at both widths (layouts differ, so can violations).
 */
const OUT = "test-results/screenshots";
const WIDTHS = [390, 1280] as const;

async function shoot(page: Page, name: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await expectNoAxeViolations(page, `${name} at ${width}px`);
    await page.screenshot({ path: `${OUT}/${name}-${width}.png`, fullPage: true });
  }
}

test("screenshots of the citizen pages, phone and desktop", async ({ page }) => {
  test.setTimeout(300_000);
  mkdirSync(OUT, { recursive: true });
  await page.goto(`/${ENTE}`);
  await shoot(page, "01-home");
  await page.goto(`/${ENTE}/servizi`);
  await shoot(page, "02-catalogo");
  await page.goto(`/${ENTE}/servizi?q=mensa`);
  await shoot(page, "03-catalogo-ricerca");
  await page.goto(`/${ENTE}/servizi/contributo-affitto`);
  await shoot(page, "04-scheda");
  await page.goto(`/${ENTE}/servizi/bonus-idrico`);
  await shoot(page, "05-scheda-sospeso");
  await page.goto(`/${ENTE}/accedi`);
  await shoot(page, "06-accedi");
  await loginAsCitizen(page, "Mario Rossi");
  await page.goto(`/${ENTE}/servizi/contributo-affitto/compila`);
  await shoot(page, "07-privacy");
  await page.getByLabel("Ho letto e compreso l'informativa sulla privacy").check();
  await page.getByRole("button", { name: "Inizia a compilare" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Richiedente" })).toBeVisible();
  await shoot(page, "08-modulo-passo1");
  await page.getByRole("button", { name: "Avanti" }).click();
  await page.getByLabel(/^Valore ISEE/).fill("abc");
  await page.getByRole("button", { name: "Avanti" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await shoot(page, "09-modulo-errori");
  await page.getByLabel(/^Componenti/).fill("3");
  await page.getByLabel(/^Valore ISEE/).fill("8500,50");
  await page.getByLabel(/^Data di registrazione/).fill("2025-03-01");
  await page.getByLabel(/^IBAN/).fill("IT60X0542811101000000123456");
  await page.getByRole("button", { name: "Avanti" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Allegati" })).toBeVisible();
  await shoot(page, "10-modulo-allegati");
  await page.goto(page.url().replace(/modifica.*$/, "riepilogo"));
  await shoot(page, "11-riepilogo");
  await page.goto(`/${ENTE}/area-personale`);
  await shoot(page, "12-area-personale");
  await page.locator("#pratiche ~ ul li.card, section[aria-labelledby=pratiche] li.card").first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 2, name: "Iter della pratica" })).toBeVisible();
  await shoot(page, "13-pratica");
  await page.goto(`/${ENTE}/area-personale/profilo`);
  await shoot(page, "14-profilo");
});
