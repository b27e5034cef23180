import { expect, test, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { adminContext, ENTE, OPERATOR, staffLogin } from "./admin-helpers";

/** Full-page screenshots at desktop width and at the narrowest phone width the portal supports. */
async function shots(page: Page, name: string): Promise<void> {
  const dir = path.resolve("test-results", "screens");
  mkdirSync(dir, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}

async function newService(page: Page): Promise<string> {
  await page.goto(`/${ENTE}/admin/servizi`);
  const name = `Servizio bozza ${Date.now()}`;
  await page.getByLabel("Nome del servizio").fill(name);
  await page.getByLabel("Categoria").fill("Prove");
  await page.getByRole("button", { name: "Crea il servizio" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  return page.url();
}

const section = (page: Page, heading: string) => page.locator("section", { has: page.getByRole("heading", { name: heading, exact: true }) });

test("saving one section keeps what was typed in another, says it is still unsaved, and it persists once saved", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  const url = await newService(page);
  const general = section(page, "Stato e categoria");
  const sheet = section(page, "Scheda informativa");

  await sheet.getByLabel("Descrizione").fill("Testo scritto ma non ancora salvato");
  await expect(sheet.getByText("Modifiche non salvate")).toBeVisible();
  await general.getByLabel("Categoria").fill("Sociale");
  await general.getByRole("button", { name: "Salva" }).click();
  const status = general.getByRole("status");
  await expect(status).toContainText("Modifiche salvate");
  // The saved section is clean; the other one still holds the typing and is named as unsaved.
  await expect(status).toContainText("Attenzione, restano da salvare: «Scheda informativa»");
  await expect(general.getByText("Modifiche non salvate")).toHaveCount(0);
  await expect(general.getByLabel("Categoria")).toHaveValue("Sociale");
  await expect(sheet.getByLabel("Descrizione")).toHaveValue("Testo scritto ma non ancora salvato");
  await expect(sheet.getByText("Modifiche non salvate")).toBeVisible();
  await shots(page, "admin-servizio-non-salvato");

  await sheet.getByRole("button", { name: "Salva" }).click();
  await expect(sheet.getByRole("status")).toContainText("Modifiche salvate");
  await expect(sheet.getByRole("status")).not.toContainText("restano da salvare");
  await expect(sheet.getByText("Modifiche non salvate")).toHaveCount(0);

  // Nothing dirty now: a reload asks nothing and shows both saved values.
  let asked = false;
  page.on("dialog", (d) => {
    asked = true;
    void d.dismiss();
  });
  await page.goto(url);
  await expect(section(page, "Scheda informativa").getByLabel("Descrizione")).toHaveValue("Testo scritto ma non ancora salvato");
  await expect(section(page, "Stato e categoria").getByLabel("Categoria")).toHaveValue("Sociale");
  expect(asked).toBe(false);
  await context.close();
});

test("leaving a page with unsaved changes asks first: the browser's prompt, in-app links and the logout form", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  const url = await newService(page);
  const sheet = section(page, "Scheda informativa");
  await sheet.getByLabel("Costi").fill("Dieci euro");

  // Closing the tab (or reloading): the browser's beforeunload prompt; dismissing it keeps the page and the text.
  const unload = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const prompt = await unload;
  expect(prompt.type()).toBe("beforeunload");
  await prompt.dismiss();
  expect(page.isClosed()).toBe(false);
  await expect(sheet.getByLabel("Costi")).toHaveValue("Dieci euro");

  // An in-app link (Next navigates without unloading): a confirmation; "cancel" stays.
  const nav = page.getByRole("navigation", { name: "Amministrazione" });
  const asked = page.waitForEvent("dialog");
  const click = nav.getByRole("link", { name: "Operatori" }).click();
  const confirm = await asked;
  expect(confirm.type()).toBe("confirm");
  expect(confirm.message()).toContain("modifiche non salvate");
  await confirm.dismiss();
  await click;
  await expect(page).toHaveURL(url);
  await expect(sheet.getByLabel("Costi")).toHaveValue("Dieci euro");
  // The service's tabs too.
  page.once("dialog", (d) => void d.dismiss());
  await page.getByRole("link", { name: "Modulo", exact: true }).click();
  await expect(page).toHaveURL(url);

  // The logout form asks as well; cancel keeps the session.
  page.once("dialog", (d) => void d.dismiss());
  await page.getByRole("button", { name: "Esci" }).click();
  await expect(page).toHaveURL(url);
  await expect(sheet.getByLabel("Costi")).toHaveValue("Dieci euro");

  // Accepting leaves, and asks nothing more on the way.
  page.once("dialog", (d) => void d.accept());
  await nav.getByRole("link", { name: "Operatori" }).click();
  await expect(page).toHaveURL(new RegExp(`/${ENTE}/admin/operatori$`));
  await context.close();
});

test("the email texts and the form builder warn too", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  const url = await newService(page);
  await page.getByRole("link", { name: "Email", exact: true }).click();
  await page.locator("#f-emailTexts-4000-subject").fill("Oggetto nuovo");
  const asked = page.waitForEvent("dialog");
  const click = page.getByRole("link", { name: "Scheda e opzioni" }).click();
  const d = await asked;
  expect(d.type()).toBe("confirm");
  await d.accept();
  await click;
  await expect(page).toHaveURL(url);

  await page.getByRole("link", { name: "Modulo", exact: true }).click();
  await expect(page).toHaveURL(`${url}/modulo`);
  // Untouched builder: leaving asks nothing.
  let askedClean = false;
  page.on("dialog", (dd) => {
    askedClean = true;
    void dd.accept();
  });
  await page.getByRole("link", { name: "Scheda e opzioni" }).click();
  await expect(page).toHaveURL(url);
  expect(askedClean).toBe(false);

  // A field added and not published: leaving asks.
  await page.getByRole("link", { name: "Modulo", exact: true }).click();
  await page.getByRole("button", { name: "+ Aggiungi campo", exact: true }).click();
  let builderAsked = "";
  page.removeAllListeners("dialog");
  page.once("dialog", (dd) => {
    builderAsked = dd.type();
    void dd.dismiss();
  });
  await page.getByRole("link", { name: "Scheda e opzioni" }).click();
  await expect(page).toHaveURL(`${url}/modulo`);
  expect(builderAsked).toBe("confirm");
  await context.close();
});

test("the header's staff link leads where the user may go: an admin-only user to the administration, an operator to the back-office", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  const banner = page.getByRole("banner");
  await expect(banner.getByRole("link", { name: /^Area operatori/ })).toHaveCount(0);
  await banner.getByRole("link", { name: "Amministrazione: Amministratore Bugliano" }).click();
  await expect(page).toHaveURL(new RegExp(`/${ENTE}/admin$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Amministrazione dell'ente");
  // From the citizens' pages too.
  await page.goto(`/${ENTE}/servizi`);
  await expect(banner.getByRole("link", { name: /^Amministrazione:/ })).toHaveAttribute("href", `/${ENTE}/admin`);
  await shots(page, "header-admin");
  await context.close();

  const opContext = await browser.newContext();
  const op = await opContext.newPage();
  await staffLogin(op, OPERATOR);
  const link = op.getByRole("banner").getByRole("link", { name: /^Area operatori: / });
  await expect(link).toHaveAttribute("href", `/${ENTE}/operatori`);
  await link.click();
  await expect(op).toHaveURL(new RegExp(`/${ENTE}/operatori$`));
  await opContext.close();
});

test("disabling the only operator of an open service is allowed after a confirmation that names it, and warns afterwards", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  const url = await newService(page);
  const serviceName = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  await shots(page, "admin-servizio-senza-operatori");
  const opName = `Operatore unico ${Date.now()}`;
  await page.goto(`/${ENTE}/admin/operatori`);
  await page.getByLabel("Nome e cognome").fill(opName);
  await page.getByLabel("Email", { exact: true }).fill(`unico.${Date.now()}@bugliano.example`);
  await page.getByRole("checkbox", { name: serviceName }).check();
  await page.getByRole("button", { name: "Crea e invia l'invito" }).click();
  await expect(page.getByRole("status")).toContainText("Operatore creato");
  await page.goto(url);
  const general = section(page, "Stato e categoria");
  await general.getByLabel("Stato", { exact: true }).selectOption("available");
  await general.getByRole("button", { name: "Salva" }).click();
  await expect(general.getByRole("status")).toContainText("Modifiche salvate");

  await page.goto(`/${ENTE}/admin/operatori`);
  await page.getByRole("link", { name: opName }).click();
  // A box ticked before the page is interactive can be reset by hydration: wait for it.
  await page.waitForLoadState("networkidle");
  // Taking the service off them is refused: it would be left with nobody.
  await page.getByRole("checkbox", { name: serviceName }).uncheck();
  await page.getByRole("button", { name: "Salva i servizi" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText(`«${serviceName}» è aperto ai cittadini e resterebbe senza operatori`);
  await page.getByRole("checkbox", { name: serviceName }).check();
  // Disabling is allowed (cutting someone off cannot wait), after a confirmation naming the service.
  let message = "";
  page.once("dialog", (d) => {
    message = d.message();
    void d.accept();
  });
  await page.getByRole("button", { name: "Disattiva l'utente" }).click();
  const done = page.locator("main").getByRole("status").filter({ hasText: "Utente disattivato" });
  await expect(done).toContainText(`Attenzione: «${serviceName}» è rimasto senza operatori attivi`);
  expect(message).toContain(`È l'unico operatore attivo di «${serviceName}»`);
  await shots(page, "admin-operatore-disattivato");
  await context.close();
});
