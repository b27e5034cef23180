import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { LANGS, pick, type Lang } from "../../lib/i18n/index";
import { adminTexts } from "../../lib/i18n/admin";
import { authTexts } from "../../lib/i18n/auth";
import { backoffice } from "../../lib/i18n/backoffice";
import { errorText } from "../../lib/i18n/errors";
// Renamed here: a function named use… is taken for a React hook by the linter.
import { expectOneLanguage, useLanguage as setLanguage } from "../helpers/language";
import { totp } from "../helpers/totp";
import { ENTE, inviteStaff, OPERATOR } from "./admin-helpers";

/**
 * The operators' back-office speaks one language per page, Italian or English, refusals included: login,
 * dashboard, pratica, Elabora, protocol configuration, metrics, the CSV export, the set-password link, the
 * two-step verification page and the code asked at login. Selectors are the message files' own texts.
 */
test.describe.configure({ mode: "serial" });

const base = `/${ENTE}/operatori`;
const SHOTS = path.resolve("test-results", "screens");
const texts = (lang: Lang) => ({ bo: pick(backoffice, lang), auth: pick(authTexts, lang), admin: pick(adminTexts, lang) });

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `languages-operator-${name}.png`), fullPage: true });
}

/** A browser showing the site in `lang`. */
async function browserIn(browser: Browser, lang: Lang) {
  const context = await browser.newContext();
  await setLanguage(context, lang);
  return { context, page: await context.newPage() };
}

async function login(page: Page, lang: Lang, who: { email: string; password: string }) {
  const { auth } = texts(lang);
  await page.goto(`${base}/login`);
  await page.getByLabel(auth.staffLogin.email, { exact: true }).fill(who.email);
  await page.getByLabel(auth.staffLogin.password, { exact: true }).fill(who.password);
  await page.getByRole("button", { name: auth.staffLogin.submit, exact: true }).click();
  await expect(page).not.toHaveURL(/\/operatori\/login$/);
}

for (const lang of LANGS) {
  test(`login page in ${lang}, wrong credentials refused in ${lang}`, async ({ browser }) => {
    const { bo, auth } = texts(lang);
    const { context, page } = await browserIn(browser, lang);
    await page.goto(`${base}/login`);
    await expect(page.getByRole("heading", { level: 1, name: bo.login.title })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`^${bo.login.title}`));
    await expectOneLanguage(page, lang);
    await page.getByLabel(auth.staffLogin.email, { exact: true }).fill(OPERATOR.email);
    await page.getByLabel(auth.staffLogin.password, { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: auth.staffLogin.submit, exact: true }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(auth.staffLogin.invalid);
    await expectOneLanguage(page, lang);
    if (lang === "en") await shot(page, `login-${lang}`);
    await context.close();
  });
}

let praticaId = "";

