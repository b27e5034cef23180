import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { recipients, waitForMail } from "../helpers/mail";
import { loginAsStaff } from "../helpers/operator";
import { ENTE, expectNoAxeViolations, loginAsCitizen, submitAccessoAgliAtti } from "./citizen-helpers";

const NUMBER = /^\d{4}-\d{6}$/;


test("the pratica's number: given at submission, shown to citizen and operator, in the email, and found by the dashboard search", async ({ page, browser }) => {
  // Two people, an email and a dozen pages: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  await loginAsCitizen(page, "Mario Rossi");
  const id = await submitAccessoAgliAtti(page, `Planimetrie del piano regolatore, tavola ${Date.now() % 100000}.`);

  // The citizen reads the number on the pratica and in the personal area, never the internal id.
  const numero = ((await page.getByTestId("pratica-number").textContent()) ?? "").trim();
  expect(numero).toMatch(NUMBER);
  await expect(page.locator("main")).not.toContainText(id);
  await page.goto(`/${ENTE}/area-personale`);
  await expect(page.getByTestId("pratica-number").filter({ hasText: numero })).toHaveCount(1);

  // The receipt names it in the subject and its text; no form data in a notice (issue 16): the modulo is not attached.
  const receipt = await waitForMail((m) => recipients(m).includes("mario.rossi@example.com") && (m.subject ?? "").includes(numero));
  expect(receipt.subject).toMatch(new RegExp(`\\(n\\. ${numero}\\)$`));
  expect(receipt.attachments ?? []).toHaveLength(0);
  expect(receipt.text ?? "").toContain(numero);

  // The operator finds it by number, whole or short, and by name in either order.
  const staff = await browser.newContext();
  const operator = await staff.newPage();
  await loginAsStaff(operator, "operatore@bugliano.example");
  const search = async (q: string) => {
    await operator.goto(`/${ENTE}/operatori?tab=tutte&q=${encodeURIComponent(q)}`);
    return operator.locator("tbody tr[data-pratica-id]");
  };
  let rows = await search(numero);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-pratica-id", id);
  await expect(rows.first()).toContainText(numero);
  rows = await search(`${numero.slice(0, 4)}-${Number(numero.slice(5))}`);
  await expect(rows).toHaveCount(1);
  await expect(operator.locator(`tr[data-pratica-id="${id}"]`)).toHaveCount(1);
  for (const q of ["Rossi Mario", "Mario Rossi"]) {
    await search(q);
    await expect(operator.locator(`tr[data-pratica-id="${id}"]`)).toHaveCount(1);
  }
  await expectNoAxeViolations(operator, "dashboard searched by number");

  // The detail page shows the number, the options' labels and a plain delivery record.
  await operator.goto(`/${ENTE}/operatori/pratiche/${id}`);
  await expect(operator.getByTestId("pratica-number")).toContainText(numero);
  await expect(operator.getByText("Accesso civico generalizzato").first()).toBeVisible();
  const record = operator.getByTestId("delivery-record");
  await expect(record.getByTestId("delivery-line").first()).toBeVisible();
  const lines = (await record.getByTestId("delivery-line").allTextContents()).join("\n");
  expect(lines).toMatch(/Email a mario\.rossi@example\.com: /);
  expect(lines).not.toMatch(/\b(sent|pending|failed|bounced|queued|skipped|dead|cancelled|webhook)\b/i);
  await expectNoAxeViolations(operator, "operator detail with the number");
  mkdirSync("docs/screenshots", { recursive: true });
  await operator.setViewportSize({ width: 1280, height: 900 });
  await operator.screenshot({ path: "docs/screenshots/operatore-pratica.png", fullPage: true });
  await operator.setViewportSize({ width: 360, height: 800 });
  await operator.screenshot({ path: "test-results/screenshots/operatore-pratica-360.png", fullPage: true });
  await staff.close();
});
