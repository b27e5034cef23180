import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { adminContext, ENTE } from "./admin-helpers";

/**
 * WCAG 2.1 A/AA checks (axe) on the admin pages in English. In Italian every admin page is checked by axe at phone
 * and desktop width in every-page.spec.ts, so it is not run a second time here.
 */
test("admin pages in English have no axe WCAG A/AA violations (Italian: every-page.spec.ts)", async ({ browser }) => {
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
  await page.goto(base);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Municipality administration");
  for (const url of pages) {
    await page.goto(url);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const found = results.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    expect(found, `en ${url}`).toEqual([]);
  }
  // Back to Italian for the other specs.
  await page.getByRole("button", { name: "Passa all'italiano" }).click();
  await context.close();
});
