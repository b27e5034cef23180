import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectOneLanguage, useLanguage } from "../helpers/language";
import { SAME_ORIGIN } from "../helpers/origin";
import { ADMIN, OPERATOR, staffLogin } from "./admin-helpers";
import { acceptPrivacy, ENTE, expectNoAxeViolations, loginAsCitizen } from "./citizen-helpers";

// Each test runs axe several times on a machine shared with other work: more than the default minute.
test.describe.configure({ mode: "serial", timeout: 240_000 });

/** The sentences the AgID validator (pa-website-validator, audit "municipality-feedback-element") looks for. */
const TITLE = "Quanto sono chiare le informazioni su questa pagina?";
const POSITIVE = {
  question: "Quali sono stati gli aspetti che hai preferito?",
  answers: ["Le indicazioni erano chiare", "Le indicazioni erano complete", "Capivo sempre che stavo procedendo correttamente", "Non ho avuto problemi tecnici", "Altro"],
};
const NEGATIVE = {
  question: "Dove hai incontrato le maggiori difficoltà?",
  answers: ["A volte le indicazioni non erano chiare", "A volte le indicazioni non erano complete", "A volte non capivo se stavo procedendo correttamente", "Ho avuto problemi tecnici", "Altro"],
};
const SHOTS = path.resolve("docs", "screenshots");

/**
 * The validator's checks, step by step as it makes them: the component, its title (text compared trimmed and
 * lower-cased) and free-text field; then for each star a real click, a script click, and which follow-up is
 * visible by its rule (an offsetParent, not hidden, a box of some size whose top is below the top of the window),
 * its question and its answers. Answers are also compared exactly, case included, all five in order.
 */
async function validatorChecks(page: Page): Promise<string[]> {
  const errors = await page.evaluate((title) => {
    const out: string[] = [];
    const c = document.querySelector('[data-element="feedback"]');
    if (!c) return ["Componente di valutazione non trovato"];
    const t = c.querySelector('[data-element="feedback-title"]');
    if (!t) out.push("Domanda iniziale non trovata");
    else if (t.textContent?.trim().toLocaleLowerCase() !== title.toLowerCase()) out.push(`Domanda iniziale errata: ${t.textContent}`);
    if (!c.querySelector('[data-element="feedback-input-text"]')) out.push("Campo di testo libero mancante");
    return out;
  }, TITLE);
  for (let i = 1; i <= 5; i++) {
    const star = page.locator(`[data-element="feedback-rate-${i}"]`);
    await expect(star).toHaveCount(1);
    await star.click();
    const r = await page.evaluate(
      ({ i, positive, negative }) => {
        const out: string[] = [];
        const pos = document.querySelector<HTMLElement>('[data-element="feedback-rating-positive"]');
        const neg = document.querySelector<HTMLElement>('[data-element="feedback-rating-negative"]');
        const rate = document.querySelector<HTMLElement>(`[data-element="feedback-rate-${i}"]`);
        if (!rate) return { out: [`Scala di valutazione errata (${i})`], answers: [] as string[] };
        if (!pos || !neg) return { out: ["Componenti di follow up non trovati"], answers: [] as string[] };
        rate.click();
        const visible = (el: HTMLElement) => {
          const box = el.getBoundingClientRect();
          return Boolean(el.offsetParent) && getComputedStyle(el).visibility !== "hidden" && box.bottom > 0 && box.top > 0 && box.height > 0 && box.width > 0;
        };
        const isPositive = i > 3;
        if (isPositive !== visible(pos) || isPositive === visible(neg)) out.push(`Le domande di follow up non sono associate ai valori corretti (${i} stelle)`);
        const box = isPositive ? pos : neg;
        const expected = isPositive ? positive : negative;
        const q = box.querySelector('[data-element="feedback-rating-question"]');
        if (!q) out.push(`Domanda di follow up non trovata (${i})`);
        else if (q.textContent?.trim().toLowerCase() !== expected.question.toLowerCase()) out.push(`Domanda di follow up errata (${i}): ${q.textContent}`);
        const answers = [...box.querySelectorAll('[data-element="feedback-rating-answer"]')].map((a) => a.textContent?.trim() ?? "");
        const vocabulary = expected.answers.map((a) => a.toLowerCase());
        if (answers.length === 0) out.push(`Risposte non trovate (${i})`);
        for (const a of answers) if (!vocabulary.includes(a.toLowerCase())) out.push(`Risposta errata (${i}): ${a}`);
        return { out, answers };
      },
      { i, positive: POSITIVE, negative: NEGATIVE },
    );
    errors.push(...r.out);
    expect(r.answers, `answers after ${i} stars`).toEqual(i > 3 ? POSITIVE.answers : NEGATIVE.answers);
  }
  return errors;
}

