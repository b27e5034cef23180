import { expect, test, type Browser, type Page } from "@playwright/test";
import { startFakeIntermediary, type FakeIntermediary } from "../../tests/helpers/fake-intermediary";
import { loginAsStaff } from "../helpers/operator";
import { acceptPrivacy, ENTE, loginAsCitizen } from "./citizen-helpers";

/**
 * The pagoPA adapter against a fake intermediary on loopback, through the running server: the admin configures it,
 * the worker publishes the citizen's position there, the citizen is sent to its checkout, and its signed
 * notifications reach `/api/pagamenti/{ente}/notifica` over HTTP — forged refused, the real one applied once, the
 * duplicate recorded as such — then the pratica is submitted and the official receipt downloaded from it.
 * The demo provider is put back at the end, for the other specs.
 */

const SETTINGS = `/${ENTE}/admin/pagamenti/impostazioni`;

async function saveProvider(browser: Browser, fill: (page: Page) => Promise<void>): Promise<string | null> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await loginAsStaff(page, "admin@bugliano.example");
    await page.goto(SETTINGS);
    await fill(page);
    await page.getByRole("button", { name: "Salva le impostazioni" }).click();
    await expect(page.getByRole("status").filter({ hasText: /salvat/i }).first()).toBeVisible();
    const secret = page.getByTestId("one-time-secret");
    return (await secret.count()) > 0 ? ((await secret.first().textContent()) ?? "").trim() : null;
  } finally {
    await context.close();
  }
}

test("the pagoPA intermediary: the position published there, its signed notification applied once over HTTP, a forged one refused, the receipt downloaded", async ({ browser, page, request }) => {
  test.setTimeout(180_000);
  const fake: FakeIntermediary = await startFakeIntermediary();
  try {
    const secret = await saveProvider(browser, async (p) => {
      await p.getByLabel("Fornitore").selectOption("pagopa-rest");
      await p.getByLabel("Indirizzo dell'API dell'intermediario").fill(fake.url);
      await p.getByLabel("Chiave API").fill(fake.subscriptionKey);
    });
    expect(secret, "the callback secret is shown once, at the first save").toMatch(/^[A-Za-z0-9_-]{32,}$/);

    await loginAsCitizen(page, "Mario Rossi");
    await page.goto(`/${ENTE}/servizi/occupazione-suolo-pubblico/compila`);
    await acceptPrivacy(page);
    await page.getByRole("button", { name: "Avanti" }).click();
    await page.getByLabel(/^Indirizzo dell'occupazione/).fill("Piazza Garibaldi 2");
    await page.getByLabel(/^Dal giorno/).fill("2027-04-10");
    await page.getByLabel(/^Al giorno/).fill("2027-04-12");
    await page.getByLabel(/^Superficie/).fill("10");
    await page.getByLabel(/^Numero di giorni/).fill("3");
    await page.getByLabel(/^Motivo/).selectOption("trasloco");
    await page.getByRole("button", { name: "Vai al riepilogo" }).click();
    await page.getByRole("button", { name: "Procedi al pagamento" }).click();
    await page.waitForURL(/\/area-personale\/pratiche\/[0-9a-f-]{36}(?:[?#]|$)/);
    const praticaUrl = page.url().split(/[?#]/)[0] ?? "";

    // The worker publishes the position at the intermediary: € 16 + € 30 + 10 m² × 3 days × € 0,50.
    await expect.poll(() => fake.positions.size, { timeout: 30_000 }).toBe(1);
    const [position] = [...fake.positions.values()];
    expect(position!.amount).toBe(6100);
    expect(fake.requests.every((r) => r.headers["ocp-apim-subscription-key"] === fake.subscriptionKey)).toBe(true);

    // "Paga online" sends the browser to the intermediary's checkout (answered here: it is not on this machine).
    await page.route("https://checkout.fake-pagopa.test/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><html lang=it><title>Checkout pagoPA</title><h1>Checkout pagoPA</h1></html>" }));
    const payments = page.locator("#pagamenti");
    await expect(async () => {
      await page.reload();
      await expect(payments.getByRole("button", { name: /^Paga online/ })).toBeVisible();
    }).toPass({ timeout: 30_000 });
    await payments.getByRole("button", { name: /^Paga online/ }).click();
    await page.waitForURL(/checkout\.fake-pagopa\.test/);

    // The citizen pays there; the intermediary notifies the server.
    fake.pay(position!.iupd);
    const target = new URL(`/api/pagamenti/${ENTE}/notifica`, test.info().project.use.baseURL).toString();
    const body = fake.callbackBody(position!.iupd, "evt-e2e-1");
    const forged = await fake.sendCallback(target, body, { secret: "not-the-secret-not-the-secret-00" });
    expect(forged.status).toBe(401);
    const applied = await fake.sendCallback(target, body, { secret: secret! });
    expect(applied.status).toBe(200);
    expect(JSON.parse(applied.text)).toEqual({ outcome: "applied" });
    const again = await fake.sendCallback(target, body, { secret: secret! });
    expect(JSON.parse(again.text)).toEqual({ outcome: "duplicate" });
    // Not a browser's write, yet nothing but a signed notification gets in: an unsigned POST is refused.
    const unsigned = await request.post(target, { data: body, headers: { "content-type": "application/json" } });
    expect(unsigned.status()).toBe(401);

    // The worker submits the pratica and fetches the official receipt from the intermediary.
    await page.goto(praticaUrl);
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("main").locator("header dd").first()).toHaveText(/Acquisita|Protocollata|In carico/);
      await expect(payments.getByRole("link", { name: /^Scarica la ricevuta/ })).toBeVisible();
    }).toPass({ timeout: 60_000, intervals: [500, 1000, 2000] });
    await expect(payments.getByTestId("payment-status")).toHaveText("Pagato");
    expect(fake.requests.some((r) => r.method === "GET" && /\/receipts\/.+\/pdf$/.test(r.path))).toBe(true);
  } finally {
    await saveProvider(browser, async (p) => {
      await p.getByLabel("Fornitore").selectOption("demo");
    }).catch(() => null);
    await fake.close();
  }
});
