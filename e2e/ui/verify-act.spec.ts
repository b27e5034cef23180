import { expect, test, type Page } from "@playwright/test";
import { loginAsStaff } from "../helpers/operator";
import { SAME_ORIGIN } from "../helpers/origin";
import { ENTE, expectNoAxeViolations, loginAsCitizen, submitAccessoAgliAtti } from "./citizen-helpers";


async function upload(page: Page, name: string, buffer: Buffer) {
  await page.getByLabel("Documento PDF").setInputFiles({ name, mimeType: name.endsWith(".pdf") ? "application/pdf" : "text/plain", buffer });
  await page.getByRole("button", { name: "Verifica", exact: true }).click();
}

test("the citizen verifies the sealed outcome act: valid; a tampered copy and garbage are not", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await loginAsCitizen(page, "Mario Rossi");
  const id = await submitAccessoAgliAtti(page, `Delibera n. ${Date.now() % 100000} e allegati.`);
  const operator = await browser.newPage();
  await loginAsStaff(operator, "operatore@bugliano.example");
  await operator.goto(`/${ENTE}/operatori?tab=da-assegnare&sort=aggiornata&dir=desc`);
  await operator.locator(`tr[data-pratica-id="${id}"]`).getByRole("button", { name: "Prendi in carico" }).click();
  await operator.getByRole("button", { name: "Sì, sono sicuro" }).click();
  await operator.getByRole("link", { name: "Elabora" }).click();
  await operator.getByLabel("Approva").check();
  await operator.getByLabel("Motivazione").fill("Documenti disponibili.");
  await operator.getByRole("button", { name: "Avanti" }).click();
  await operator.getByRole("button", { name: "Avanti" }).click();
  await operator.getByRole("button", { name: "Conferma" }).click();
  await expect(operator.getByRole("heading", { name: "Esito: Accettata" })).toBeVisible();
  await operator.close();

  // The act, next to its verification link on the pratica's page.
  await page.goto(`/${ENTE}/area-personale/pratiche/${id}`);
  const item = page.locator("li").filter({ hasText: "Documento di risposta" });
  const href = (await item.getByRole("link").first().getAttribute("href")) ?? "";
  const res = await page.request.get(href);
  expect(res.status()).toBe(200);
  const act = Buffer.from(await res.body());
  expect(act.toString("latin1")).toContain("/ByteRange");
  await item.getByRole("link", { name: "Verifica l'autenticità del provvedimento" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Verifica un documento" })).toBeVisible();
  await expect(page.getByText("Comune di Bugliano — sigillo (demo)").first()).toBeVisible();
  await expectNoAxeViolations(page, "verify page");

  await upload(page, "esito.pdf", act);
  await expect(page.getByRole("heading", { name: "Documento valido" })).toBeVisible();
  await expect(page.locator("#esito")).toContainText("Comune di Bugliano — sigillo (demo)");
  await expect(page.locator("#esito")).toContainText(/\d{4}\/\d{7}/);
  await expectNoAxeViolations(page, "verify page, valid");
  await page.screenshot({ path: "test-results/verifica-valido-1280.png", fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: "test-results/verifica-valido-360.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  const tampered = Buffer.from(act);
  const at = act.toString("latin1").indexOf("/Title");
  tampered[at + 8] = (tampered[at + 8] ?? 0) ^ 1;
  await upload(page, "esito-modificato.pdf", tampered);
  await expect(page.getByRole("heading", { name: "Documento non valido" })).toBeVisible();
  await expect(page.getByText("è stato modificato dopo il sigillo")).toBeVisible();
  await expectNoAxeViolations(page, "verify page, invalid");

  await upload(page, "nota.txt", Buffer.from("non sono un PDF"));
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Il file non è un documento PDF");
  await expectNoAxeViolations(page, "verify page, refused file");

  // Garbage posted straight to the route: a redirect with a code, never a 500.
  for (const body of [Buffer.from("----x\r\nrubbish"), Buffer.alloc(0)]) {
    const r = await page.request.post(`/${ENTE}/verifica/documento`, { headers: { ...SAME_ORIGIN, "Content-Type": "multipart/form-data; boundary=x" }, data: body, maxRedirects: 0 });
    expect(r.status()).toBe(303);
    expect(r.headers().location).toMatch(/errore=verify\./);
  }
  // A forged verdict shows nothing.
  await page.goto(`/${ENTE}/verifica?esito=eyJ2Ijp0cnVlfQ.falso`);
  await expect(page.getByRole("heading", { name: "Documento valido" })).toHaveCount(0);
});
