import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

export const ENTE = "comune-di-bugliano";

/** A tiny but real PDF (the server checks the bytes, not the name). */
export function pdfBytes(text = "Documento di prova"): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

/** WCAG 2.1 A/AA checks with axe-core: every citizen page must have none. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  // Next streams the <title> of dynamic pages: wait until the page is complete before judging it.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

/** Signs in through demo mode's test identity provider, as the SPID test environment would. */
export async function loginAsCitizen(page: Page, name = "Mario Rossi", next?: string): Promise<void> {
  await page.goto(`/${ENTE}/accedi${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await page.getByRole("button", { name: `Entra come ${name}` }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/accedi"));
}

/** The request flow's step header ("Passo n di N" and the list of steps), the same on every step. */
export function steps(page: Page): Locator {
  return page.getByTestId("request-steps");
}

/** The request flow's first step: acknowledge the privacy notice (asked once) and start the form. */
export async function acceptPrivacy(page: Page): Promise<void> {
  await page.getByLabel("Ho letto e compreso l'informativa sulla privacy").check();
  await page.getByRole("button", { name: "Inizia a compilare" }).click();
  await page.waitForURL(/\/modifica/);
}

/** From the summary: send the request, land on the confirmation, then open the pratica. */
export async function submitAndOpen(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Invia la domanda" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Richiesta inviata" })).toBeVisible();
  await page.getByRole("link", { name: "Consulta la richiesta" }).click();
}

/** A short submission of "accesso agli atti" (no protocol needed, so an operator can take it at once); its id. */
export async function submitAccessoAgliAtti(page: Page, documenti: string): Promise<string> {
  await page.goto(`/${ENTE}/servizi/accesso-agli-atti/compila`);
  await acceptPrivacy(page);
  await page.getByRole("button", { name: "Avanti" }).click();
  await page.getByLabel("Accesso civico generalizzato").check();
  await page.getByLabel(/^Documenti richiesti/).fill(documenti);
  await page.getByLabel(/^Modalità di ricezione/).selectOption("email");
  await page.getByRole("button", { name: "Vai al riepilogo" }).click();
  await submitAndOpen(page);
  await expect(page.getByText("Domanda inviata.")).toBeVisible();
  return /pratiche\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";
}

/** No sideways scrolling at 360 px on the page as it is; the viewport is put back afterwards. */
export async function expectNoHorizontalScrollAt360(page: Page, label: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `horizontal scroll at 360 px on ${label}`).toBeLessThanOrEqual(0);
  if (size) await page.setViewportSize(size);
}
