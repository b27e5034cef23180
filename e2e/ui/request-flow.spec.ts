import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ENTE, acceptPrivacy, expectNoAxeViolations, expectNoHorizontalScrollAt360, loginAsCitizen, steps } from "./citizen-helpers";

/**
 * The request flow of Designers Italia's model: "Informativa sulla privacy" (asked once), the form's pages,
 * "Riepilogo" with "Invia", then "Richiesta inviata"; one step header, identical on every step.
 */
// A free service: one with fees ends with "Procedi al pagamento" instead (e2e/ui/payments.spec.ts).
const SERVICE = "patrocinio-eventi";
const SERVICE_NAME = "Richiesta di patrocinio per eventi";
const STEPS = ["Informativa sulla privacy", "Richiedente", "Evento", "Riepilogo"];
const OUT = "test-results/screenshots";

/** The step titles as listed (without the state words read to screen readers) and the current one. */
async function stepHeader(page: Page) {
  const header = steps(page);
  const titles = await header.locator("li").evaluateAll((items) =>
    items.map((li) => Array.from(li.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? "").join("").trim()),
  );
  const current = await header.locator('li[aria-current="step"]').evaluateAll((items) => items.length);
  return { titles, current };
}

async function expectStep(page: Page, n: number) {
  await expect(steps(page)).toContainText(`Passo ${n} di ${STEPS.length}`);
  const { titles, current } = await stepHeader(page);
  expect(titles).toEqual(STEPS);
  expect(current).toBe(1);
  await expect(steps(page).locator('li[aria-current="step"]')).toContainText(STEPS[n - 1] ?? "");
}


test("privacy once, the same step header on every step, summary with edit, submit and confirmation", async ({ page }) => {
  test.setTimeout(120_000);
  mkdirSync(OUT, { recursive: true });
  await loginAsCitizen(page, "Luca Verdi");

  // Step 1: the privacy notice; refused without the acknowledgement.
  await page.goto(`/${ENTE}/servizi/${SERVICE}/compila`);
  await expect(page.getByRole("heading", { level: 1, name: SERVICE_NAME })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Informativa sulla privacy" })).toBeVisible();
  await expectStep(page, 1);
  await page.getByRole("button", { name: "Inizia a compilare" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("conferma di aver letto");
  await expectStep(page, 1);
  await expectNoAxeViolations(page, "privacy step");
  await expectNoHorizontalScrollAt360(page, "privacy step");
  await page.screenshot({ path: `${OUT}/richiesta-privacy.png`, fullPage: true });
  await acceptPrivacy(page);

  // Step 2: the form's first page; the notice is not asked again.
  await expect(page.getByRole("heading", { level: 2, name: "Richiedente" })).toBeVisible();
  await expectStep(page, 2);
  await expect(page.getByRole("checkbox", { name: /informativa|trattamento dei dati/i })).toHaveCount(0);
  await expectNoAxeViolations(page, "form step 2");
  await expectNoHorizontalScrollAt360(page, "form step 2");
  await expect(page.getByLabel(/^Nome/)).toHaveValue("Luca");
  await page.getByRole("button", { name: "Avanti" }).click();

  // Step 3: the form's second page, with a validation error first.
  await expect(page.getByRole("heading", { level: 2, name: "Evento" })).toBeVisible();
  await expectStep(page, 3);
  await page.getByRole("button", { name: "Vai al riepilogo" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Correggi questi errori");
  await expectStep(page, 3);
  await page.getByLabel(/^Titolo dell'iniziativa/).fill("Festa di via della Repubblica 4");
  await page.getByLabel(/^Data dell'iniziativa/).fill("2027-01-10");
  await page.getByLabel(/^Programma/).fill("Musica e giochi in piazza per tutto il pomeriggio.");
  await expect(page.getByRole("checkbox", { name: /informativa|trattamento dei dati/i })).toHaveCount(0);
  await page.getByRole("button", { name: "Vai al riepilogo" }).click();

  // Last step: the summary; editing a section goes back to its step and returns.
  await expect(page).toHaveURL(/\/riepilogo$/);
  await expect(page.getByRole("heading", { level: 2, name: "Riepilogo della domanda" })).toBeVisible();
  await expectStep(page, 4);
  await expect(page.getByText("Festa di via della Repubblica 4")).toBeVisible();
  await page.getByRole("link", { name: "Modifica la sezione Evento" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Evento" })).toBeVisible();
  await expectStep(page, 3);
  await page.getByLabel(/^Titolo dell'iniziativa/).fill("Festa di via della Repubblica 6");
  await page.getByRole("button", { name: "Vai al riepilogo" }).click();
  await expect(page.getByText("Festa di via della Repubblica 6")).toBeVisible();
  await expectStep(page, 4);
  await expectNoAxeViolations(page, "summary");
  await expectNoHorizontalScrollAt360(page, "summary");
  await page.screenshot({ path: `${OUT}/richiesta-riepilogo.png`, fullPage: true });

  // Invia: the confirmation, with the pratica's number, and the way to the pratica.
  await page.getByRole("button", { name: "Invia la domanda" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Richiesta inviata" })).toBeVisible();
  await expect(page).toHaveURL(/\/pratiche\/[0-9a-f-]{36}\/inviata$/);
  await expect(page.getByTestId("numero-pratica")).toHaveText(/\S+/);
  await expect(page.getByText(SERVICE_NAME)).toBeVisible();
  await expectNoAxeViolations(page, "confirmation");
  await expectNoHorizontalScrollAt360(page, "confirmation");
  const number = (await page.getByTestId("numero-pratica").textContent())?.trim() ?? "";
  await page.getByRole("link", { name: "Consulta la richiesta" }).click();
  await expect(page.getByText("Domanda inviata.")).toBeVisible();
  await expect(page.getByText(number).first()).toBeVisible();
  // Back on the summary URL of a submitted pratica: it is no longer a draft, the pratica opens instead.
  await page.goto(page.url().split("?")[0] + "/riepilogo");
  await expect(page.getByRole("heading", { level: 2, name: "Iter della pratica" })).toBeVisible();
});

test("a resumed draft opens at the form, without the privacy notice again", async ({ page }) => {
  await loginAsCitizen(page, "Luca Verdi");
  await page.goto(`/${ENTE}/servizi/${SERVICE}/compila`);
  await acceptPrivacy(page);
  await expectStep(page, 2);
  const draft = new URL(page.url()).pathname;

  await page.goto(`/${ENTE}/area-personale`);
  await page.getByRole("link", { name: `Riprendi la bozza di ${SERVICE_NAME}` }).first().click();
  await expect(page).toHaveURL(/\/modifica/);
  await expectStep(page, 2);
  await expect(page.getByLabel("Ho letto e compreso l'informativa sulla privacy")).toHaveCount(0);

  // The draft goes away again, so that the demo citizen's desk stays as it was.
  await page.goto(draft);
  await page.getByRole("button", { name: "Elimina la bozza" }).click();
  await expect(page.getByText("Bozza eliminata.")).toBeVisible();
});