/** Every service page the catalogue links to. */
async function servicePages(page: Page): Promise<string[]> {
  await page.goto(`/${ENTE}/servizi`);
  const hrefs = await page.locator(`main a[href^="/${ENTE}/servizi/"]`).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return [...new Set(hrefs.filter((h) => /^\/[a-z0-9-]+\/servizi\/[a-z0-9-]+$/.test(h)))];
}

test("every service page passes the validator's checks of the rating component", async ({ page }) => {
  const pages = await servicePages(page);
  expect(pages.length).toBeGreaterThanOrEqual(4);
  for (const url of pages) {
    await page.goto(url);
    expect(await validatorChecks(page), url).toEqual([]);
  }
});

test("stars reveal the question that fits them; sending stores the rating and thanks the citizen", async ({ page, browser }) => {
  const url = `/${ENTE}/servizi/iscrizione-mensa-scolastica`;
  await page.goto(url);
  const box = page.locator('[data-element="feedback"]');
  await expect(box.getByRole("heading", { level: 2, name: TITLE })).toBeVisible();
  // Before a star is chosen only the stars show.
  await expect(box.locator('[data-element="feedback-rating-positive"]')).toBeHidden();
  await expect(box.locator('[data-element="feedback-rating-negative"]')).toBeHidden();
  await expect(box.getByRole("button", { name: "Invia" })).toBeHidden();
  await expectNoAxeViolations(page, "service page with the rating component");

  await box.locator('[data-element="feedback-rate-5"]').click();
  const positive = box.locator('[data-element="feedback-rating-positive"]');
  await expect(positive).toBeVisible();
  await expect(box.locator('[data-element="feedback-rating-negative"]')).toBeHidden();
  await expect(positive.locator('[data-element="feedback-rating-question"]')).toHaveText(POSITIVE.question);
  await expect(positive.locator('[data-element="feedback-rating-answer"]')).toHaveText(POSITIVE.answers);
  for (const a of POSITIVE.answers) await expect(positive.getByLabel(a, { exact: true })).toBeVisible();
  await expect(box.getByRole("radio", { name: "5 stelle su 5" })).toBeChecked();
  await expectNoAxeViolations(page, "rating component, 5 stars");
  mkdirSync(SHOTS, { recursive: true });
  await positive.getByLabel("Capivo sempre che stavo procedendo correttamente").check();
  await box.screenshot({ path: path.join(SHOTS, "valutazione.png") });

  await box.locator('[data-element="feedback-rate-2"]').click();
  const negative = box.locator('[data-element="feedback-rating-negative"]');
  await expect(negative).toBeVisible();
  await expect(positive).toBeHidden();
  await expect(negative.locator('[data-element="feedback-rating-question"]')).toHaveText(NEGATIVE.question);
  await expect(negative.locator('[data-element="feedback-rating-answer"]')).toHaveText(NEGATIVE.answers);
  await expectNoAxeViolations(page, "rating component, 2 stars");

  // Keyboard: the stars are one radio group.
  await box.getByRole("radio", { name: "2 stelle su 5" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(box.getByRole("radio", { name: "3 stelle su 5" })).toBeChecked();
  await page.keyboard.press("ArrowLeft");
  await expect(box.getByRole("radio", { name: "2 stelle su 5" })).toBeChecked();

  const comment = `Non trovavo gli orari dell'ufficio scuola ${Date.now()}`;
  await negative.getByLabel("A volte le indicazioni non erano complete").check();
  await box.getByLabel("Vuoi aggiungere altri dettagli? (facoltativo)").fill(comment);
  await box.getByRole("button", { name: "Invia" }).click();
  await expect(page).toHaveURL(new RegExp(`${url}#valutazione$`));
  await expect(box.getByRole("status")).toContainText("Grazie per la tua valutazione!");
  await expect(box.locator("form")).toHaveCount(0);
  await expectNoAxeViolations(page, "rating component, thanks");
  // Another page still asks.
  await page.goto(`/${ENTE}/servizi/accesso-agli-atti`);
  await expect(page.locator('[data-element="feedback-title"]')).toHaveText(TITLE);

  // Stored: the ente's admin reads it on Valutazioni, with its stars and its answer.
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await staffLogin(adminPage, ADMIN);
  await adminPage.goto(`/${ENTE}/admin/valutazioni`);
  const row = adminPage.locator("#v-comments").locator("..").getByRole("row").filter({ hasText: comment });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Iscrizione al servizio di mensa scolastica");
  await expect(row.getByRole("cell").nth(2)).toHaveText("2");
  await admin.close();
});

test("a refusal comes back to the same page, at the component, in words", async ({ page }) => {
  const url = `/${ENTE}/servizi/accesso-agli-atti`;
  // No stars (a browser without :has() shows the button before a star is chosen): the page says so.
  const noStars = await page.request.post(`/${ENTE}/valutazione`, { form: { page: "service:accesso-agli-atti", back: url }, headers: SAME_ORIGIN, maxRedirects: 0 });
  expect(noStars.status()).toBe(303);
  expect(noStars.headers().location).toBe(`${url}#valutazione`);
  await page.goto(`${url}#valutazione`);
  await expect(page.locator('[data-element="feedback"]').getByRole("alert")).toHaveText("Scegli da 1 a 5 stelle prima di inviare.");
  await expect(page.locator('[data-element="feedback-title"]')).toHaveText(TITLE);
  await expectNoAxeViolations(page, "rating component with an error");
  // A made-up answer, a page that is not a service, another site as the way back: never an error page.
  const made = await page.request.post(`/${ENTE}/valutazione`, { form: { page: "service:accesso-agli-atti", back: url, rating: "4", answerPositive: "<b>x</b>" }, headers: SAME_ORIGIN, maxRedirects: 0 });
  expect(made.status()).toBe(303);
  await page.goto(url);
  await expect(page.locator('[data-element="feedback"]').getByRole("alert")).toHaveText("La risposta scelta non corrisponde alla valutazione: riprova.");
  const away = await page.request.post(`/${ENTE}/valutazione`, { form: { page: "service:non-esiste", back: "//evil.example/x", rating: "4" }, headers: SAME_ORIGIN, maxRedirects: 0 });
  expect(away.status()).toBe(303);
  expect(away.headers().location).toBe(`/${ENTE}#valutazione`);
  // From another site: refused before anything is read.
  const cross = await page.request.post(`/${ENTE}/valutazione`, { form: { page: "service:accesso-agli-atti", back: url, rating: "5" }, headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(cross.status()).toBe(403);
});

test("works with JavaScript turned off", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const url = `/${ENTE}/servizi/contributo-affitto`;
  await page.goto(url);
  expect(await validatorChecks(page)).toEqual([]);
  const box = page.locator('[data-element="feedback"]');
  await box.locator('[data-element="feedback-rate-4"]').click();
  await expect(box.locator('[data-element="feedback-rating-positive"]')).toBeVisible();
  await box.getByLabel("Le indicazioni erano chiare").check();
  await box.getByRole("button", { name: "Invia" }).click();
  await expect(page).toHaveURL(new RegExp(`${url}#valutazione$`));
  await expect(box.getByRole("status")).toContainText("Grazie per la tua valutazione!");
  await context.close();
});

test("at the end of a request flow: the submitted application's page passes the validator's checks and takes a rating", async ({ page }) => {
  await loginAsCitizen(page, "Mario Rossi", `/${ENTE}/servizi/iscrizione-mensa-scolastica/compila`);
  await acceptPrivacy(page);
  await expect(page).toHaveURL(/\/area-personale\/pratiche\/[0-9a-f-]+\/modifica/);
  await page.getByRole("button", { name: "Avanti" }).click();
  await page.getByLabel(/^Nome e cognome dell'alunno/).fill("Pietro Rossi");
  await page.getByLabel(/^Codice fiscale dell'alunno/).fill("RSSMRA80A01H501U");
  await page.getByLabel(/^Scuola/).selectOption("primaria-collodi");
  await page.getByRole("button", { name: "Vai al riepilogo" }).click();
  await page.getByRole("button", { name: "Invia la domanda" }).click();
  // The end of the request flow: the confirmation page ("Richiesta inviata") carries the rating.
  await expect(page.getByRole("heading", { level: 1, name: "Richiesta inviata" })).toBeVisible();
  await expect(page).toHaveURL(/\/area-personale\/pratiche\/[0-9a-f-]+\/inviata$/);
  const praticaUrl = new URL(page.url()).pathname;

  expect(await validatorChecks(page)).toEqual([]);
  await expectNoAxeViolations(page, "submitted application with the rating component");
  const box = page.locator('[data-element="feedback"]');
  await box.locator('[data-element="feedback-rate-4"]').click();
  await box.getByLabel("Non ho avuto problemi tecnici").check();
  await box.getByRole("button", { name: "Invia" }).click();
  await expect(page).toHaveURL(new RegExp(`${praticaUrl}#valutazione$`));
  await expect(box.getByRole("status")).toContainText("Grazie per la tua valutazione!");
  await expectNoAxeViolations(page, "submitted application, rating sent");
});

test("at 360 px: no sideways scrolling, the validator's checks pass", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  const url = `/${ENTE}/servizi/occupazione-suolo-pubblico`;
  await page.goto(url);
  expect(await validatorChecks(page)).toEqual([]);
  await page.locator('[data-element="feedback-rate-1"]').click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoAxeViolations(page, "rating component at 360 px");
  await page.locator('[data-element="feedback"]').screenshot({ path: path.join(SHOTS, "valutazione-360.png") });
});

test("English pages show the component in English, and only English", async ({ page }) => {
  await useLanguage(page.context(), "en");
  await page.goto(`/${ENTE}/servizi/accesso-agli-atti`);
  const box = page.locator('[data-element="feedback"]');
  await expect(box.getByRole("heading", { level: 2 })).toHaveText("How clear is the information on this page?");
  await box.locator('[data-element="feedback-rate-5"]').click();
  await expect(box.locator('[data-element="feedback-rating-positive"] legend')).toHaveText("What did you like best?");
  // The sheet is the ente's own text and stays in Italian; one of its lines reads like a portal label.
  await expectOneLanguage(page, "en", { data: ["Invia la richiesta: ricevi subito una ricevuta via email"] });
  await expectNoAxeViolations(page, "rating component in English");
});

test("Valutazioni: the ente's admins see counts, trend, answers and comments; operators do not", async ({ page }) => {
  await staffLogin(page, ADMIN);
  await page.goto(`/${ENTE}/admin`);
  await page.getByRole("navigation", { name: "Amministrazione" }).getByRole("link", { name: "Valutazioni" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Valutazioni dei cittadini" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Andamento settimanale (ultime 12 settimane)" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Media delle valutazioni per settimana" }).locator("tbody tr")).toHaveCount(12);
  await expect(page.getByRole("img", { name: /^Media delle valutazioni per settimana: / })).toBeVisible();
  await expect(page.getByRole("table", { name: "Aspetti preferiti (4–5 stelle)" })).toContainText("Le indicazioni erano chiare");
  await expect(page.getByRole("heading", { level: 2, name: "Commenti recenti" })).toBeVisible();
  await expectNoAxeViolations(page, "admin Valutazioni");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, "admin-valutazioni.png"), fullPage: true });
  // Filtered by one service.
  await page.getByLabel("Servizio", { exact: true }).selectOption({ label: "Occupazione temporanea di suolo pubblico" });
  await page.getByRole("button", { name: "Filtra" }).click();
  await expect(page).toHaveURL(/servizio=[0-9a-f-]{36}/);
  await expect(page.locator('section[aria-labelledby="v-pages"] tbody th')).toHaveText([/Occupazione temporanea/, /Occupazione temporanea/]);

  await page.context().clearCookies();
  await staffLogin(page, OPERATOR);
  const denied = await page.goto(`/${ENTE}/admin/valutazioni`);
  expect(denied?.status()).toBe(403);
});
