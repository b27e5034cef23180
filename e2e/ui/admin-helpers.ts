import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

export const ENTE = "comune-di-bugliano";
export const ADMIN = { email: "admin@bugliano.example", password: "stanza-demo" };
export const OPERATOR = { email: "operatore@bugliano.example", password: "stanza-demo" };

export async function staffLogin(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(`/${ENTE}/operatori/login`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Accedi" }).click();
  await expect(page).not.toHaveURL(/\/operatori\/login$/);
}

export async function citizenLogin(page: Page, name = "Mario Rossi"): Promise<void> {
  await page.goto(`/${ENTE}/accedi`);
  await page.getByRole("button", { name: `Entra come ${name}` }).click();
  await expect(page).toHaveURL(/area-personale/);
}

export async function adminContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await staffLogin(page, ADMIN);
  await expect(page).toHaveURL(new RegExp(`/${ENTE}/admin$`));
  return { context, page };
}

const SHOTS = path.resolve("test-results", "screens");

/** A full-page screenshot at desktop and phone width, to look at. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(size);
}
