import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page, type Response } from "@playwright/test";
import { APP_ORIGIN } from "../helpers/origin";
import { ENTE, loginAsStaff } from "../helpers/operator";
import { loginAsCitizen } from "./citizen-helpers";
import { serverActionFields } from "../helpers/forms";

/**
 * A page on the same site but another origin (another port of 127.0.0.1: the browser sends the session cookies,
 * which are SameSite=Lax) auto-submits forms to every state-changing browser entry point while the victim is
 * signed in. Every one is refused with 403 and nothing changes.
 */
test.describe.configure({ mode: "serial" });

type Forged = { url: string; method?: "POST"; fields: Record<string, string>; multipart?: boolean };

let evil: Server;
let evilOrigin = "";
let html = "";

test.beforeAll(async () => {
  evil = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => evil.close(() => resolve()));
});

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The attacker's page: one auto-submitting form per target, each into its own frame, and a cross-origin PUT. */
function attackPage(targets: Forged[], put?: { url: string; body: string }): string {
  const forms = targets
    .map((t, i) => {
      const inputs = Object.entries(t.fields)
        .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
        .join("");
      const enc = t.multipart ? ' enctype="multipart/form-data"' : "";
      return `<iframe name="f${i}"></iframe><form id="form${i}" method="post" action="${escapeHtml(APP_ORIGIN + t.url)}" target="f${i}"${enc}>${inputs}</form>`;
    })
    .join("\n");
  const putScript = put
    ? `fetch(${JSON.stringify(APP_ORIGIN + put.url)}, { method: "PUT", credentials: "include", headers: { "content-type": "application/json" }, body: ${JSON.stringify(put.body)} }).catch(() => {});`
    : "";
  return `<!doctype html><html><body><h1>Vinci un premio</h1>${forms}<script>for (const f of document.forms) f.submit(); ${putScript}</script></body></html>`;
}

/** Opens the attacker's page and collects the app's answers to the forged posts. */
async function attack(page: Page, targets: Forged[], put?: { url: string; body: string }): Promise<Map<string, number>> {
  html = attackPage(targets, put);
  const statuses = new Map<string, number>();
  const onResponse = (r: Response) => {
    if (r.url().startsWith(APP_ORIGIN) && r.request().method() !== "GET") statuses.set(new URL(r.url()).pathname, r.status());
  };
  page.on("response", onResponse);
  await page.goto(`${evilOrigin}/premio.html`);
  await expect.poll(() => targets.every((t) => statuses.has(new URL(APP_ORIGIN + t.url).pathname)), { timeout: 15_000 }).toBe(true);
  page.off("response", onResponse);
  return statuses;
}

test("an operator's and an admin's session cannot be used by another origin", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await loginAsStaff(page, "operatore@bugliano.example");
  const dashboard = `/${ENTE}/operatori`;
  await page.goto(`${dashboard}?tab=da-gestire&q=accesso&sort=stato&dir=asc`);
  const id = await page.locator("tbody tr").filter({ hasText: "In carico" }).first().getAttribute("data-pratica-id");
  expect(id).toBeTruthy();
  await page.goto(`${dashboard}/pratiche/${id}`);
  const messagesBefore = await page.locator("#messaggi ~ * li, #messaggi + * li").count();
  const integrationForm = await serverActionFields(page, "form:has(textarea[name=message])");
  expect(Object.keys(integrationForm).some((k) => k.startsWith("$ACTION_"))).toBe(true);
  const logoutForm = await serverActionFields(page, "header form");

  const statuses = await attack(page, [
    { url: `${dashboard}/pratiche/${id}/elabora/conferma`, fields: { outcome: "rejected", motivation: "Respinta da un altro sito" }, multipart: true },
    { url: `${dashboard}/pratiche/${id}/messaggi`, fields: { body: "Messaggio falso" }, multipart: true },
    { url: `${dashboard}/pratiche/${id}`, fields: { ...integrationForm, message: "Mandate tutto a questo indirizzo" } },
    { url: `/${ENTE}`, fields: logoutForm },
    { url: "/lingua", fields: { lang: "en" } },
  ]);
  for (const [path, status] of statuses) expect(status, path).toBe(403);

  // Nothing changed: still in charge, no new message or request, still signed in, still in Italian.
  await page.goto(`${dashboard}/pratiche/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("Stato:").locator("..")).toContainText("In carico");
  await expect(page.getByText("Messaggio falso")).toHaveCount(0);
  await expect(page.getByText("Mandate tutto a questo indirizzo")).toHaveCount(0);
  expect(await page.locator("#messaggi ~ * li, #messaggi + * li").count()).toBe(messagesBefore);
  expect((await page.context().cookies()).find((c) => c.name === "stanza_lang")).toBeUndefined();
  await page.context().close();
});

test("a citizen's session cannot be used by another origin", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await loginAsCitizen(page, "Mario Rossi");
  await page.goto(`/${ENTE}/area-personale`);
  const href = await page.locator("li.card a").first().getAttribute("href");
  expect(href).toBeTruthy();
  const praticaPath = new URL(APP_ORIGIN + href).pathname;
  await page.goto(praticaPath);
  const before = await page.getByRole("main").innerText();
  const logoutForm = await serverActionFields(page, "header form");

  const statuses = await attack(
    page,
    [
      { url: `${praticaPath}/messaggi`, fields: { body: "Scritto da un altro sito" }, multipart: true },
      { url: `${praticaPath}/integrazioni`, fields: { message: "Integrazione falsa" }, multipart: true },
      { url: `${praticaPath}/file?campo=documento`, fields: { x: "y" }, multipart: true },
      { url: `/${ENTE}/area-personale`, fields: logoutForm },
    ],
    { url: `${praticaPath}/bozza`, body: JSON.stringify({ nome: "falso" }) },
  );
  for (const [path, status] of statuses) expect(status, path).toBe(403);

  await page.goto(praticaPath);
  await expect(page.getByText("Scritto da un altro sito")).toHaveCount(0);
  await expect(page.getByText("Integrazione falsa")).toHaveCount(0);
  expect(await page.getByRole("main").innerText()).toBe(before);
  await page.context().close();
});

test("the same posts from the app's own origin are not refused as cross-site", async ({ page }) => {
  const res = await page.request.post("/lingua", { form: { lang: "it" }, headers: { Origin: APP_ORIGIN }, maxRedirects: 0 });
  expect(res.status()).toBe(303);
  const foreign = await page.request.post("/lingua", { form: { lang: "en" }, headers: { Origin: "http://127.0.0.1:1" }, maxRedirects: 0 });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).code).toBe("request.cross_site");
  const none = await page.request.post("/lingua", { form: { lang: "en" }, maxRedirects: 0 });
  expect(none.status()).toBe(403);
  const sameSite = await page.request.post("/lingua", { form: { lang: "en" }, headers: { "Sec-Fetch-Site": "same-site" }, maxRedirects: 0 });
  expect(sameSite.status()).toBe(403);
});
