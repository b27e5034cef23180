import { expect, test } from "@playwright/test";
import { recipients, waitForMail } from "../helpers/mail";
import { ENTE, expectNoAxeViolations, loginAsCitizen } from "./citizen-helpers";

test("sign-in by email link: bad address, then a link that works once; a new citizen has no codice fiscale", async ({ page }) => {
  await page.goto(`/${ENTE}/accedi`);
  await expectNoAxeViolations(page, "login");
  await page.getByLabel("Email", { exact: true }).fill("non-valida@");
  await page.getByRole("button", { name: "Inviami il link" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Inserisci un indirizzo email valido");

  const address = `nuova.cittadina.${Date.now()}@example.com`;
  await page.getByLabel("Email", { exact: true }).fill(address);
  await page.getByRole("button", { name: "Inviami il link" }).click();
  await expect(page.getByText("Se l'indirizzo è corretto riceverai a breve un'email")).toBeVisible();

  const mail = await waitForMail((m) => recipients(m).includes(address));
  const link = /https?:\/\/[^\s"<>]+\/accedi\/email\?[^\s"<>]+/.exec(`${mail.text ?? ""} ${typeof mail.html === "string" ? mail.html : ""}`)?.[0]?.replace(/&amp;/g, "&");
  expect(link).toBeTruthy();
  // Opening the link does not sign in by itself (mail scanners open links too).
  await page.goto(link ?? "");
  await expect(page.getByRole("heading", { level: 1, name: "Conferma l'accesso" })).toBeVisible();
  await expectNoAxeViolations(page, "email link confirmation");
  await page.getByRole("button", { name: "Entra nell'area personale" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Area personale" })).toBeVisible();

  // The same link a second time is refused.
  await page.context().clearCookies();
  await page.goto(link ?? "");
  await page.getByRole("button", { name: "Entra nell'area personale" }).click();
  await expect(page.getByText("Il link non è valido o è scaduto")).toBeVisible();
});

test("profile: codice fiscale read-only, bad input refused, preferences saved", async ({ page }) => {
  await loginAsCitizen(page, "Luca Verdi");
  await page.goto(`/${ENTE}/area-personale/profilo`);
  await expect(page.getByRole("heading", { level: 1, name: "Il mio profilo" })).toBeVisible();
  await expect(page.getByText(/^VRDLCU90C15D612/)).toBeVisible();
  await expect(page.getByLabel("Nome e cognome")).toHaveAttribute("readonly", "");
  await expectNoAxeViolations(page, "profile");

  await page.getByLabel("Email", { exact: true }).fill("luca@");
  await page.getByLabel("Telefono").fill("chiamami");
  await page.getByRole("button", { name: "Salva le modifiche" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Controlla i campi evidenziati");
  await expect(page.getByText("Inserisci un indirizzo email valido")).toBeVisible();
  await expect(page.getByText("Inserisci un numero di telefono valido")).toBeVisible();
  await expectNoAxeViolations(page, "profile with errors");

  await page.getByLabel("Email", { exact: true }).fill("giulia.bianchi@example.com");
  await page.getByLabel("Telefono").fill("+39 320 5556677");
  await page.getByRole("button", { name: "Salva le modifiche" }).click();
  await expect(page.getByText("Questo indirizzo è già usato da un altro account")).toBeVisible();

  await page.getByLabel("Email", { exact: true }).fill("luca.verdi@example.com");
  await page.getByLabel("Solo nell'area personale (nessuna email)").check();
  await page.getByRole("button", { name: "Salva le modifiche" }).click();
  await expect(page.getByText("Profilo aggiornato.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Telefono")).toHaveValue("+39 320 5556677");
  await expect(page.getByLabel("Solo nell'area personale (nessuna email)")).toBeChecked();

  // Choosing English for messages turns the site to English too.
  await page.getByLabel("Lingua preferita per le comunicazioni").selectOption("en");
  await page.getByRole("button", { name: "Salva le modifiche" }).click();
  await expect(page.getByText(/^(Profilo aggiornato|Profile updated)\.$/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "My profile" })).toBeVisible();
  await expectNoAxeViolations(page, "profile in English");
  await page.getByLabel("Preferred language for messages").selectOption("it");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(/^(Profilo aggiornato|Profile updated)\.$/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Il mio profilo" })).toBeVisible();
});
