import { expect, test } from "@playwright/test";
import { recipients, waitForMail } from "../helpers/mail";
import { loginAsStaff } from "../helpers/operator";
import { ENTE, expectNoAxeViolations, loginAsCitizen, submitAccessoAgliAtti } from "./citizen-helpers";


test("from submission through the operator's decision to the citizen downloading the response", async ({ page, browser }) => {
  await loginAsCitizen(page, "Mario Rossi");
  const documenti = `Verbale del consiglio comunale n. ${Date.now() % 100000} e allegati.`;
  const id = await submitAccessoAgliAtti(page, documenti);
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const numero = ((await page.getByTestId("pratica-number").textContent()) ?? "").trim();
  expect(numero).toMatch(/^\d{4}-\d{6}$/);

  // The receipt email, named after the pratica's number; no form data in it (issue 16): the modulo is in the personal area.
  const receipt = await waitForMail((m) => recipients(m).includes("mario.rossi@example.com") && /pratica ricevuta/.test(m.subject ?? "") && (m.subject ?? "").includes(numero));
  expect(receipt.attachments ?? []).toHaveLength(0);

  // The operator's decision, through the back-office: take it in charge, Elabora (approve + motivation), confirm.
  const operator = await browser.newPage();
  await loginAsStaff(operator, "operatore@bugliano.example");
  await operator.goto(`/${ENTE}/operatori?tab=da-assegnare&sort=aggiornata&dir=desc`);
  await operator.locator(`tr[data-pratica-id="${id}"]`).getByRole("button", { name: "Prendi in carico" }).click();
  await operator.getByRole("button", { name: "Sì, sono sicuro" }).click();
  await expect(operator).toHaveURL(new RegExp(`/operatori/pratiche/${id}$`));
  await operator.getByRole("link", { name: "Elabora" }).click();
  await operator.getByLabel("Approva").check();
  await operator.getByLabel("Motivazione").fill("Documenti disponibili: li trova allegati.");
  await operator.getByRole("button", { name: "Avanti" }).click();
  await operator.getByRole("button", { name: "Avanti" }).click();
  await operator.getByRole("button", { name: "Conferma" }).click();
  await expect(operator.getByRole("heading", { name: "Esito: Accettata" })).toBeVisible();
  await operator.close();

  // The citizen sees the outcome and downloads the response document.
  await waitForMail((m) => recipients(m).includes("mario.rossi@example.com") && /esito|Esito/.test(m.subject ?? ""));
  await page.goto(`/${ENTE}/area-personale`);
  await expect(page.getByRole("heading", { name: "Aggiornamenti da leggere" })).toBeVisible();
  await page.goto(`/${ENTE}/area-personale/pratiche/${id}`);
  await expect(page.getByText("Accettata").first()).toBeVisible();
  await expect(page.getByText("Documenti disponibili: li trova allegati.").first()).toBeVisible();
  const response = page.locator("li").filter({ hasText: "Documento di risposta" }).getByRole("link").first();
  const res = await page.request.get((await response.getAttribute("href")) ?? "");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  await expectNoAxeViolations(page, "decided pratica");
});
