import { expect, test } from "@playwright/test";
import { ADMIN, adminContext, adminPageUrls, citizenLogin, ENTE, OPERATOR, staffLogin } from "./admin-helpers";

/** Every admin page, with real ids taken from the admin's own lists, and the audit log's CSV download. */
async function adminUrls(browser: import("@playwright/test").Browser): Promise<string[]> {
  const { context, page } = await adminContext(browser);
  const urls = await adminPageUrls(page);
  await context.close();
  return [...urls, `/${ENTE}/admin/registro/csv`, `/${ENTE}/admin/pagamenti/csv`];
}

let urls: string[] = [];
test.beforeAll(async ({ browser }) => {
  urls = await adminUrls(browser);
});

// These three ask the server (its status, where it sends you) through the context's own request client, with its
// cookies, rather than rendering twenty pages in the browser each time; the 403 page itself is looked at in the
// browser once here, and judged (layout, axe) by every-page.spec.ts.

test("anonymous visitors are sent to the staff login from every admin page", async ({ page }) => {
  for (const url of urls) {
    const res = await page.request.get(url);
    expect(res.status(), url).toBe(200);
    expect(new URL(res.url()).pathname, url).toBe(`/${ENTE}/operatori/login`);
  }
});

test("an operator gets the 403 page on every admin page", async ({ page }) => {
  await staffLogin(page, OPERATOR);
  const shown = await page.goto(urls[0] ?? "");
  expect(shown?.status()).toBe(403);
  await expect(page).toHaveURL(new RegExp(`/${ENTE}/vietato$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accesso non consentito");
  for (const url of urls) {
    const res = await page.request.get(url);
    expect(res.status(), url).toBe(403);
    expect(new URL(res.url()).pathname, url).toBe(`/${ENTE}/vietato`);
  }
});

test("a citizen gets the 403 page on every admin page", async ({ page }) => {
  await citizenLogin(page);
  for (const url of urls) {
    const res = await page.request.get(url);
    expect(res.status(), url).toBe(403);
    expect(new URL(res.url()).pathname, url).toBe(`/${ENTE}/vietato`);
  }
});

test("admin actions re-check the role: a form posted with an operator's session is refused", async ({ browser }) => {
  // The admin opens the forms; then the same browser's session becomes an operator's and posts them.
  const { context, page } = await adminContext(browser);
  const operatorCtx = await browser.newContext();
  const opPage = await operatorCtx.newPage();
  await staffLogin(opPage, OPERATOR);
  const operatorCookies = await operatorCtx.cookies();

  await page.goto(`/${ENTE}/admin/operatori`);
  await context.clearCookies();
  await context.addCookies(operatorCookies);
  await page.getByLabel("Nome e cognome").fill("Intruso Operatore");
  await page.getByLabel("Email", { exact: true }).fill("intruso@bugliano.example");
  await page.getByRole("button", { name: "Crea e invia l'invito" }).click();
  await expect(page).toHaveURL(new RegExp(`/${ENTE}/vietato$`));

  await page.goto(`/${ENTE}/admin/partner`);
  await expect(page).toHaveURL(new RegExp(`/${ENTE}/vietato$`));

  // Back as admin: nothing was created.
  await context.clearCookies();
  await staffLogin(page, ADMIN);
  await page.goto(`/${ENTE}/admin/operatori`);
  await expect(page.getByText("intruso@bugliano.example")).toHaveCount(0);
  await page.goto(`/${ENTE}/admin/registro?action=operator.create`);
  await expect(page.getByText("intruso@bugliano.example")).toHaveCount(0);
  await operatorCtx.close();
  await context.close();
});

test("the admin area of an unknown municipality is a 404", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  const res = await page.goto("/comune-che-non-esiste/admin/operatori");
  expect(res?.status()).toBe(404);
  await context.close();
});
