import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { recipients, waitForMail } from "../helpers/mail";
import { acceptPrivacy, ENTE, expectNoAxeViolations, expectNoHorizontalScrollAt360, loginAsCitizen } from "./citizen-helpers";

const SHOTS = path.resolve(process.env.E2E_OUTPUT_DIR ?? "test-results", "payments-shots");
const CITIZEN = { name: "Giulia Bianchi", email: "giulia.bianchi@example.com" };

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Reloads until `check` passes: the outbox worker and the provider's notification work after the page answered. */
async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 30_000) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [500, 1000, 2000] });
}

test("a citizen pays before submitting: the amount on the summary, a failed attempt, a retry, the pratica submitted, the receipt and the email", async ({ page }) => {
  test.setTimeout(180_000);
  await loginAsCitizen(page, CITIZEN.name);
  await page.goto(`/${ENTE}/servizi/occupazione-suolo-pubblico/compila`);
  await acceptPrivacy(page);
  await page.getByRole("button", { name: "Avanti" }).click();
  await page.getByLabel(/^Indirizzo dell'occupazione/).fill("Via Roma 12");
  await page.getByLabel(/^Dal giorno/).fill("2027-03-01");
  await page.getByLabel(/^Al giorno/).fill("2027-03-02");
  await page.getByLabel(/^Superficie/).fill("20");
  await page.getByLabel(/^Numero di giorni/).fill("2");
  await page.getByLabel(/^Motivo/).selectOption("trasloco");
  await page.getByRole("button", { name: "Vai al riepilogo" }).click();

  // The summary: each fee with its amount (the canone is 20 m² × 2 days × € 0,50), the total, and the payment as the last step.
  const due = page.getByTestId("amount-due");
  await expect(due.getByRole("heading", { name: "Importo da pagare" })).toBeVisible();
  await expect(due.getByRole("listitem")).toHaveCount(3);
  await expect(due).toContainText("€ 16,00");
  await expect(due).toContainText("€ 30,00");
  await expect(due).toContainText("€ 20,00");
  await expect(page.getByTestId("amount-due-total")).toHaveText(/Totale\s*€ 66,00/);
  await expect(page.getByRole("button", { name: "Invia la domanda" })).toHaveCount(0);
  await expectNoAxeViolations(page, "summary with the amount due");
  await shoot(page, "riepilogo-con-pagamento");
  await page.getByRole("button", { name: "Procedi al pagamento" }).click();

  // The pratica waits for the payment; the position is created by the worker, then "Paga online" appears.
  await page.waitForURL(/\/area-personale\/pratiche\/[0-9a-f-]{36}(?:[?#]|$)/);
  const praticaUrl = page.url().split(/[?#]/)[0] ?? "";
  const payments = page.locator("#pagamenti");
  await expect(page.getByRole("heading", { level: 2, name: "Pagamenti" })).toBeVisible();
  await expect(payments.getByTestId("payment-amount")).toHaveText("€ 66,00");
  await reloadUntil(page, () => expect(payments.getByRole("button", { name: /^Paga online/ })).toBeVisible());
  await expect(page.getByText("In attesa di pagamento").first()).toBeVisible();
  await expect(payments.getByTestId("payment-status")).toHaveText("Da pagare");
  const notice = await page.request.get(await payments.getByRole("link", { name: /^Scarica avviso di pagamento/ }).getAttribute("href").then((h) => h ?? ""));
  expect(notice.status()).toBe(200);
  expect(notice.headers()["content-type"]).toBe("application/pdf");
  expect((await notice.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await expectNoAxeViolations(page, "pratica awaiting payment");
  await shoot(page, "pratica-da-pagare");

  // First attempt: the demo checkout shows the position and says it is a simulation; the payment fails.
  await payments.getByRole("button", { name: /^Paga online/ }).click();
  await page.waitForURL(/\/pagamenti\/demo\//);
  await expect(page.getByTestId("demo-banner")).toContainText("simulazione");
  await expect(page.getByTestId("demo-amount")).toHaveText("€ 66,00");
  await expect(page.getByText(/^\d{4} \d{4} \d{4} \d{4} \d{2}$/)).toBeVisible();
  await expectNoAxeViolations(page, "demo checkout");
  await expectNoHorizontalScrollAt360(page, "demo checkout");
  await shoot(page, "checkout-demo");
  await page.getByRole("button", { name: "Simula pagamento non riuscito" }).click();
  await page.waitForURL((u) => u.pathname === new URL(praticaUrl).pathname && u.searchParams.get("esito") === "ko");
  await expect(page.getByTestId("payment-outcome")).toHaveText(/non è riuscito/);
  await expect(payments.getByTestId("payment-status")).toHaveText("Pagamento non riuscito: puoi riprovare");
  await expect(page.getByText("Pagamento non riuscito").first()).toBeVisible();
  await shoot(page, "pratica-pagamento-fallito");

  // Second attempt: paid. Back on the pratica the citizen reads that the confirmation is on its way.
  await payments.getByRole("button", { name: /^Paga online/ }).click();
  await page.waitForURL(/\/pagamenti\/demo\//);
  await page.getByRole("button", { name: "Paga", exact: true }).click();
  await page.waitForURL((u) => u.pathname === new URL(praticaUrl).pathname && u.searchParams.get("esito") === "ok");
  await expect(page.getByTestId("payment-outcome")).toHaveText("Pagamento ricevuto: la conferma arriva entro pochi istanti.");

  // The worker submits the pratica once paid, then fetches the receipt.
  await page.goto(praticaUrl);
  await reloadUntil(page, async () => {
    await expect(page.getByRole("main").locator("header dd").first()).toHaveText(/Acquisita|Protocollata|In carico/);
    await expect(payments.getByRole("link", { name: /^Scarica la ricevuta/ })).toBeVisible();
  }, 60_000);
  await expect(payments.getByTestId("payment-status")).toHaveText("Pagato");
  await expect(payments.getByRole("button", { name: /^Paga online/ })).toHaveCount(0);

  // The personal area's Pagamenti page: the payment, paid, with its pratica and the receipt.
  await page.goto(`/${ENTE}/area-personale`);
  const tabs = page.getByRole("navigation", { name: "Sezioni dell'area personale" });
  await tabs.getByRole("link", { name: "Pagamenti" }).click();
  await expect(tabs.getByRole("link", { name: "Pagamenti" })).toHaveAttribute("aria-current", "page");
  const row = page.getByTestId("payment").filter({ has: page.locator(`a[href$="${new URL(praticaUrl).pathname}"]`) });
  await expect(row.getByTestId("payment-status")).toHaveText("Pagato");
  const receiptHref = (await row.getByRole("link", { name: /^Scarica la ricevuta/ }).getAttribute("href")) ?? "";
  const receipt = await page.request.get(receiptHref);
  expect(receipt.status()).toBe(200);
  expect((await receipt.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await expectNoAxeViolations(page, "Pagamenti");
  await expectNoHorizontalScrollAt360(page, "Pagamenti");
  await shoot(page, "area-personale-pagamenti");

  // The confirmation by email, with what was paid.
  const mail = await waitForMail((m) => recipients(m).includes(CITIZEN.email) && /pagamento ricevuto/.test(m.subject ?? ""));
  expect(mail.text).toContain("€ 66,00");
});
