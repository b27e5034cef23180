import { expect, test, type Page } from "@playwright/test";
import { common } from "../../lib/i18n/common";
import { pick, type Lang } from "../../lib/i18n/index";
import { notificationsText } from "../../lib/i18n/notifications";
import { portal } from "../../lib/i18n/portal";
import { portalForm } from "../../lib/i18n/portal-form";
import { profileTexts } from "../../lib/i18n/profile";
import { personalArea } from "../../lib/i18n/personal-area";
import { requestFlow } from "../../lib/i18n/request-flow";
import { expectOneLanguage, useLanguage } from "../helpers/language";
import { ENTE } from "./citizen-helpers";

const ENTE_NAME = "Comune di Bugliano";
// The service's own texts are the municipality's, in Italian: this one's labels share no text with the message files.
const SERVICE = "occupazione-suolo-pubblico";
const SERVICE_NAME = "Occupazione temporanea di suolo pubblico";

test.describe.configure({ mode: "serial" });

/** Screenshots of a few English pages, to look at (test-results/languages-citizen-*.png). */
async function shoot(page: Page, lang: Lang, name: string) {
  if (lang === "en") await page.screenshot({ path: `test-results/languages-citizen-${name}.png`, fullPage: true });
}

// Each language with its own demo citizen, so that the two runs do not see each other's drafts.
const RUNS: { lang: Lang; citizen: string }[] = [
  { lang: "en", citizen: "Giulia Bianchi" },
  { lang: "it", citizen: "Mario Rossi" },
];

