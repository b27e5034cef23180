import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ENTE, expectNoAxeViolations, expectNoHorizontalScrollAt360, loginAsCitizen } from "./citizen-helpers";

/** The personal area's four sections (Scrivania, Messaggi, Attività, Servizi), as links to their own pages. */
const OUT = "test-results/screenshots";
const TABS = [
  ["Scrivania", ""],
  ["Messaggi", "/messaggi"],
  ["Attività", "/attivita"],
  ["Servizi", "/servizi"],
] as const;

const tabs = (page: Page) => page.getByRole("navigation", { name: "Sezioni dell'area personale" });

async function expectCurrentTab(page: Page, name: string) {
  const current = tabs(page).locator('a[aria-current="page"]');
  await expect(current).toHaveCount(1);
  await expect(current).toContainText(name);
}


test("the four sections of the personal area: tabs as links, content, unread threads marked and cleared", async ({ page }) => {
  test.setTimeout(120_000);
  mkdirSync(OUT, { recursive: true });
  await loginAsCitizen(page, "Luca Verdi");
  const base = `/${ENTE}/area-personale`;

  // Scrivania.
  await page.goto(base);
  await expect(page.getByRole("heading", { level: 1, name: "Area personale" })).toBeVisible();
  await expectCurrentTab(page, "Scrivania");
  for (const [name, path] of TABS) await expect(tabs(page).getByRole("link", { name })).toHaveAttribute("href", `${base}${path}`);
  for (const h of ["Da fare", "Le mie pratiche", "Ultimi messaggi", "Ultime attività", "Scorciatoie"]) await expect(page.getByRole("heading", { level: 2, name: h })).toBeVisible();
  await expect(page.locator('section[aria-labelledby="pratiche"] li.card').first()).toBeVisible();
  await expect(page.locator('section[aria-labelledby="ultimi-messaggi"] li').first()).toBeVisible();
  await expectNoAxeViolations(page, "Scrivania");
  await expectNoHorizontalScrollAt360(page, "Scrivania");
  await page.screenshot({ path: `${OUT}/area-personale.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: `${OUT}/area-personale-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Messaggi: one thread per pratica, newest first; an unread one loses its mark once read.
  await tabs(page).getByRole("link", { name: /^Messaggi/ }).click();
  await expect(page).toHaveURL(`${base}/messaggi`);
  await expectCurrentTab(page, "Messaggi");
  await expect(page.getByRole("heading", { level: 2, name: "Messaggi" })).toBeVisible();
  const threads = page.locator('section[aria-labelledby="messaggi"] li');
  await expect(threads.first()).toBeVisible();
  const times = await threads.locator("time").evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute("datetime") ?? "")));
  expect([...times].sort((a, b) => b - a)).toEqual(times);
  await expectNoAxeViolations(page, "Messaggi");
  await expectNoHorizontalScrollAt360(page, "Messaggi");
  const unread = threads.filter({ hasText: "Da leggere" });
  const unreadBefore = await unread.count();
  expect(unreadBefore, "the demo seed leaves Luca Verdi unread answers").toBeGreaterThan(0);
  const link = unread.first().getByRole("link");
  const href = (await link.getAttribute("href")) ?? "";
  await link.click();
  await expect(page.getByRole("heading", { level: 2, name: "Iter della pratica" })).toBeVisible();
  await expect(page.locator("#messaggi")).toBeVisible();
  await page.goto(`${base}/messaggi`);
  await expect(threads.filter({ has: page.locator(`a[href="${href}"]`) })).not.toContainText("Da leggere");
  await expect(unread).toHaveCount(unreadBefore - 1);
  const lucasThreads = await threads.getByRole("link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));

  // Attività: the timeline across pratiche, newest first, by pages.
  await tabs(page).getByRole("link", { name: "Attività" }).click();
  await expect(page).toHaveURL(`${base}/attivita`);
  await expectCurrentTab(page, "Attività");
  const events = page.locator('section[aria-labelledby="attivita"] li');
  await expect(events.first()).toBeVisible();
  const eventTimes = await events.locator("time").evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute("datetime") ?? "")));
  expect([...eventTimes].sort((a, b) => b - a)).toEqual(eventTimes);
  await expect(page.getByText("Hai inviato la domanda").first()).toBeVisible();
  await expectNoAxeViolations(page, "Attività");
  await expectNoHorizontalScrollAt360(page, "Attività");
  const next = page.getByRole("link", { name: "Pagina successiva" });
  if ((await events.count()) === 20 && (await next.count()) > 0) {
    await next.click();
    await expect(page).toHaveURL(`${base}/attivita?pagina=2`);
    await expect(page.getByText(/^Pagina 2 di \d+$/)).toBeVisible();
    const secondPage = await events.locator("time").evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute("datetime") ?? "")));
    expect(Math.max(...secondPage)).toBeLessThanOrEqual(Math.min(...eventTimes));
  }

  // Servizi: the services used, and the catalogue.
  await tabs(page).getByRole("link", { name: "Servizi" }).click();
  await expect(page).toHaveURL(`${base}/servizi`);
  await expectCurrentTab(page, "Servizi");
  await expect(page.locator('section[aria-labelledby="servizi-usati"] li').first()).toBeVisible();
  await expect(page.getByText(/pratich[ae] inviat[ae]/).first()).toBeVisible();
  await expectNoAxeViolations(page, "Servizi");
  await expectNoHorizontalScrollAt360(page, "Servizi");
  await page.getByRole("link", { name: "Scopri tutti i servizi" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Servizi" })).toBeVisible();

  // Another citizen sees none of these threads, and cannot open them.
  await page.context().clearCookies();
  await loginAsCitizen(page, "Anna Neri");
  await page.goto(`${base}/messaggi`);
  await expect(page.getByRole("heading", { level: 2, name: "Messaggi" })).toBeVisible();
  const annasThreads = await page.locator('section[aria-labelledby="messaggi"] li a').evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  expect(annasThreads.filter((h) => lucasThreads.includes(h))).toEqual([]);
  const other = await page.goto(href.split("#")[0] ?? href);
  expect(other?.status()).toBe(404);
});

test("the personal area's sections need a signed-in citizen", async ({ page }) => {
  for (const [, path] of TABS) {
    await page.goto(`/${ENTE}/area-personale${path}`);
    await expect(page).toHaveURL(/\/accedi\?next=/);
  }
});
