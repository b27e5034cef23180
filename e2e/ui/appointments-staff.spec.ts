import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, OPERATOR, staffLogin } from "./admin-helpers";

const SHOTS = path.resolve(process.env.E2E_OUTPUT_DIR ?? "test-results", "appointments-staff-shots");

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("the admin edits an office's hours; the operator cancels a booking from the agenda with a message; the day's list prints", async ({ browser }) => {
  test.setTimeout(60_000);
  // Admin: Uffici → the demo office → Saturday morning; a range that ends before it starts is refused by name.
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await staffLogin(admin, ADMIN);
  await admin.getByRole("link", { name: "Uffici" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Uffici" })).toBeVisible();
  await expect(admin.getByText(/festività dell'ente/)).toBeVisible();
  await shoot(admin, "uffici");
  await admin.getByRole("link", { name: "Ufficio Anagrafe" }).click();
  const from = admin.getByLabel("Sabato, fascia 1, dalle");
  const to = admin.getByLabel("Sabato, fascia 1, alle");
  await from.fill("12:00");
  await to.fill("09:00");
  await admin.getByRole("button", { name: "Salva l'ufficio" }).click();
  await expect(admin.getByRole("alert")).toContainText("Sabato, fascia 1");
  await to.fill("12:30");
  await from.fill("09:00");
  await admin.getByRole("button", { name: "Salva l'ufficio" }).click();
  await expect(admin.getByRole("status")).toContainText("Ufficio salvato");
  await admin.reload();
  await expect(admin.getByLabel("Sabato, fascia 1, alle")).toHaveValue("12:30");
  await shoot(admin, "ufficio");
  // Back as it was: the demo office is closed on Saturdays.
  await admin.getByLabel("Sabato, fascia 1, dalle").fill("");
  await admin.getByLabel("Sabato, fascia 1, alle").fill("");
  await admin.getByRole("button", { name: "Salva l'ufficio" }).click();
  await expect(admin.getByRole("status")).toContainText("Ufficio salvato");
  await adminCtx.close();

  // Operator: the week's agenda shows the demo bookings; cancel one, the message is required.
  const page = await browser.newPage();
  await staffLogin(page, OPERATOR);
  await page.getByRole("link", { name: "Agenda" }).click();
  await page.getByRole("link", { name: "Settimana" }).click();
  const item = page.getByTestId("agenda-item").filter({ hasText: "Confermato" }).first();
  await expect(item).toBeVisible();
  await shoot(page, "agenda");
  const code = (await item.locator(".font-mono").first().textContent()) ?? "";
  await item.getByText("Annulla l'appuntamento").click();
  await item.getByRole("button", { name: "Conferma l'annullamento" }).click();
  await expect(item.getByRole("alert")).toBeVisible();
  await item.getByLabel("Messaggio al cittadino (obbligatorio)").fill("L'ufficio è chiuso per un guasto: la preghiamo di prenotare un altro giorno.");
  await item.getByRole("button", { name: "Conferma l'annullamento" }).click();
  await expect(page.getByText("Appuntamento annullato: il cittadino riceve il messaggio")).toBeVisible();
  await expect(page.getByTestId("agenda-item").filter({ hasText: code })).toContainText("Annullato");

  // The day's list of the office, for the counter.
  await page.getByRole("link", { name: "Giorno" }).click();
  await page.getByRole("link", { name: /Stampa l'elenco del giorno/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ufficio Anagrafe");
  await expect(page.getByRole("button", { name: "Stampa" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Stampa" })).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  await shoot(page, "stampa");
  await page.close();
});
