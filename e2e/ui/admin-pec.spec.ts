import path from "node:path";
import { expect, test } from "@playwright/test";
import { startPecFake, type PecFake } from "../../tests/helpers/pec-server";
import { adminContext, ENTE } from "./admin-helpers";

/**
 * The admin's PEC page against a local PEC provider: a refused form says which fields and why, a saved one never shows
 * a password again, the connection test says it works (and says it fails with a wrong password).
 */
let fake: PecFake;
test.beforeAll(async () => {
  fake = await startPecFake({ users: { "pec-e2e": "segreto-e2e-pec" } });
});
test.afterAll(async () => {
  await fake?.stop();
});

test("the admin sets up the ente's PEC provider and tests the connection", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  await page.goto(`/${ENTE}/admin/canali/pec`);
  await expect(page.getByRole("heading", { level: 1, name: "Posta elettronica certificata (PEC)" })).toBeVisible();

  await page.getByLabel("Indirizzo PEC dell'ente").fill("non-un-indirizzo");
  await page.getByRole("button", { name: "Salva le impostazioni" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Inserisci l'indirizzo PEC dell'ente" })).toBeVisible();

  const smtp = page.getByRole("group", { name: "Invio (SMTP)" });
  const imap = page.getByRole("group", { name: "Ricevute (IMAP)" });
  await page.getByLabel("Indirizzo PEC dell'ente").fill("comune.bugliano@pec.example");
  for (const [group, port] of [[smtp, fake.smtpPort], [imap, fake.imapPort]] as const) {
    await group.getByLabel("Server").fill("127.0.0.1");
    await group.getByLabel("Porta").fill(String(port));
    await group.getByLabel("Sicurezza della connessione").selectOption("none");
    await group.getByLabel("Nome utente").fill("pec-e2e");
    await group.getByLabel("Password").fill("segreto-e2e-pec");
  }
  await page.getByRole("button", { name: "Salva le impostazioni" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Impostazioni PEC salvate." })).toBeVisible();
  await page.reload();
  await expect(page.locator("body")).not.toContainText("segreto-e2e-pec");
  await expect(smtp.getByLabel("Password")).toHaveValue("");

  await page.getByRole("button", { name: "Prova la connessione" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connessione riuscita" })).toBeVisible();
  const shots = path.resolve("test-results", "screens");
  await page.screenshot({ path: path.join(shots, "admin-pec-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: path.join(shots, "admin-pec-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // A wrong password: the test says which side failed.
  await imap.getByLabel("Password").fill("sbagliata");
  await page.getByRole("button", { name: "Salva le impostazioni" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Impostazioni PEC salvate." })).toBeVisible();
  await page.getByRole("button", { name: "Prova la connessione" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Ricevute (IMAP): autenticazione rifiutata" })).toBeVisible();
  await context.close();
});
