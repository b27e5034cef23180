import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { recipients, waitForMail } from "../helpers/mail";

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

/** Every page of the administration, the detail pages reached through the first link of their list (`page` is an admin's). */
export async function adminPageUrls(page: Page): Promise<string[]> {
  const base = `/${ENTE}/admin`;
  const firstLink = async (list: string, prefix: string) => {
    await page.goto(list);
    const href = await page.locator(`main a[href^="${prefix}"]`).first().getAttribute("href");
    expect(href, `a link to ${prefix}… on ${list}`).toBeTruthy();
    return href ?? "";
  };
  const service = await firstLink(`${base}/servizi`, `${base}/servizi/`);
  const operator = await firstLink(`${base}/operatori`, `${base}/operatori/`);
  const partner = await firstLink(`${base}/partner`, `${base}/partner/`);
  return [
    base,
    `${base}/operatori`,
    operator,
    `${base}/servizi`,
    service,
    `${service}/modulo`,
    `${service}/email`,
    `${service}/pagamenti`,
    `${service}/io`,
    `${base}/partner`,
    partner,
    `${base}/impostazioni`,
    `${base}/notifiche`,
    `${base}/protocollo`,
    `${base}/registro`,
    `${base}/valutazioni`,
    `${base}/pagamenti`,
    `${base}/pagamenti/impostazioni`,
  ];
}

/**
 * The demo admin invites a new staff member from the operators page (Italian labels); returns the set-password
 * link of the invitation email.
 */
export async function inviteStaff(browser: Browser, who: { name: string; email: string }, role: "operator" | "admin"): Promise<string> {
  const { context, page: admin } = await adminContext(browser);
  await admin.goto(`/${ENTE}/admin/operatori`);
  const startedAt = Date.now();
  await admin.getByLabel("Nome e cognome").fill(who.name);
  await admin.getByLabel("Email", { exact: true }).fill(who.email);
  await admin.getByLabel("Ruolo").selectOption(role);
  await admin.getByRole("button", { name: "Crea e invia l'invito" }).click();
  await expect(admin.getByRole("status")).toContainText("Operatore creato");
  const mail = await waitForMail((m) => recipients(m).includes(who.email) && (m.date?.getTime() ?? 0) >= startedAt - 2000, 45_000);
  const link = /https?:\/\/[^\s"'<>]+\/operatori\/imposta-password\/[A-Za-z0-9_-]+/.exec(`${mail.text ?? ""} ${typeof mail.html === "string" ? mail.html : ""}`)?.[0];
  expect(link).toBeTruthy();
  await context.close();
  return link ?? "";
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
