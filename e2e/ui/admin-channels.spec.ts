import { expect, test } from "@playwright/test";
import { ADMIN, ENTE, OPERATOR, staffLogin } from "./admin-helpers";

/**
 * What admins see of the notice channels (issue 16): /admin/canali (policy, health, failures with Riprova) and the
 * chain of a notice in a pratica's "Comunicazioni e protocollo" panel, from the demo seed (db/seed-channels.ts).
 * Screenshots at desktop width and at 360 px.
 */
test("the channels page: the policy refuses a repeated channel, shows each channel's health and retries a dead IO row", async ({ page }) => {
  await staffLogin(page, ADMIN);
  await page.goto(`/${ENTE}/admin`);
  await page.getByRole("navigation").getByRole("link", { name: "Canali di notifica" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Canali di notifica" })).toBeVisible();
  await expect(page.getByLabel("1° canale").first()).toHaveValue("io");
  await expect(page.getByTestId("health-io")).toContainText("Servizi con chiave App IO");
  await expect(page.getByTestId("health-pec")).toContainText("PEC in attesa di ricevuta");
  await expect(page.getByTestId("failures-io")).toContainText("App IO non risponde");
  await page.screenshot({ path: test.info().outputPath("canali-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: test.info().outputPath("canali-360.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // A channel twice in the same list: refused on that select, nothing saved.
  const ordinary = page.getByRole("group", { name: "Avvisi ordinari" });
  await ordinary.getByLabel("2° canale").selectOption("io");
  await page.getByRole("button", { name: "Salva l'ordine" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Ogni canale compare una volta sola" })).toBeVisible();
  await ordinary.getByLabel("2° canale").selectOption("email");
  await ordinary.getByLabel("3° canale").selectOption("pec");
  await page.getByRole("button", { name: "Salva l'ordine" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ordine dei canali salvato." })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("group", { name: "Avvisi ordinari" }).getByLabel("3° canale")).toHaveValue("pec");

  await page.getByTestId("failures-io").getByRole("button", { name: /Riprova/ }).first().click();
  await expect(page).toHaveURL(/\/admin\/canali\?esito=riprovato/);
  await expect(page.getByText("Nuovo tentativo in coda.")).toBeVisible();
});

test("a pratica's panel reads the notice's chain: App IO refused, then email", async ({ page }) => {
  await staffLogin(page, ADMIN);
  await page.goto(`/${ENTE}/admin/notifiche?topic=io&status=routed`);
  // The seed's notice refused by IO for want of a profile (the test above retried another IO row, which is listed too).
  const row = page.getByTestId("delivery-row").filter({ hasText: "profilo App IO non trovato" }).first();
  await expect(row).toContainText("Motivo del passaggio");
  const pratica = await row.locator('a[href*="?pratica="]').first().getAttribute("href");
  const id = new URLSearchParams(pratica?.split("?")[1] ?? "").get("pratica");
  expect(id).toBeTruthy();
  await page.screenshot({ path: test.info().outputPath("notifiche-io-desktop.png"), fullPage: true });
  // The pratica's page is the back-office's: the operator enabled on its service reads the panel.
  await page.context().clearCookies();
  await staffLogin(page, OPERATOR);
  await page.goto(`/${ENTE}/operatori/pratiche/${id}`);
  const record = page.getByTestId("delivery-record");
  await expect(record.getByTestId("delivery-chain").first()).toContainText("App IO: rifiutato (profilo App IO non trovato per il codice fiscale) → email: consegnata al server di posta");
  await record.scrollIntoViewIfNeeded();
  await record.screenshot({ path: test.info().outputPath("panel-chain-desktop.png") });
  await page.setViewportSize({ width: 360, height: 800 });
  await record.screenshot({ path: test.info().outputPath("panel-chain-360.png") });
});