for (const { lang, citizen } of RUNS) {
  test(`every page of the citizen portal and the site frame speaks ${lang} only, refusals included`, async ({ page, context }) => {
    test.setTimeout(180_000);
    await useLanguage(context, lang);
    const t = pick(portal, lang);
    const f = pick(portalForm, lang);
    const rf = pick(requestFlow, lang);
    const c = pick(common, lang);
    const pr = pick(profileTexts, lang);
    const main = page.getByRole("main");
    const h1 = (name: string) => expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    const h2 = (name: string) => expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
    const pa = pick(personalArea, lang);

    // The installation's home leads to the only municipality; the frame (header, footer) is on every page below.
    await page.goto("/");
    await h1(t.home.welcome({ ente: ENTE_NAME }));
    await expect(page.getByRole("navigation", { name: c.mainMenu })).toBeVisible();
    await expect(page.getByRole("contentinfo").getByRole("link", { name: c.monitoring })).toBeVisible();
    await expectOneLanguage(page, lang);
    await shoot(page, lang, "home");

    // Catalogue, a search that finds nothing, a service's sheet.
    await page.goto(`/${ENTE}/servizi`);
    await h1(t.servicesTitle);
    await expectOneLanguage(page, lang);
    await page.getByLabel(t.searchLabel).fill("zzzz");
    await page.getByRole("button", { name: t.searchButton }).click();
    await expect(page.getByText(t.noResults)).toBeVisible();
    await expectOneLanguage(page, lang);
    await page.goto(`/${ENTE}/servizi/${SERVICE}`);
    await h1(SERVICE_NAME);
    await expect(page.getByRole("heading", { name: t.sheet.whoCanApply })).toBeVisible();
    await expectOneLanguage(page, lang);

    // The footer's pages.
    for (const [path, title] of [["privacy", t.info.privacy.title], ["note-legali", t.info.legal.title], ["accessibilita", t.info.accessibility.title]] as const) {
      await page.goto(`/${ENTE}/info/${path}`);
      await h1(title);
      await expect(page).toHaveTitle(new RegExp(`^${title}`));
      await expectOneLanguage(page, lang);
    }
    await page.goto(`/${ENTE}/monitoraggio`);
    await expect(page).toHaveTitle(new RegExp(`^${c.monitoring}`));
    await expectOneLanguage(page, lang);

    // A page that does not exist.
    const missing = await page.goto(`/${ENTE}/pagina-che-non-esiste`);
    expect(missing?.status()).toBe(404);
    await h1(c.notFound);
    await expectOneLanguage(page, lang);

    // Login: an address that is none is refused; a spent or broken link is refused.
    await page.goto(`/${ENTE}/accedi`);
    await h1(t.login.title);
    await expect(page).toHaveTitle(new RegExp(`^${c.login}`));
    await page.getByLabel(c.email, { exact: true }).fill("non-un-indirizzo");
    await page.getByRole("button", { name: t.emailLoginButton }).click();
    await expect(page.locator("#email-accesso-errore")).toHaveText(t.emailLoginInvalid);
    await expectOneLanguage(page, lang);
    // A real address: the link goes out by email (read in the demo mailbox at the end).
    const address = `lingua.${lang}.${Date.now()}@example.com`;
    await page.getByLabel(c.email, { exact: true }).fill(address);
    await page.getByRole("button", { name: t.emailLoginButton }).click();
    await expect(main.getByRole("status")).toHaveText(t.emailLoginSent);
    await expectOneLanguage(page, lang);
    await page.goto(`/${ENTE}/accedi/email?errore=1`);
    await expect(main.getByRole("alert")).toContainText(t.verifyFailed);
    await expectOneLanguage(page, lang);

    // The demo identity provider.
    await page.goto(`/${ENTE}/accedi`);
    await page.getByRole("button", { name: t.login.demoAs({ name: citizen }) }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/accedi"));

    // Personal area and profile, with a refused save.
    await page.goto(`/${ENTE}/area-personale`);
    await h1(t.personalArea);
    await expectOneLanguage(page, lang);
    // The personal area's other tabs.
    for (const [tab, title] of [["messaggi", pa.messagesTitle], ["attivita", pa.activityTitle], ["servizi", pa.servicesTitle]] as const) {
      await page.goto(`/${ENTE}/area-personale/${tab}`);
      await h2(title);
      await expectOneLanguage(page, lang);
    }
    await page.goto(`/${ENTE}/area-personale`);
    await page.getByRole("link", { name: t.profile }).click();
    await h1(t.profileTitle);
    await expect(page.getByRole("option", { name: c.languageNames.en })).toHaveAttribute("lang", "en");
    await page.getByLabel(pr.email, { exact: true }).fill("mario@");
    await page.getByRole("button", { name: pr.save }).click();
    await expect(main.getByRole("alert")).toHaveText(pr.profileErrors);
    await expect(page.locator("#email-errore")).not.toBeEmpty();
    await expectOneLanguage(page, lang);

    // Starting the service: the privacy step refused without the acknowledgement.
    await page.goto(`/${ENTE}/servizi/${SERVICE}/compila`);
    await h1(SERVICE_NAME);
    await h2(t.startTitle);
    await expect(page.getByText(rf.stepOf({ n: 1, of: 4 }))).toBeVisible();
    await page.getByRole("button", { name: t.startButton }).click();
    await expect(main.getByRole("alert")).toHaveText(t.acceptPrivacyError);
    await expectOneLanguage(page, lang);
    await page.getByLabel(t.acceptPrivacy).check();
    await page.getByRole("button", { name: t.startButton }).click();

    // The form: a step refused by the shared rules, then saved as a draft.
    await expect(page).toHaveURL(/\/modifica/);
    await expect(page.getByText(rf.stepOf({ n: 2, of: 4 }))).toBeVisible();
    await page.getByLabel(/^Email/).fill("mario@");
    await page.getByRole("button", { name: f.next }).click();
    await expect(main.getByRole("alert")).toContainText(f.errorSummary);
    await expectOneLanguage(page, lang);
    await shoot(page, lang, "form-errors");
    const draftUrl = new URL(page.url());
    await page.getByRole("button", { name: f.saveDraft }).click();
    await expect(page.getByRole("status").filter({ hasText: f.savedAt({ time: "" }).trim() })).toBeVisible();

    // The summary of an incomplete draft says what is missing.
    await page.goto(draftUrl.pathname.replace(/\/modifica$/, "/riepilogo"));
    await h2(t.summaryTitle);
    await expect(page.getByText(rf.stepOf({ n: 4, of: 4 }))).toBeVisible();
    await expect(main.getByRole("alert")).toHaveText(t.summaryHasErrors);
    await expectOneLanguage(page, lang);

    // A submitted pratica of the seed, and a message refused because it is empty.
    await page.goto(`/${ENTE}/area-personale`);
    await page.locator('section[aria-labelledby="pratiche"] li').first().getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 2, name: t.timeline })).toBeVisible();
    await expectOneLanguage(page, lang);
    await shoot(page, lang, "pratica");
    await page.locator("#messaggi form").evaluate((form) => {
      // The browser's own check would stop an empty message before the server could refuse it.
      (form as HTMLFormElement).noValidate = true;
    });
    await page.locator("#messaggi form").getByRole("button", { name: t.send }).click();
    await expect(main.getByRole("alert")).toHaveText(t.errors.empty);
    await expectOneLanguage(page, lang);

    // A page the citizen's role does not allow.
    const refused = await page.goto(`/${ENTE}/vietato`);
    expect(refused?.status()).toBe(403);
    await h1(c.forbidden);
    await expectOneLanguage(page, lang);

    // The draft goes away again.
    await page.goto(draftUrl.pathname);
    await page.getByRole("button", { name: t.deleteDraft }).click();
    await expect(main.getByRole("status")).toHaveText(t.draftDeleted);
    await expectOneLanguage(page, lang);

    // Demo mode's mailbox, and the sign-in email asked for above, written in the visitor's language.
    const mailbox = pick(notificationsText, lang).mailbox;
    const mail = page.locator("li").filter({ hasText: address }).getByRole("link");
    await expect(async () => {
      await page.goto("/posta");
      await expect(mail).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await h1(mailbox.title);
    await expectOneLanguage(page, lang);
    await mail.click();
    await expect(page.getByRole("heading", { level: 2, name: mailbox.text })).toBeVisible();
    await expect(page.getByTestId("mail-text")).toContainText("/accedi/email?");
    await expectOneLanguage(page, lang);
    await shoot(page, lang, "mail");
  });
}
