import { expect, test, type Page } from "@playwright/test";

const ENTE = "comune-di-bugliano";

async function loginAsAdmin(page: Page) {
  await page.goto(`/${ENTE}/operatori/login`);
  await page.getByLabel("Email").fill("admin@bugliano.example");
  await page.getByLabel("Password").fill("stanza-demo");
  await page.getByRole("button", { name: /accedi/i }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/login"));
}

test("the admin's delivery record shows the in-process worker at work, with filters", async ({ page }) => {
  await loginAsAdmin(page);
  // The seed leaves protocol requests waiting: the worker started by instrumentation.ts registers them.
  await expect(async () => {
    await page.goto(`/${ENTE}/admin/notifiche?topic=protocol&status=sent`);
    await expect(page.getByTestId("delivery-row").first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Notifiche" })).toBeVisible();
  for (const row of await page.getByTestId("delivery-row").all()) await expect(row).toHaveAttribute("data-status", "sent");
  await expect(page.getByLabel("Canale")).toHaveValue("protocol");
  // The seed's historical notices were never sent: they are listed as cancelled.
  await page.getByLabel("Canale").selectOption("email");
  await page.getByLabel("Stato", { exact: true }).selectOption("cancelled");
  await page.getByRole("button", { name: "Filtra" }).click();
  await expect(page).toHaveURL(/topic=email/);
  await expect(page.getByTestId("delivery-row").first()).toHaveAttribute("data-status", "cancelled");
  await page.getByTestId("delivery-row").first().getByText(/Tentativi/).click();
  await expect(page.getByTestId("delivery-row").first().getByText("Accodata")).toBeVisible();
});

test("the protocol page lists pending and failed registrations", async ({ page }) => {
  await loginAsAdmin(page);
  await page.goto(`/${ENTE}/admin/protocollo`);
  await expect(page.getByRole("heading", { level: 1, name: "Protocollo" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /Richieste in attesa/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /Registrazioni non riuscite/ })).toBeVisible();
});

test("the admin pages are for admins only", async ({ page }) => {
  await page.goto(`/${ENTE}/admin/notifiche`);
  await expect(page).toHaveURL(/\/operatori\/login/);
});

test("the demo mailbox is there in demo mode", async ({ page }) => {
  const response = await page.goto("/posta");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Posta locale");
  const missing = await page.goto("/posta/..%2F..%2Fetc%2Fpasswd");
  expect(missing?.status()).toBe(404);
});
