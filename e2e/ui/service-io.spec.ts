import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { adminContext, ENTE } from "./admin-helpers";
import { expectNoAxeViolations } from "./citizen-helpers";

const SERVICE = "Occupazione temporanea di suolo pubblico";
const SHOTS = path.resolve(process.env.E2E_OUTPUT_DIR ?? "test-results", "service-io");

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an admin sets the service's IO key (a malformed one is refused), sees only its last four characters, replaces and removes it", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  await page.goto(`/${ENTE}/admin/servizi`);
  await page.getByRole("link", { name: SERVICE }).first().click();
  const tabs = page.getByRole("navigation", { name: SERVICE });
  await tabs.getByRole("link", { name: "App IO" }).click();
  await expect(tabs.getByRole("link", { name: "App IO" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { level: 2, name: "Messaggi su App IO" })).toBeVisible();
  const status = page.getByTestId("io-key-status");
  // The demo gives services a key only when IO_API_URL is set: start from none.
  if (!(await status.textContent())?.includes("Nessuna chiave")) {
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Rimuovi la chiave" }).click();
    await expect(status).toContainText("Nessuna chiave");
  }
  await expectNoAxeViolations(page, "service App IO, no key");
  await shoot(page, "admin-io-nessuna-chiave");

  const key = page.getByLabel("Chiave API del servizio su IO");
  await key.fill("non-una-chiave");
  await page.getByRole("button", { name: "Salva la chiave" }).click();
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("32 caratteri esadecimali");
  await expect(alert.getByRole("link")).toHaveAttribute("href", "#f-ioApiKey");
  await expectNoAxeViolations(page, "service App IO, refused key");
  await shoot(page, "admin-io-errore");

  await key.fill("0123456789abcdef0123456789ab7e4d");
  await page.getByRole("button", { name: "Salva la chiave" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Chiave salvata" })).toBeVisible();
  await expect(status).toContainText("termina con «7e4d»");
  // Never sent back: not in the field, not anywhere on the page.
  await expect(key).toHaveValue("");
  await page.reload();
  expect(await page.content()).not.toContain("0123456789abcdef0123456789ab7e4d");
  await expect(page.getByRole("button", { name: "Sostituisci la chiave" })).toBeVisible();
  await expectNoAxeViolations(page, "service App IO, key set");
  await shoot(page, "admin-io-chiave");

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Rimuovi la chiave" }).click();
  await expect(status).toContainText("Nessuna chiave");
  await context.close();
});
