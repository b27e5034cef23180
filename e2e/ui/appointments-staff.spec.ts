import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { dateKey } from "../../lib/time/wall-clock";
import { ADMIN, ENTE, OPERATOR, staffLogin } from "./admin-helpers";

const SHOTS = path.resolve(process.env.E2E_OUTPUT_DIR ?? "test-results", "appointments-staff-shots");
/** The demo ente's holidays (db/seed.ts): every office is closed then. */
const HOLIDAYS = ["2026-12-08", "2026-12-25", "2026-12-26", "2027-01-01", "2027-01-06"];

/** Screenshots at desktop and phone width, to look at: only when asked for (E2E_SHOTS=1), CI's time is tight. */
async function shoot(page: Page, name: string) {
  if (!process.env.E2E_SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("the admin sets up an office and edits its hours; the operator books by phone, cancels with a message, prints the day", async ({ browser }) => {
  test.setTimeout(60_000);
  const office = `Sportello prove ${Date.now().toString(36)}`;
  let day = dateKey(new Date(Date.now() + 2 * 86_400_000));
  while (HOLIDAYS.includes(day)) day = dateKey(new Date(new Date(`${day}T12:00:00Z`).getTime() + 86_400_000));

  // Admin: Uffici → a new office open every morning, for a service, with the demo operator.
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await staffLogin(admin, ADMIN);
  await admin.getByRole("link", { name: "Uffici", exact: true }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Uffici" })).toBeVisible();
  await expect(admin.getByText(/festività dell'ente/)).toBeVisible();
  await admin.getByRole("link", { name: "Nuovo ufficio" }).click();
  await admin.getByLabel("Nome", { exact: true }).fill(office);
  await admin.getByLabel("Indirizzo", { exact: true }).fill("Piazza del Municipio 1");
  for (const wd of ["Lunedì", "Martedì", "Mercoledì", "Giovedì", "Venerdì", "Sabato", "Domenica"]) {
    await admin.getByLabel(`${wd}, fascia 1, dalle`).fill("08:00");
    await admin.getByLabel(`${wd}, fascia 1, alle`).fill("12:00");
  }
  await admin.getByLabel("Preavviso minimo (ore)").fill("0");
  await admin.getByRole("checkbox", { name: "Richiesta di accesso agli atti" }).check();
  await admin.getByRole("checkbox", { name: new RegExp(OPERATOR.email) }).check();
  await admin.getByRole("button", { name: "Crea l'ufficio" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Ufficio creato" })).toBeVisible();
  await expect(admin.getByRole("heading", { level: 1, name: office })).toBeVisible();
  // An afternoon that ends before it starts is refused by the field's name; then a good one is saved.
  await admin.getByLabel("Lunedì, fascia 2, dalle").fill("18:00");
  await admin.getByLabel("Lunedì, fascia 2, alle").fill("14:00");
  await admin.getByRole("button", { name: "Salva l'ufficio" }).click();
  await expect(admin.getByRole("alert").filter({ hasText: "Lunedì, fascia 2, alle" })).toBeVisible();
  await admin.getByLabel("Lunedì, fascia 2, dalle").fill("14:00");
  await admin.getByLabel("Lunedì, fascia 2, alle").fill("17:30");
  await admin.getByRole("button", { name: "Salva l'ufficio" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Ufficio salvato" })).toBeVisible();
  await admin.reload();
  await expect(admin.getByLabel("Lunedì, fascia 2, alle")).toHaveValue("17:30");
  await shoot(admin, "ufficio");
  await admin.goto(`/${ENTE}/admin/uffici`);
  await shoot(admin, "uffici");
  await adminCtx.close();

  // Operator: a booking taken on the phone, then in the agenda; cancelled with the required message.
  const page = await browser.newPage();
  await staffLogin(page, OPERATOR);
  await page.getByRole("link", { name: "Agenda" }).click();
  // A full load of the booking page: its first step is a plain form, chosen before the client router settles otherwise.
  await page.goto((await page.getByRole("link", { name: "Prenota per conto del cittadino" }).getAttribute("href")) ?? "");
  await page.getByLabel("Ufficio", { exact: true }).selectOption({ label: office });
  await page.getByRole("button", { name: "Mostra gli orari liberi" }).click();
  await page.getByLabel("Servizio", { exact: true }).selectOption({ label: "Richiesta di accesso agli atti" });
  await page.getByLabel("Giorno", { exact: true }).fill(day);
  await page.getByRole("button", { name: "Mostra gli orari liberi" }).click();
  await page.getByRole("radio").first().check();
  await page.getByLabel("Nome e cognome").fill("Anna Telefono");
  await page.getByLabel("Telefono", { exact: true }).fill("050 123456");
  await shoot(page, "prenota");
  await page.getByRole("button", { name: "Prenota", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Appuntamento prenotato: APP-" })).toBeVisible();
  const item = page.getByTestId("agenda-item").filter({ hasText: "Anna Telefono" });
  await expect(item).toContainText("Confermato");
  await shoot(page, "agenda");
  await item.getByText("Annulla l'appuntamento").click();
  await item.getByRole("button", { name: "Conferma l'annullamento" }).click();
  await expect(item.getByRole("alert")).toContainText(/messaggio|obbligatori/i);
  await item.getByLabel("Messaggio al cittadino (obbligatorio)").fill("L'ufficio è chiuso per un guasto: la richiameremo per un altro giorno.");
  await item.getByRole("button", { name: "Conferma l'annullamento" }).click();
  await expect(item.getByRole("status")).toContainText("Appuntamento annullato");
  await expect(item).toContainText("Annullato");
  await page.getByRole("link", { name: "Settimana" }).click();
  await expect(page.getByTestId("agenda-item").filter({ hasText: "Anna Telefono" })).toBeVisible();

  // The day's list of the office, for the counter.
  await page.getByRole("link", { name: "Giorno", exact: true }).click();
  await page.getByRole("link", { name: /Stampa l'elenco del giorno/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(office);
  await expect(page.getByRole("cell", { name: "050 123456" })).toBeVisible();
  await shoot(page, "stampa");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Stampa" })).toBeHidden();
  await expect(page.getByRole("navigation").first()).toBeHidden();
  if (process.env.E2E_SHOTS) await page.screenshot({ path: path.join(SHOTS, "stampa-print.png"), fullPage: true });
  await page.close();
});
