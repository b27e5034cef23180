import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const ENTE = "comune-di-bugliano";
export const PASSWORD = "stanza-demo";
export const SHOTS_DIR = path.resolve("test-results", "screenshots");

/** Logs a staff member in through the footer link, as the manual describes. */
export async function loginAsStaff(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`/${ENTE}`);
  await page.getByRole("contentinfo").getByRole("link", { name: "Area operatori" }).click();
  await expect(page).toHaveURL(new RegExp(`/${ENTE}/operatori/login$`));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Accedi" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pannello di controllo" })).toBeVisible();
}

/** A full-page screenshot at desktop width and at 390 px (phone), then back to desktop. */
export async function shoot(page: Page, name: string): Promise<void> {
  if (!existsSync(SHOTS_DIR)) mkdirSync(SHOTS_DIR, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(size);
}

/** The workflow's outbox worker delivers email; until it exists in this branch there is nothing to receive. */
export const HAS_OUTBOX_WORKER = existsSync(path.resolve("scripts", "worker.ts")) || existsSync(path.resolve("lib", "outbox", "worker.ts"));
