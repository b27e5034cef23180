import { expect, test, type Page } from "@playwright/test";
import { SAME_ORIGIN } from "../helpers/origin";
import { adminContext, ENTE } from "./admin-helpers";
import { loginAsStaff } from "../helpers/operator";
import { loginAsCitizen } from "./citizen-helpers";
import { serverActionFields } from "../helpers/forms";

/**
 * Text that is not text: NUL and UTF-16 halves without their pair. Sent in every query parameter a page reads
 * and in the fields of every browser write, they get a clear refusal (a 4xx, or the page shown with the field's
 * error), never a 500.
 */
const NUL = "a\u0000b";
const BAD_QUERY = "q=%00&tab=%00&sort=%00&dir=%00&page=%00&pageSize=%00&action=%00&actorKind=%00&actorId=%00&targetType=%00&targetId=%00&from=%00&to=%00&esito=%00&errore=%00&codice=%00&messaggio=%00&next=%00&versione=%00&status=%00&topic=%00&stato=%00";

async function expectNo500(page: Page, urls: string[]) {
  for (const url of urls) {
    const sep = url.includes("?") ? "&" : "?";
    // Only the server's status matters here: asked with the page's cookies, without rendering the page.
    const res = await page.request.get(`${url}${sep}${BAD_QUERY}`);
    expect(res.status(), url).toBeLessThan(500);
  }
}

test("pages: NUL in every query parameter is never a 500; the dashboard search says what is wrong", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  const admin = `/${ENTE}/admin`;
  await expectNo500(page, [admin, `${admin}/servizi`, `${admin}/operatori`, `${admin}/partner`, `${admin}/impostazioni`, `${admin}/notifiche`, `${admin}/protocollo`, `${admin}/registro`]);
  const csv = await page.request.get(`${admin}/registro/csv?action=%00`);
  expect(csv.status()).toBe(422);
  expect((await csv.json()).fieldErrors.action).toBeTruthy();
  await page.goto(`${admin}/registro?action=%00`);
  await expect(page.getByRole("main").getByText(/caratteri non ammessi/)).toBeVisible();
  await context.close();

  const op = await (await browser.newContext()).newPage();
  await loginAsStaff(op, "operatore@bugliano.example");
  const dashboard = `/${ENTE}/operatori`;
  await expectNo500(op, [dashboard, `${dashboard}/metriche`, `${dashboard}/protocollo`]);
  // A server action posted without its fields, and with NUL in them, as a no-script form would: no 500.
  await op.goto(`${dashboard}?tab=da-gestire&q=accesso&sort=stato&dir=asc`);
  const held = await op.locator("tbody tr").filter({ hasText: "In carico" }).first().getAttribute("data-pratica-id");
  await op.goto(`${dashboard}/pratiche/${held}`);
  const fields = await serverActionFields(op, "form:has(textarea[name=message])");
  const actionOnly = Object.fromEntries(Object.entries(fields).filter(([k]) => k.startsWith("$ACTION")));
  for (const form of [actionOnly, { ...fields, message: NUL }, { ...fields, praticaId: "non-un-id" }]) {
    const res = await op.request.post(`${dashboard}/pratiche/${held}`, { headers: SAME_ORIGIN, multipart: form });
    expect(res.status()).toBeLessThan(500);
  }
  await op.goto(`${dashboard}/pratiche/${held}`);
  await expect(op.getByText("Stato:").locator("..")).toContainText("In carico");
  await op.goto(`${dashboard}?q=%00`);
  await expect(op.locator("#q-error")).toContainText("caratteri non ammessi");
  const exportRes = await op.request.get(`${dashboard}/export?tab=tutte&q=%00`);
  expect(exportRes.status()).toBe(422);
  expect((await exportRes.json()).fieldErrors.q).toBeTruthy();
  await op.context().close();

  const citizen = await (await browser.newContext()).newPage();
  await loginAsCitizen(citizen, "Mario Rossi");
  await expectNo500(citizen, [`/${ENTE}`, `/${ENTE}/servizi`, `/${ENTE}/area-personale`, `/${ENTE}/area-personale/profilo`, `/${ENTE}/monitoraggio`, `/${ENTE}/accedi`]);
  await citizen.context().close();
});

test("writes: NUL and lone surrogates in form fields and JSON are 4xx with the field named, and nothing is stored", async ({ page }) => {
  await loginAsCitizen(page, "Mario Rossi");
  await page.goto(`/${ENTE}/area-personale`);
  // A submitted pratica of the citizen's (the Scrivania also links drafts and requests for documents).
  const hrefs = await page.locator('a[href*="/area-personale/pratiche/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const pratica = hrefs.find((h) => /\/area-personale\/pratiche\/[0-9a-f-]{36}$/.test(h)) ?? "";
  expect(pratica).not.toBe("");

  // A plain form post: back to the pratica with a refusal, and no message written.
  const msg = await page.request.post(`${pratica}/messaggi`, { headers: SAME_ORIGIN, multipart: { body: NUL }, maxRedirects: 0 });
  expect(msg.status()).toBe(303);
  expect(msg.headers().location).toContain("errore=");
  await page.goto(pratica);
  await expect(page.getByText("ab", { exact: true })).toHaveCount(0);

  // The wizard's autosave: JSON with NUL, with a lone surrogate, nested 5,000 deep.
  const draft = await startDraft(page);
  const put = (data: string) => page.request.put(`${draft}/bozza`, { headers: { ...SAME_ORIGIN, "content-type": "application/json" }, data });
  const nul = await put(JSON.stringify({ email: NUL }));
  expect(nul.status()).toBe(422);
  expect((await nul.json()).fieldErrors.email).toContain("caratteri non ammessi");
  const lone = await put('{"email":"x\\ud800y"}');
  expect(lone.status()).toBe(422);
  const deep = await put(`${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`);
  expect(deep.status()).toBe(400);
  const notJson = await page.request.put(`${draft}/bozza`, { headers: { ...SAME_ORIGIN, "content-type": "application/json" }, data: Buffer.from("{not json") });
  expect(notJson.status()).toBe(400);

  // The language switch with a Referer that is not a URL.
  const lang = await page.request.post("/lingua", { headers: { ...SAME_ORIGIN, Referer: "not a url" }, form: { lang: "it" }, maxRedirects: 0 });
  expect(lang.status()).toBe(303);
  expect(lang.headers().location).toBe("/");
});

/** Starts a draft of "occupazione suolo pubblico" and returns its path. */
async function startDraft(page: Page): Promise<string> {
  await page.goto(`/${ENTE}/servizi/occupazione-suolo-pubblico/compila`);
  await page.getByLabel("Ho letto e compreso l'informativa sulla privacy").check();
  await page.getByRole("button", { name: "Inizia a compilare" }).click();
  await page.waitForURL(/\/modifica$/);
  return new URL(page.url()).pathname.replace(/\/modifica$/, "");
}
