import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { adminContext, ENTE } from "./admin-helpers";

/** WCAG 2.1 A/AA checks (axe) on every admin page, in Italian and in English. */
test("admin pages have no axe WCAG A/AA violations", async ({ browser }) => {
  test.setTimeout(180_000);
  const { context, page } = await adminContext(browser);
  const base = `/${ENTE}/admin`;
  const hrefOf = async (list: string, prefix: string) => {
    await page.goto(list);
    return (await page.locator(`main a[href^="${prefix}"]`).first().getAttribute("href")) ?? "";
  };
  const service = await hrefOf(`${base}/servizi`, `${base}/servizi/`);
  const operator = await hrefOf(`${base}/operatori`, `${base}/operatori/`);
  const partner = await hrefOf(`${base}/partner`, `${base}/partner/`);
  const pages = [base, `${base}/operatori`, operator, `${base}/servizi`, service, `${service}/modulo`, `${service}/email`, `${base}/partner`, partner, `${base}/impostazioni`, `${base}/registro`];
  for (const lang of ["it", "en"]) {
    if (lang === "en") {
      await page.goto(base);
      await page.getByRole("button", { name: "Switch to English" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Municipality administration");
    }
    for (const url of pages) {
      await page.goto(url);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const found = results.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      expect(found, `${lang} ${url}`).toEqual([]);
    }
  }
  // Back to Italian for the other specs.
  await page.getByRole("button", { name: "Passa all'italiano" }).click();
  await context.close();
});
