import { BUGLIANO_CREST_SVG } from "../../db/seed-crest";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIResponse, type Page, type Response } from "@playwright/test";
import { ADMIN, ENTE, OPERATOR, citizenLogin, staffLogin } from "./admin-helpers";

test.describe.configure({ mode: "serial" });

const SHOTS = path.resolve("test-results", "screens");

type Headers = Record<string, string>;

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = "", ...rest] = d.split(/\s+/);
        return [name, rest.join(" ")] as const;
      }),
  );
}

/** What every answer carries, page or not. Served over plain http here: no HSTS. */
function expectCommonHeaders(h: Headers, label: string): void {
  expect(h["x-content-type-options"], label).toBe("nosniff");
  expect(h["x-frame-options"], label).toBe("DENY");
  expect(h["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"], label).toContain("camera=()");
  expect(h["permissions-policy"], label).toContain("microphone=()");
  expect(h["permissions-policy"], label).toContain("geolocation=()");
  expect(h["strict-transport-security"], label).toBeUndefined();
}

/** A page's CSP: a nonce for scripts, never 'unsafe-inline' for them, never framed. Returns the nonce. */
function expectPageCsp(h: Headers, label: string): string {
  expectCommonHeaders(h, label);
  const csp = h["content-security-policy"] ?? "";
  const d = directives(csp);
  const script = d.get("script-src") ?? "";
  expect(script, label).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(script, label).toContain("'strict-dynamic'");
  expect(script, label).not.toContain("unsafe-inline");
  expect(script, label).not.toContain("unsafe-eval");
  expect(d.get("frame-ancestors"), label).toBe("'none'");
  expect(d.get("object-src"), label).toBe("'none'");
  expect(d.get("base-uri"), label).toBe("'self'");
  return /'nonce-([^']+)'/.exec(script)?.[1] ?? "";
}

