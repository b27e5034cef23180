import { expect, test } from "@playwright/test";

test("the home page leads to the demo municipality", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/comune-di-bugliano$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Comune di Bugliano");
  await expect(page.getByRole("link", { name: "Area operatori" })).toBeVisible();
});

test("the language switch turns the page to English and back", async ({ page }) => {
  await page.goto("/comune-di-bugliano");
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await page.getByRole("button", { name: "Passa all'italiano" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Benvenuto");
});

test("an unknown municipality is a 404 page", async ({ page }) => {
  const response = await page.goto("/comune-inesistente");
  expect(response?.status()).toBe(404);
});
