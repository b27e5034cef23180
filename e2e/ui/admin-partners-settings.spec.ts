import { BUGLIANO_CREST_SVG } from "../../db/seed-crest";
import { expect, test } from "@playwright/test";
import { adminContext, ENTE, screenshots } from "./admin-helpers";

const PNG_1x1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

test("partners: the secret is shown once; scope, webhook and delivery log", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  await page.goto(`/${ENTE}/admin/partner`);
  const slug = `gestionale-${Date.now()}`;
  await page.getByLabel("Nome", { exact: true }).fill("Gestionale tributi");
  await page.getByLabel("Identificativo (utente API)").fill(slug);
  await page.getByLabel("Indirizzo del webhook").fill("ftp://non-va.example");
  await page.getByRole("button", { name: "Crea il partner" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("webhookUrl");
  await page.getByLabel("Indirizzo del webhook").fill("http://127.0.0.1:9/webhook");
  await page.getByRole("checkbox", { name: "Bonus idrico comunale" }).check();
  await page.getByRole("button", { name: "Crea il partner" }).click();
  const secrets = page.getByTestId("one-time-secret");
  await expect(secrets).toHaveCount(2);
  const secret = (await secrets.first().textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await screenshots(page, "admin-partner-creato");

  // It is never shown again.
  await page.reload();
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.getByRole("link", { name: "Gestionale tributi" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gestionale tributi");
  await expect(page.getByText(secret)).toHaveCount(0);

  // Scope and events.
  await page.getByRole("checkbox", { name: "pratica.submit", exact: true }).check();
  await page.getByRole("button", { name: "Salva", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Modifiche salvate" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "pratica.submit", exact: true })).toBeChecked();

  // Rotate: a new secret, shown once.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Genera un nuovo segreto API" }).click();
  const rotated = (await page.getByTestId("one-time-secret").first().textContent())?.trim() ?? "";
  expect(rotated).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(rotated).not.toBe(secret);
  await expect(page.getByRole("heading", { name: "Registro delle consegne webhook" })).toBeVisible();
  await screenshots(page, "admin-partner");

  await page.goto(`/${ENTE}/admin/registro?action=partner`);
  await expect(page.getByRole("cell", { name: "partner.create", exact: true }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "partner.rotate_secret", exact: true }).first()).toBeVisible();
  await expect(page.getByText(rotated)).toHaveCount(0);
  await context.close();
});

test("settings: colour contrast is enforced, contacts/quiet hours/holidays saved, logo uploaded and served", async ({ browser, request }) => {
  const { context, page } = await adminContext(browser);
  await page.goto(`/${ENTE}/admin/impostazioni`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Impostazioni dell'ente");

  await page.getByLabel("Colore principale").fill("#7fb2e5");
  await page.getByRole("button", { name: "Salva le impostazioni" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("4.5:1");
  await page.getByLabel("Colore principale").fill("#1a5c2e");
  await page.getByLabel("Telefono").fill("0571 000000");
  await page.getByLabel("Dalle").fill("21:00");
  await page.getByLabel("Giorni festivi (un giorno AAAA-MM-GG per riga)").fill("2026-12-25\n2026-12-26");
  await page.getByRole("button", { name: "Salva le impostazioni" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Modifiche salvate" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Colore principale")).toHaveValue("#1a5c2e");
  await expect(page.getByLabel("Giorni festivi (un giorno AAAA-MM-GG per riga)")).toHaveValue("2026-12-25\n2026-12-26");
  // The theme follows the colour.
  const bg = await page.locator("header .bg-primary").first().evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).toBe("rgb(26, 92, 46)");

  // Logo: a fake (text named .png) is refused; a real PNG is stored and served publicly.
  await page.locator("#f-logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("not really a png") });
  await page.getByRole("button", { name: "Carica lo stemma" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("PNG, JPEG o SVG");
  await page.locator("#f-logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG_1x1 });
  await page.getByRole("button", { name: "Carica lo stemma" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Stemma aggiornato" })).toBeVisible();
  await page.reload();
  const src = await page.locator("header img").first().getAttribute("src");
  expect(src).toMatch(new RegExp(`^/${ENTE}/logo\\?v=[0-9a-f]{12}$`));
  const res = await request.get(src ?? "");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("image/png");
  expect(Buffer.from(await res.body()).equals(PNG_1x1)).toBe(true);
  await screenshots(page, "admin-impostazioni");

  // Restore the default look for the other specs.
  await page.getByLabel("Colore principale").fill("#0066cc");
  await page.getByRole("button", { name: "Salva le impostazioni" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Modifiche salvate" })).toBeVisible();
  await page.getByRole("button", { name: "Rimuovi lo stemma" }).click();
  await expect(page.locator("header img")).toHaveCount(0);
  expect((await request.get(`/${ENTE}/logo`)).status()).toBe(404);
  // The demo's own crest back, as later specs (and the Modello Comuni checks) expect the ente to have one.
  await page.locator("#f-logo").setInputFiles({ name: "stemma.svg", mimeType: "image/svg+xml", buffer: Buffer.from(BUGLIANO_CREST_SVG) });
  await page.getByRole("button", { name: "Carica lo stemma" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Stemma aggiornato" })).toBeVisible();
  await context.close();
});

test("overview page", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Amministrazione dell'ente");
  await expect(page.getByRole("link", { name: /Operatori attivi/ })).toBeVisible();
  await screenshots(page, "admin-panoramica");
  await context.close();
});
