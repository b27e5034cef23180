import { expect, test, type Page } from "@playwright/test";
import { ENTE, expectNoAxeViolations, loginAsCitizen, pdfBytes, submitAndOpen } from "./citizen-helpers";

test.describe.configure({ mode: "serial" });

const DEMO_CITIZENS = ["Mario Rossi", "Giulia Bianchi", "Luca Verdi", "Anna Neri"];

/** The demo seed is deterministic; find a demo citizen with a pratica in the given state and open it. */
async function openPraticaInState(page: Page, label: string): Promise<void> {
  for (const name of DEMO_CITIZENS) {
    await page.context().clearCookies();
    await loginAsCitizen(page, name);
    await page.goto(`/${ENTE}/area-personale`);
    const card = page.locator("li.card").filter({ hasText: label }).first();
    if ((await card.count()) > 0) {
      await card.getByRole("link").first().click();
      await expect(page.getByRole("heading", { level: 2, name: "Iter della pratica" })).toBeVisible();
      return;
    }
  }
  throw new Error(`no demo pratica in state ${label}`);
}

test("the citizen answers a request for more documents, with bad input first", async ({ page }) => {
  await openPraticaInState(page, "Richiesta integrazioni");
  const box = page.locator("#integrazioni");
  await expect(box.getByRole("heading", { name: "Il Comune ha chiesto integrazioni" })).toBeVisible();
  await expect(box).toContainText("documento di identità");
  await expectNoAxeViolations(page, "pratica waiting for documents");

  // Nothing at all.
  await box.getByRole("button", { name: "Invia le integrazioni" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Scrivi un messaggio o allega almeno un file");
  // A file that is not what it claims.
  await page.locator("#integrazioni-file").setInputFiles({ name: "carta.pdf", mimeType: "application/pdf", buffer: Buffer.from("testo qualsiasi") });
  await page.locator("#integrazioni").getByRole("button", { name: "Invia le integrazioni" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Tipo di file non accettato");
  await expect(page.getByText("Richiesta integrazioni").first()).toBeVisible();

  await page.locator("#integrazioni-file").setInputFiles([{ name: "carta identità.pdf", mimeType: "application/pdf", buffer: pdfBytes("ci") }]);
  await page.getByLabel("Messaggio (facoltativo)").fill("Allego la carta d'identità.");
  await page.getByRole("button", { name: "Invia le integrazioni" }).click();
  await expect(page.getByText("Integrazioni inviate: il Comune riprenderà")).toBeVisible();
  await expect(page.getByText("Integrazioni inviate").first()).toBeVisible();
  await expect(page.locator("#integrazioni")).toHaveCount(0);
  const thread = page.locator("#messaggi");
  await expect(thread).toContainText("Allego la carta d'identità.");
  await expect(thread.getByRole("link", { name: "carta identità.pdf" })).toBeVisible();
  await expectNoAxeViolations(page, "pratica after documents sent");
});

test("the citizen writes to the municipality, with and without a valid attachment", async ({ page }) => {
  await openPraticaInState(page, "In carico");
  const form = page.locator("#messaggi form");
  await page.locator("#messaggio").fill("Buongiorno, ci sono novità?");
  await page.locator("#messaggio-file").setInputFiles({ name: "foto.png", mimeType: "image/png", buffer: Buffer.from("non è una png") });
  await form.getByRole("button", { name: "Invia messaggio" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Tipo di file non accettato");
  await expect(page.locator("#messaggi")).not.toContainText("Buongiorno, ci sono novità?");

  await page.locator("#messaggio").fill("Buongiorno, ci sono novità?");
  await page.locator("#messaggio-file").setInputFiles({ name: "ricevuta.pdf", mimeType: "application/pdf", buffer: pdfBytes("ricevuta") });
  await page.locator("#messaggi form").getByRole("button", { name: "Invia messaggio" }).click();
  await expect(page.getByText("Messaggio inviato.")).toBeVisible();
  await expect(page.locator("#messaggi ol")).toContainText("Buongiorno, ci sono novità?");
  const link = page.locator("#messaggi ol").getByRole("link", { name: "ricevuta.pdf" });
  const res = await page.request.get((await link.getAttribute("href")) ?? "");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
});

test("another citizen's pratica does not exist for me", async ({ page }) => {
  await openPraticaInState(page, "In carico");
  const url = page.url();
  await page.context().clearCookies();
  for (const name of DEMO_CITIZENS) {
    await loginAsCitizen(page, name);
    const res = await page.goto(url);
    if (res?.status() === 404) {
      await expect(page.getByText("Pagina non trovata")).toBeVisible();
      return;
    }
    await page.context().clearCookies();
  }
  throw new Error("every demo citizen could open the pratica");
});

test("withdrawing needs a confirmation and is final", async ({ page }) => {
  await loginAsCitizen(page, "Anna Neri");
  // A free service that allows withdrawal (one with fees is paid before it is submitted: e2e/ui/payments.spec.ts).
  await page.goto(`/${ENTE}/servizi/patrocinio-eventi/compila`);
  await page.getByLabel("Ho letto e compreso l'informativa sulla privacy").check();
  await page.getByRole("button", { name: "Inizia a compilare" }).click();
  await page.getByLabel(/^Email/).fill("anna.neri@example.com");
  await page.getByRole("button", { name: "Avanti" }).click();
  await page.getByLabel(/^Titolo dell'iniziativa/).fill("Concerto in Piazza del Municipio");
  await page.getByLabel(/^Data dell'iniziativa/).fill("2026-12-01");
  await page.getByLabel(/^Programma/).fill("Concerto della banda comunale e coro delle scuole.");
  await page.getByRole("button", { name: "Vai al riepilogo" }).click();
  await submitAndOpen(page);
  await expect(page.getByText("Domanda inviata.")).toBeVisible();

  const section = page.locator("#ritiro");
  await section.getByRole("button", { name: "Ritira la pratica" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("spunta la conferma");
  await page.getByLabel("Motivo (facoltativo)").fill("Evento annullato");
  await page.getByLabel("Confermo di voler ritirare la pratica").check();
  await page.locator("#ritiro").getByRole("button", { name: "Ritira la pratica" }).click();
  await expect(page.getByText("Pratica ritirata.")).toBeVisible();
  await expect(page.getByText("Ritirata").first()).toBeVisible();
  await expect(page.locator("#ritiro")).toHaveCount(0);
  await expect(page.getByText("Evento annullato")).toBeVisible();
});
