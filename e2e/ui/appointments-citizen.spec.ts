import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { recipients, waitForMail } from "../helpers/mail";
import { ENTE, expectNoAxeViolations, expectNoHorizontalScrollAt360, loginAsCitizen } from "./citizen-helpers";

const SHOTS = path.resolve(process.env.E2E_OUTPUT_DIR ?? "test-results", "appointments-citizen-shots");

/** Each booking page: no axe violation, no sideways scroll at 360 px, and (outside CI) a screenshot at desktop and phone width. */
async function check(page: Page, name: string) {
  await expectNoAxeViolations(page, name);
  await expectNoHorizontalScrollAt360(page, name);
  // The pictures are for people looking at the pages; CI only judges them.
  if (process.env.CI) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const next = (page: Page) => page.getByRole("button", { name: "Avanti" }).click();

test("a visitor who is not signed in books the identity card from the service page, gets the email with the .ics, and cancels from its link", async ({ page }) => {
  const guest = { name: "Ospite Prenotazione", email: `ospite.${Date.now()}@example.com`, phone: "+39 333 1234567" };
  await page.setViewportSize({ width: 1280, height: 900 });

  // The service page: booking is the service's action, marked for the AgID check (C.SE.2.2).
  await page.goto(`/${ENTE}/servizi`);
  await page.getByRole("link", { name: "Carta d'identità elettronica" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Carta d'identità elettronica" })).toBeVisible();
  const access = page.locator('[data-element="service-booking-access"]');
  await expect(access).toHaveText("Prenota appuntamento");
  await check(page, "0-scheda-servizio");
  await access.click();

  // Luogo: only the offices serving the service; nothing chosen → told so.
  await expect(page).toHaveURL(/\/prenota\?servizio=/);
  await expect(page.getByTestId("booking-steps")).toContainText("Passo 1 di 5");
  await expect(page.getByTestId("office-list").getByRole("listitem")).toHaveCount(1);
  await check(page, "1-luogo");
  await page.getByRole("radio", { name: /Ufficio Anagrafe/ }).check();
  await next(page);

  // Data e orario: a week of free slots, as radio buttons; the first free one.
  await expect(page.getByTestId("booking-steps")).toContainText("Passo 2 di 5");
  await expect(page.getByTestId("week-label")).toContainText("Settimana dal");
  await next(page);
  await expect(page.getByText("Scegli un giorno e un orario.")).toBeVisible();
  await check(page, "2-data-orario");
  // The radio is drawn by its label (a time "button"): people click the label.
  await page.getByTestId("slot-picker").locator("li label").first().click();
  await expect(page.getByTestId("slot-picker").getByRole("radio", { checked: true })).toHaveCount(1);
  await next(page);

  // Dettagli: the reason already filled with the service.
  await expect(page.getByTestId("booking-steps")).toContainText("Passo 3 di 5");
  await expect(page.getByLabel(/^Motivo dell'appuntamento/)).toHaveValue("Carta d'identità elettronica");
  await check(page, "3-dettagli");
  await next(page);

  // Richiedente: name and email required without login.
  await expect(page.getByTestId("booking-steps")).toContainText("Passo 4 di 5");
  await next(page);
  await expect(page.getByText("Indica nome e cognome.")).toBeVisible();
  await expect(page.getByLabel(/^Email/)).toHaveAttribute("aria-invalid", "true");
  await check(page, "4-richiedente-errori");
  await page.getByLabel(/^Nome e cognome/).fill(guest.name);
  await page.getByLabel(/^Email/).fill(guest.email);
  await page.getByLabel(/^Telefono/).fill(guest.phone);
  await next(page);

  // Riepilogo, then the confirmation.
  await expect(page.getByTestId("booking-steps")).toContainText("Passo 5 di 5");
  await expect(page.getByText(guest.email)).toBeVisible();
  await expect(page.getByTestId("summary-when")).toContainText(/dalle \d{2}:\d{2} alle \d{2}:\d{2}/);
  await check(page, "5-riepilogo");
  await page.getByRole("button", { name: "Conferma prenotazione" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Appuntamento confermato" })).toBeVisible();
  await expect(page.getByTestId("appointment-code")).toHaveText(/^APP-\d{4}-\d{6}$/);
  await expect(page.getByTestId("appointment-office")).toHaveText("Ufficio Anagrafe");
  await expect(page.getByText(`all'indirizzo ${guest.email}`)).toBeVisible();
  const code = await page.getByTestId("appointment-code").innerText();
  await check(page, "6-conferma");

  // The email with the calendar file.
  const mail = await waitForMail((m) => recipients(m).includes(guest.email));
  const ics = mail.attachments.find((a) => a.filename?.endsWith(".ics") || a.contentType.startsWith("text/calendar"));
  expect(ics, "an .ics attachment").toBeTruthy();
  expect(ics?.content.toString()).toContain("BEGIN:VCALENDAR");
  expect(`${mail.subject ?? ""} ${mail.text ?? ""}`).toContain(code);

  // The manage page, without login: cancel after a confirmation step.
  await page.getByRole("link", { name: "Gestisci l'appuntamento" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Il tuo appuntamento" })).toBeVisible();
  await check(page, "7-gestisci");
  await page.getByRole("link", { name: "Annulla appuntamento" }).click();
  await expect(page.getByRole("heading", { name: "Vuoi annullare l'appuntamento?" })).toBeVisible();
  await check(page, "8-annulla-conferma");
  await page.getByRole("button", { name: "Sì, annulla l'appuntamento" }).click();
  await expect(page.getByRole("status")).toContainText("Appuntamento annullato");
  await expect(page.getByTestId("appointment-status")).toHaveText("Annullato");
  await expect(page.getByRole("link", { name: "Annulla appuntamento" })).toHaveCount(0);
});

test("a signed-in citizen books for one of their pratiche with the login's details, finds it in the personal area and moves it", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await loginAsCitizen(page, "Mario Rossi");

  // The personal area's Appuntamenti: the demo's bookings of Mario Rossi, one tied to his request of access.
  await page.goto(`/${ENTE}/area-personale/appuntamenti`);
  await expect(page.getByRole("link", { name: "Appuntamenti", exact: true })).toHaveAttribute("aria-current", "page");
  const upcoming = page.locator("section", { has: page.getByRole("heading", { name: "Prossimi appuntamenti" }) });
  await expect(upcoming.getByTestId("appointment-list").getByRole("listitem").first()).toBeVisible();
  await check(page, "9-area-personale-appuntamenti");

  // The pratica's page lists its appointment and books another one tied to it.
  await upcoming.getByRole("listitem").filter({ hasText: "Pratica collegata" }).first().locator('a[href*="/area-personale/pratiche/"]').click();
  const appointments = page.locator("#appuntamenti");
  await expect(appointments.getByRole("heading", { level: 2, name: "Appuntamenti" })).toBeVisible();
  await expect(appointments.getByTestId("appointment-list").getByRole("listitem")).toHaveCount(1);
  await expectNoAxeViolations(page, "pratica with its appointment");
  const praticaId = /pratiche\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";
  await appointments.getByRole("link", { name: "Prenota un appuntamento" }).click();
  await expect(page).toHaveURL(new RegExp(`pratica=${praticaId}`));
  await page.getByRole("radio", { name: /Ufficio Anagrafe/ }).check();
  await next(page);
  await page.getByTestId("slot-picker").locator("li label").last().click();
  await next(page);
  // The pratica is already chosen among the citizen's pratiche of the service.
  await expect(page.getByRole("group", { name: "Collega una tua pratica" }).getByRole("radio", { checked: true })).toHaveAccessibleName(/^Pratica /);
  await check(page, "3-dettagli-con-pratica");
  await next(page);
  // The applicant is the signed-in citizen: no contact form.
  await expect(page.getByText("Useremo i dati del tuo accesso:")).toBeVisible();
  await expect(page.locator("dd").getByText("Mario Rossi", { exact: true })).toBeVisible();
  await expect(page.getByLabel(/^Nome e cognome/)).toHaveCount(0);
  await check(page, "4-richiedente-con-accesso");
  await next(page);
  await page.getByRole("button", { name: "Conferma prenotazione" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Appuntamento confermato" })).toBeVisible();
  const code = await page.getByTestId("appointment-code").innerText();
  const before = await page.getByTestId("appointment-when").innerText();

  // Listed among the upcoming ones; moved to another free time of the same office from its manage link.
  await page.getByRole("link", { name: "I tuoi appuntamenti" }).click();
  await upcoming.getByRole("link", { name: `Gestisci l'appuntamento ${code}` }).click();
  await page.getByRole("link", { name: "Sposta" }).click();
  await expect(page.getByRole("heading", { name: "Scegli un nuovo orario" })).toBeVisible();
  await check(page, "10-sposta");
  await page.getByTestId("slot-picker").locator("li label").first().click();
  await page.getByRole("button", { name: "Sposta a questo orario" }).click();
  await expect(page.getByRole("status")).toContainText("Appuntamento spostato");
  await expect(page.getByTestId("appointment-when")).not.toHaveText(before);
  await expect(page.getByTestId("appointment-code")).toHaveText(code);
});
