import { expect, test } from "@playwright/test";
import { SAME_ORIGIN } from "../helpers/origin";
import { ENTE, loginAsStaff } from "../helpers/operator";

/**
 * Authorization at the transport: anonymous visitors, an operator not enabled on a service, an operator who
 * does not hold the pratica, and a municipality that does not exist. (Another real municipality's operators
 * are covered in tests/backoffice-authz.test.ts, where a second ente can be created.)
 */
const dashboard = `/${ENTE}/operatori`;

test("anonymous: every back-office page leads to the login; the export and the decision answer 401", async ({ page, request }) => {
  for (const path of ["", "/protocollo", "/metriche", "/pratiche/00000000-0000-4000-8000-000000000000"]) {
    await page.goto(`${dashboard}${path}`);
    await expect(page).toHaveURL(/\/operatori\/login$/);
  }
  expect((await request.get(`${dashboard}/export?tab=tutte`)).status()).toBe(401);
  expect((await request.post(`${dashboard}/pratiche/00000000-0000-4000-8000-000000000000/elabora/conferma`, { headers: SAME_ORIGIN, multipart: { outcome: "accepted", motivation: "x" } })).status()).toBe(401);
});

test("an unknown municipality is 404", async ({ page }) => {
  expect((await page.goto("/comune-inesistente/operatori"))?.status()).toBe(404);
  expect((await page.goto("/comune-inesistente/operatori/login"))?.status()).toBe(404);
});

test("a second operator: 404 on services they are not enabled on, 403 deciding a pratica someone else holds", async ({ browser }) => {
  const one = await (await browser.newContext()).newPage();
  const two = await (await browser.newContext()).newPage();
  await loginAsStaff(one, "operatore@bugliano.example");
  await loginAsStaff(two, "operatore2@bugliano.example");

  // A pratica of a service operatore2 is not enabled on (contributo affitto): not found, file not served.
  await one.goto(`${dashboard}?tab=tutte&q=contributo`);
  const foreignId = await one.locator("tbody tr[data-pratica-id]").first().getAttribute("data-pratica-id");
  await one.goto(`${dashboard}/pratiche/${foreignId}`);
  const moduloHref = await one.getByRole("link", { name: "Scarica il modulo compilato (PDF)" }).getAttribute("href");
  expect((await two.goto(`${dashboard}/pratiche/${foreignId}`))?.status()).toBe(404);
  expect((await two.goto(`${dashboard}/pratiche/${foreignId}/elabora`))?.status()).toBe(404);
  expect((await two.request.get(moduloHref ?? "")).status()).toBe(404);
  await two.goto(`${dashboard}?tab=tutte&q=contributo`);
  await expect(two.locator("tbody tr[data-pratica-id]")).toHaveCount(0);

  // A pratica of accesso agli atti held by operatore: operatore2 sees it, but cannot decide it.
  await one.goto(`${dashboard}?tab=da-gestire&q=accesso&sort=stato&dir=asc`);
  const heldId = await one.locator("tbody tr").filter({ hasText: "In carico" }).first().getAttribute("data-pratica-id");
  expect(heldId).toBeTruthy();
  await two.goto(`${dashboard}/pratiche/${heldId}`);
  await expect(two.getByRole("link", { name: "Elabora" })).toHaveCount(0);
  await two.goto(`${dashboard}/pratiche/${heldId}/elabora`);
  await expect(two.getByRole("main").getByRole("alert")).toContainText("Solo l'operatore che ha in carico la pratica");
  const forged = await two.request.post(`${dashboard}/pratiche/${heldId}/elabora/conferma`, { headers: SAME_ORIGIN, multipart: { outcome: "accepted", motivation: "Decido io" } });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error).toContain("Solo l'operatore che ha in carico la pratica");
  // The forged decision changed nothing.
  await one.goto(`${dashboard}/pratiche/${heldId}`);
  await expect(one.getByText("Stato:").locator("..")).toContainText("In carico");
});

test("bad input to the decision is a clear 4xx, never a 500", async ({ page }) => {
  await loginAsStaff(page, "operatore@bugliano.example");
  await page.goto(`${dashboard}?tab=da-gestire&q=occupazione&sort=stato&dir=asc`);
  const id = await page.locator("tbody tr").filter({ hasText: "In carico" }).first().getAttribute("data-pratica-id");
  const missing = await page.request.post(`${dashboard}/pratiche/${id}/elabora/conferma`, { headers: SAME_ORIGIN, multipart: { outcome: "forse", motivation: "" } });
  expect(missing.status()).toBe(422);
  const body = await missing.json();
  expect(Object.keys(body.fieldErrors)).toEqual(expect.arrayContaining(["outcome", "motivation"]));
  const exe = await page.request.post(`${dashboard}/pratiche/${id}/elabora/conferma`, {
    headers: SAME_ORIGIN,
    multipart: { outcome: "rejected", motivation: "Prova", responseFile: { name: "x.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ this is not a pdf") } },
  });
  expect(exe.status()).toBe(415);
  expect((await exe.json()).fieldErrors.responseFile).toContain("Tipo di file non accettato");
  await page.goto(`${dashboard}/pratiche/${id}`);
  await expect(page.getByText("Stato:").locator("..")).toContainText("In carico");
  expect((await page.goto(`${dashboard}/pratiche/non-un-id`))?.status()).toBe(404);
});