/** Records every CSP violation the page reports, from the DOM event and from the console. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (msg) => {
    // A policy the browser cannot parse is reported on the console too (e.g. an unknown Permissions-Policy feature).
    if (/Content Security Policy|Permissions-Policy|Refused to (execute|load|apply|frame|connect)/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
  });
  void page.exposeFunction("__reportCsp", (v: string) => violations.push(v));
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCsp: (v: string) => void }).__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return violations;
}

async function visit(page: Page, url: string): Promise<Response> {
  const response = await page.goto(url);
  if (!response) throw new Error(`no response for ${url}`);
  expect(response.status(), url).toBeLessThan(400);
  return response;
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

test("citizen pages: nonce CSP, fresh nonce per request on Next's own scripts, pages hydrate with no violation", async ({ page }) => {
  const violations = watchCsp(page);
  const first = await visit(page, `/${ENTE}`);
  const nonce = expectPageCsp(first.headers(), "citizen home");
  // Next put the request's nonce on the scripts it rendered.
  expect(await first.text()).toContain(`nonce="${nonce}"`);
  const second = await visit(page, `/${ENTE}/servizi`);
  expect(expectPageCsp(second.headers(), "catalogue")).not.toBe(nonce);

  // A client component at work: the catalogue's search and the form wizard's live checks need hydrated React.
  await citizenLogin(page);
  await visit(page, `/${ENTE}/servizi/accesso-agli-atti`);
  await page.getByRole("link", { name: "Accedi al servizio" }).first().click();
  await expect(page.getByRole("heading", { level: 2, name: "Informativa sulla privacy" })).toBeVisible();
  await page.getByLabel("Ho letto e compreso l'informativa sulla privacy").check();
  await page.getByRole("button", { name: "Inizia a compilare" }).click();
  await expect(page).toHaveURL(/\/area-personale\/pratiche\/[0-9a-f-]+\/modifica/);
  await page.getByLabel(/^Email/).fill("mario.rossi@example.com");
  // The autosave status is written by client code after a debounce: only a hydrated page shows it.
  await expect(page.getByRole("status").filter({ hasText: "Bozza salvata alle" })).toBeVisible();
  await shot(page, "csp-citizen-wizard");
  expect(violations).toEqual([]);
});

test("operator pages: headers, the Radix dialog opens and closes, no violation", async ({ page }) => {
  const violations = watchCsp(page);
  await staffLogin(page, OPERATOR);
  const dash = await visit(page, `/${ENTE}/operatori?tab=da-assegnare`);
  expectPageCsp(dash.headers(), "operator dashboard");
  const take = page.locator("tbody tr").getByRole("button", { name: "Prendi in carico" }).first();
  await take.click();
  const dialog = page.getByRole("dialog", { name: "Prendi in carico la pratica" });
  await expect(dialog).toBeVisible();
  await shot(page, "csp-operator-dialog");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(violations).toEqual([]);
});

test("admin pages and /api/docs: headers, the form builder works, no violation", async ({ page }) => {
  const violations = watchCsp(page);
  await staffLogin(page, ADMIN);
  const home = await visit(page, `/${ENTE}/admin`);
  expectPageCsp(home.headers(), "admin home");
  await visit(page, `/${ENTE}/admin/impostazioni`);
  // The form builder: a client component whose preview is the citizen's renderer, validated with zod in the browser.
  await visit(page, `/${ENTE}/admin/servizi`);
  const name = `Servizio CSP ${Date.now()}`;
  await page.getByLabel("Nome del servizio").fill(name);
  await page.getByRole("button", { name: "Crea il servizio" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await page.getByRole("link", { name: "Modulo" }).click();
  await page.getByLabel("Tipo del nuovo campo").selectOption("select");
  await page.getByRole("button", { name: "+ Aggiungi campo", exact: true }).click();
  await page.getByText("Impostazioni: Menu a tendina").click();
  await page.locator("#p0-i2-label").fill("Tipo di associazione");
  await expect(page.getByTestId("form-preview").getByLabel(/^Tipo di associazione/)).toBeVisible();
  await page.locator("#p0-i2-name").fill("descrizione");
  await expect(page.getByTestId("form-validity")).toContainText("Nome di campo duplicato: «descrizione»");
  await shot(page, "csp-admin-form-builder");

  // An SVG logo: shown by the pages (img-src 'self'), served on its own under a CSP that runs nothing.
  await visit(page, `/${ENTE}/admin/impostazioni`);
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" style="fill:#0066cc"/></svg>';
  await page.locator("#f-logo").setInputFiles({ name: "stemma.svg", mimeType: "image/svg+xml", buffer: Buffer.from(svg) });
  await page.getByRole("button", { name: "Carica lo stemma" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Stemma aggiornato" })).toBeVisible();
  await visit(page, `/${ENTE}`);
  const img = page.locator("header img").first();
  await expect(img).toBeVisible();
  expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  const logo = await page.request.get((await img.getAttribute("src")) ?? "");
  expect(logo.headers()["content-type"]).toBe("image/svg+xml");
  expect(logo.headers()["x-content-type-options"]).toBe("nosniff");
  const ld = directives(logo.headers()["content-security-policy"] ?? "");
  expect(ld.get("default-src")).toBe("'none'");
  expect(ld.get("style-src")).toBe("'unsafe-inline'");
  expect(ld.has("sandbox")).toBe(true);
  await visit(page, `/${ENTE}/admin/impostazioni`);
  await page.getByRole("button", { name: "Rimuovi lo stemma" }).click();
  await expect(page.locator("header img")).toHaveCount(0);
  // The demo's own crest back, as later specs (and the Modello Comuni checks) expect the ente to have one.
  await page.locator("#f-logo").setInputFiles({ name: "stemma.svg", mimeType: "image/svg+xml", buffer: Buffer.from(BUGLIANO_CREST_SVG) });
  await page.getByRole("button", { name: "Carica lo stemma" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Stemma aggiornato" })).toBeVisible();

  const docs = await visit(page, "/api/docs");
  expectPageCsp(docs.headers(), "/api/docs");
  await expect(page.getByRole("heading", { level: 1, name: "API per i partner" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("the demo mailbox shows a mail (its HTML in a sandboxed frame) with no violation", async ({ page }) => {
  const violations = watchCsp(page);
  const address = `csp.${Date.now()}@example.com`;
  await visit(page, `/${ENTE}/accedi`);
  await page.getByLabel("Email", { exact: true }).fill(address);
  await page.getByRole("button", { name: "Inviami il link" }).click();
  await expect(page.getByText("Se l'indirizzo è corretto riceverai a breve un'email")).toBeVisible();
  // The worker delivers from the outbox, then the demo mailbox lists the copy.
  const mail = page.locator("li").filter({ hasText: address }).getByRole("link");
  await expect(async () => {
    const list = await visit(page, "/posta");
    expectPageCsp(list.headers(), "/posta");
    await expect(mail).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await mail.click();
  await expect(page.getByTestId("mail-text")).toContainText("/accedi/email?");
  await expect(page.locator("iframe")).toBeVisible();
  await shot(page, "csp-posta-mail");
  expect(violations).toEqual([]);
});

test("API answers: nosniff, nothing loads, never framed", async ({ request }) => {
  for (const url of ["/api/v1.0/services", "/api/v1.0/openapi.json", "/api/health"]) {
    const res: APIResponse = await request.get(url);
    const h = res.headers();
    expectCommonHeaders(h, url);
    const d = directives(h["content-security-policy"] ?? "");
    expect(d.get("default-src"), url).toBe("'none'");
    expect(d.get("frame-ancestors"), url).toBe("'none'");
  }
});

test("pratica files: a download by default; ?anteprima=1 shows a PDF inline, loading nothing", async ({ page }) => {
  await citizenLogin(page);
  await visit(page, `/${ENTE}/area-personale`);
  const praticaLinks = await page.locator(`a[href*="/${ENTE}/area-personale/pratiche/"]`).evaluateAll((as) => [...new Set(as.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""))]);
  let fileHref: string | null = null;
  for (const href of praticaLinks) {
    await visit(page, href);
    const link = page.locator(`a[href^="/${ENTE}/allegati/"]`).first();
    if ((await link.count()) > 0) {
      fileHref = await link.getAttribute("href");
      break;
    }
  }
  expect(fileHref, "a pratica of the demo citizen with a file").not.toBeNull();
  // The receipt is a PDF: next to its download link, a preview link asks for ?anteprima=1.
  await expect(page.locator(`a[href="${fileHref}?anteprima=1"]`)).toHaveText("Anteprima");

  const download = await page.request.get(fileHref!);
  expect(download.status()).toBe(200);
  const dh = download.headers();
  expectCommonHeaders(dh, "attachment");
  expect(dh["content-disposition"]).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
  expect(dh["cache-control"]).toContain("no-store");
  expect(directives(dh["content-security-policy"] ?? "").get("default-src")).toBe("'none'");

  const preview = await page.request.get(`${fileHref}?anteprima=1`);
  expect(preview.status()).toBe(200);
  const ph = preview.headers();
  expect(ph["content-type"]).toBe("application/pdf");
  expect(ph["content-disposition"]).toMatch(/^inline; /);
  const pd = directives(ph["content-security-policy"] ?? "");
  expect(pd.get("default-src")).toBe("'none'");
  expect(pd.get("frame-ancestors")).toBe("'none'");
  expect(pd.has("script-src")).toBe(false);

  // Not signed in: no file, and still the headers.
  const anonymous = await page.context().browser()!.newContext();
  const denied = await anonymous.request.get(new URL(fileHref!, page.url()).toString());
  expect(denied.status()).toBe(401);
  expectCommonHeaders(denied.headers(), "denied file");
  await anonymous.close();
});
