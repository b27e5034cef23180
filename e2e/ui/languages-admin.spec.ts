import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { adminTexts } from "../../lib/i18n/admin";
import { errorText } from "../../lib/i18n/errors";
import { pick, type Lang } from "../../lib/i18n/index";
import { notificationsText } from "../../lib/i18n/notifications";
import { expectOneLanguage, useLanguage } from "../helpers/language";
import { adminContext, adminPageUrls, ENTE } from "./admin-helpers";

const base = `/${ENTE}/admin`;
/**
 * Data that happens to contain a text of the message files: the demo admin's name (in the header and as the actor
 * of audit rows) and a label of a demo service's own form (shown by the form builder's preview).
 */
const DATA = { data: ["Amministratore Bugliano", "Documenti richiesti"] };
const SHOTS = path.resolve("test-results", "screens");

for (const lang of ["en", "it"] as const satisfies readonly Lang[]) {
  test(`the administration speaks ${lang} only, refusals included`, async ({ browser }) => {
    test.setTimeout(180_000);
    const { context, page } = await adminContext(browser);
    await useLanguage(context, lang);
    const t = pick(adminTexts, lang);
    const tn = pick(notificationsText, lang);

    const pages = await adminPageUrls(page);
    for (const url of pages) {
      await page.goto(url);
      await expect(page.locator("main h1")).toBeVisible();
      await expectOneLanguage(page, lang, DATA);
    }

    // Frame, titles and the words that used to be written in the pages themselves.
    await page.goto(base);
    await expect(page.getByRole("navigation", { name: t.nav.label })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`^${t.pageTitle.overview}`));
    await expect(page.getByRole("columnheader", { name: t.audit.when })).toBeVisible();
    await page.goto(`${base}/impostazioni`);
    await expect(page).toHaveTitle(new RegExp(`^${t.nav.settings}`));
    await expect(page.locator("#f-languages")).toContainText(t.languageName.it);
    await page.goto(`${base}/notifiche`);
    await expect(page.getByRole("navigation", { name: tn.admin.pages })).toBeAttached();
    if (lang === "en") {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, "languages-admin-en-notifiche.png"), fullPage: true });
      await page.goto(`${base}/impostazioni`);
      await page.screenshot({ path: path.join(SHOTS, "languages-admin-en-impostazioni.png"), fullPage: true });
    }

    // A form the server refuses: the default language left out of the active ones.
    await page.goto(`${base}/impostazioni`);
    const defaultLanguage = await page.getByLabel(t.settings.defaultLanguage).inputValue();
    await page.locator(`#f-languages input[value="${defaultLanguage}"]`).uncheck();
    await page.getByRole("button", { name: t.settings.save }).click();
    const alert = page.locator("main").getByRole("alert");
    await expect(alert).toContainText(errorText("request.invalid_data", {}, lang));
    await expect(alert).toContainText(errorText("settings.default_language", {}, lang));
    await expectOneLanguage(page, lang, DATA);

    // A filter the audit log refuses, said on the page.
    await page.goto(`${base}/registro?from=not-a-day`);
    await expect(page.locator("main").getByRole("alert")).toContainText(errorText("audit.invalid_filters", {}, lang));
    await expectOneLanguage(page, lang, DATA);

    // The form builder's own check, in the browser: an empty page title is a required field.
    await page.goto(pages.find((u) => u.endsWith("/modulo")) ?? "");
    await page.getByLabel(t.builder.pageTitle).first().fill("");
    const validity = page.getByTestId("form-validity");
    await expect(validity).toContainText(t.builder.invalid);
    await expect(validity).toContainText(`pages.0.title: ${errorText("field.required", {}, lang)}`);
    await expect(page.getByRole("button", { name: t.builder.publish })).toBeDisabled();
    await expectOneLanguage(page, lang, DATA);
    if (lang === "en") await page.screenshot({ path: path.join(SHOTS, "languages-admin-en-modulo.png"), fullPage: true });

    // Closed without asking about the unsaved builder: nothing of this test is saved.
    await context.close();
  });
}