for (const lang of LANGS) {
  test(`operator pages in ${lang}: dashboard, take in charge, pratica, Elabora, protocol, metrics, CSV; refusals in ${lang}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const { bo } = texts(lang);
    const { context, page } = await browserIn(browser, lang);
    await login(page, lang, OPERATOR);

    // Dashboard, and a search refused for a character that is no text.
    await expect(page.getByRole("heading", { level: 1, name: bo.dashboard.title })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`^${bo.dashboard.title}`));
    await expect(page.getByRole("navigation", { name: bo.dashboard.tabsLabel }).getByRole("link", { name: new RegExp(bo.dashboard.tabs["da-gestire"]) })).toBeVisible();
    await expectOneLanguage(page, lang);
    await page.goto(`${base}?tab=tutte&q=%00`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(errorText("field.control_chars", {}, lang));
    await expectOneLanguage(page, lang);

    // "Prendi in carico": the dialog in this language. English takes the pratica; Italian looks and cancels.
    // The run that takes a pratica needs "contributo affitto" (Elabora in three steps); the other only opens the
    // dialog, on any pratica still to assign when the first run took the last of those.
    const takeable = () => page.locator("tbody tr[data-pratica-id]").filter({ has: page.getByRole("button", { name: bo.dashboard.takeInCharge }) });
    await page.goto(`${base}?tab=da-assegnare&q=affitto`);
    if (praticaId && (await takeable().count()) === 0) await page.goto(`${base}?tab=da-assegnare`);
    const row = takeable().last();
    const rowId = (await row.getAttribute("data-pratica-id")) ?? "";
    await row.getByRole("button", { name: bo.dashboard.takeInCharge }).click();
    const dialog = page.getByRole("dialog", { name: bo.take.title });
    await expect(dialog).toBeVisible();
    await expectOneLanguage(page, lang);
    if (!praticaId) {
      praticaId = rowId;
      await dialog.getByRole("button", { name: bo.take.confirm }).click();
      await expect(page).toHaveURL(new RegExp(`/operatori/pratiche/${praticaId}$`));
    } else {
      await dialog.getByRole("button", { name: bo.take.cancel }).click();
      await expect(dialog).toBeHidden();
      await page.goto(`${base}/pratiche/${praticaId}`);
    }

    // The pratica: a blank message and a blank request for documents are refused, in this language.
    await expect(page.getByRole("heading", { level: 2, name: bo.detail.iter })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`^${bo.pageTitles.detail}`));
    await expectOneLanguage(page, lang);
    await page.getByLabel(bo.detail.messages.label).fill("   ");
    await page.getByRole("button", { name: bo.detail.messages.send, exact: true }).click();
    await expect(page.locator("#message-body-error")).toHaveText(errorText("field.message_required", {}, lang));
    await page.getByLabel(bo.detail.integration.label).fill("   ");
    await page.getByRole("button", { name: bo.detail.integration.send }).click();
    await expect(page.locator("#integration-message-error")).toHaveText(errorText("field.integration_message_required", {}, lang));
    await expectOneLanguage(page, lang);
    if (lang === "en") await shot(page, `pratica-${lang}`);

    // Elabora: going on without a decision is refused.
    await page.getByRole("link", { name: bo.detail.elabora, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: bo.elabora.title })).toBeVisible();
    await expect(page.getByRole("main").getByRole("heading", { level: 2 })).toContainText(bo.elabora.stepOf({ n: 1, total: 3 }));
    await expectOneLanguage(page, lang);
    await page.getByRole("button", { name: bo.elabora.next, exact: true }).click();
    await expect(page.locator("#outcome-error")).toHaveText(bo.elabora.chooseOutcome);
    await expect(page.locator("#motivation-error")).toHaveText(bo.elabora.required);
    await expectOneLanguage(page, lang);
    if (lang === "en") await shot(page, `elabora-${lang}`);

    // Protocol configuration and usage metrics.
    await page.goto(`${base}/protocollo`);
    await expect(page.getByRole("heading", { level: 1, name: bo.protocol.title })).toBeVisible();
    await expectOneLanguage(page, lang);
    await page.goto(`${base}/metriche`);
    await expect(page.getByRole("heading", { level: 1, name: bo.metrics.title })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: bo.metrics.byStatus })).toBeVisible();
    await expectOneLanguage(page, lang);
    if (lang === "en") await shot(page, `metrics-${lang}`);

    // The CSV export's column headings.
    const csv = await page.request.get(`${base}/export?tab=tutte`);
    expect(csv.status()).toBe(200);
    const h = bo.csv;
    expect((await csv.text()).replace(/^\uFEFF/, "").split("\r\n")[0]).toBe([h.number, h.id, h.service, h.applicant, h.status, h.statusCode, h.submitted, h.updated].join(";"));
    await context.close();
  });
}

test("set-password link, two-step verification and the login code, each in English and Italian, refusals included", async ({ browser }) => {
  test.setTimeout(180_000);
  const en = texts("en");
  const it = texts("it");
  const who = { name: "Ilaria Lingue", email: `ilaria.lingue.${Date.now()}@bugliano.example`, password: "una-password-molto-lunga-5" };

  // The admin invites a new operator (the admin area is another spec's; its Italian labels are used as they are).
  const link = await inviteStaff(browser, who, "operator");

  const { context, page } = await browserIn(browser, "en");
  const setLang = (lang: Lang) => setLanguage(context, lang);

  // A link that is no link, in both languages.
  for (const lang of LANGS) {
    await setLang(lang);
    await page.goto(`${base}/imposta-password/not-a-real-token`);
    await expect(page.getByRole("heading", { level: 1, name: texts(lang).admin.setPassword.invalidTitle })).toBeVisible();
    await expectOneLanguage(page, lang);
  }

  // The real link: two different passwords refused in each language, then saved.
  for (const lang of LANGS) {
    const { admin: t, bo } = texts(lang);
    await setLang(lang);
    await page.goto(new URL(link).pathname);
    await expect(page.getByRole("heading", { level: 1, name: t.setPassword.title })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`^${bo.pageTitles.setPassword}`));
    await page.getByLabel(t.setPassword.password).fill(who.password);
    await page.getByLabel(t.setPassword.confirm).fill(`${who.password}-x`);
    await page.getByRole("button", { name: t.setPassword.submit }).click();
    await expect(page.locator("#confirm-error")).toHaveText(errorText("password.mismatch", {}, lang));
    await expectOneLanguage(page, lang);
  }
  // The page is in the last language of the loop, English.
  await page.getByLabel(en.admin.setPassword.password).fill(who.password);
  await page.getByLabel(en.admin.setPassword.confirm).fill(who.password);
  await page.getByRole("button", { name: en.admin.setPassword.submit }).click();
  await expect(page.getByRole("status")).toContainText(en.admin.setPassword.done);
  await expectOneLanguage(page, "en");

  // Two-step verification: a wrong code refused in each language, then turned on in English.
  await setLang("it");
  await login(page, "it", who);
  await page.getByRole("link", { name: it.auth.security.title }).click();
  await expect(page.getByRole("heading", { level: 1, name: it.auth.security.title })).toBeVisible();
  await expectOneLanguage(page, "it");
  await page.getByRole("button", { name: it.auth.security.start }).click();
  const secret = (await page.locator("code").first().innerText()).replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  for (const lang of LANGS) {
    const t = texts(lang).auth.security;
    await setLang(lang);
    await page.goto(`${base}/sicurezza`);
    await expect(page.getByText(t.steps)).toBeVisible();
    await page.getByLabel(t.code, { exact: true }).fill("000000");
    await page.getByRole("button", { name: t.confirm }).click();
    await expect(page.locator("#totp-error")).toHaveText(t.invalid);
    await expectOneLanguage(page, lang);
  }
  await setLang("en");
  await page.goto(`${base}/sicurezza`);
  await page.getByLabel(en.auth.security.code, { exact: true }).fill(totp(secret));
  await page.getByRole("button", { name: en.auth.security.confirm }).click();
  await expect(page.getByRole("status")).toHaveText(en.auth.security.done);
  await expectOneLanguage(page, "en");
  await shot(page, "security-en");
  await context.close();

  // The code at login: wrong codes until the delay starts, the delay's message in both languages, then in.
  const second = await browserIn(browser, "en");
  const p2 = second.page;
  await login(p2, "en", who);
  await expect(p2).toHaveURL(new RegExp(`${base}/login/codice$`));
  await expect(p2.getByRole("heading", { level: 1, name: en.auth.code.title })).toBeVisible();
  await expectOneLanguage(p2, "en");
  for (let i = 0; i < 3; i++) {
    await p2.getByLabel(en.auth.code.label, { exact: true }).fill("000000");
    await p2.getByRole("button", { name: en.auth.code.submit, exact: true }).click();
    await expect(p2.locator("#code-error")).toHaveText(en.auth.code.invalid);
  }
  // The third wrong code started a delay of 2 seconds.
  await p2.getByLabel(en.auth.code.label, { exact: true }).fill("000000");
  await p2.getByRole("button", { name: en.auth.code.submit, exact: true }).click();
  await expect(p2).toHaveURL(/errore=throttled&attesa=\d+$/);
  const waitS = Number(new URL(p2.url()).searchParams.get("attesa"));
  await expect(p2.locator("#code-error")).toHaveText(en.auth.code.throttledFor({ n: waitS }));
  await expectOneLanguage(p2, "en");
  await setLanguage(second.context, "it");
  await p2.reload();
  await expect(p2.locator("#code-error")).toHaveText(it.auth.code.throttledFor({ n: waitS }));
  await expectOneLanguage(p2, "it");
  await p2.waitForTimeout(waitS * 1000 + 500);
  await p2.getByLabel(it.auth.code.label, { exact: true }).fill(totp(secret, 1));
  await p2.getByRole("button", { name: it.auth.code.submit, exact: true }).click();
  await expect(p2.getByRole("heading", { level: 1, name: it.bo.dashboard.title })).toBeVisible();
  await expectOneLanguage(p2, "it");
  await second.context.close();
});
