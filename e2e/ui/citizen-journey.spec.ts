import { expect, test } from "@playwright/test";
import { SAME_ORIGIN } from "../helpers/origin";
import { recipients, waitForMail } from "../helpers/mail";
import { ENTE, expectNoAxeViolations, loginAsCitizen, pdfBytes, steps } from "./citizen-helpers";

test.describe.configure({ mode: "serial" });

test("a citizen finds a service, fills the form with bad input at every step, submits it and gets the receipt", async ({ page }) => {
  // Catalogue: search, with a query that finds nothing first.
  await page.goto(`/${ENTE}/servizi`);
  await expect(page.getByRole("heading", { level: 1, name: "Servizi" })).toBeVisible();
  await expectNoAxeViolations(page, "catalogue");
  await page.getByLabel("Cerca un servizio").fill("zzzz nessun servizio");
  await page.getByRole("button", { name: "Cerca" }).click();
  await expect(page.getByText("Nessun servizio corrisponde alla ricerca")).toBeVisible();
  await page.getByLabel("Cerca un servizio").fill("accesso atti");
  await page.getByRole("button", { name: "Cerca" }).click();
  await expect(page.getByText("1 servizio trovato")).toBeVisible();
  await page.getByRole("link", { name: "Richiesta di accesso agli atti" }).click();

  // Information sheet.
  await expect(page.getByRole("heading", { level: 1, name: "Richiesta di accesso agli atti" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "A chi è rivolto" })).toBeVisible();
  await expectNoAxeViolations(page, "service sheet");
  await page.getByRole("link", { name: "Accedi al servizio" }).first().click();

  // Not signed in: the login page, then back to the privacy step.
  await expect(page).toHaveURL(/\/accedi\?next=/);
  await page.getByRole("button", { name: "Entra come Mario Rossi" }).click();
  // Step 1 of 4: the privacy notice, the one place it is asked.
  await expect(page.getByRole("heading", { level: 1, name: "Richiesta di accesso agli atti" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Informativa sulla privacy" })).toBeVisible();
  await expect(steps(page)).toContainText("Passo 1 di 4");
  await expectNoAxeViolations(page, "privacy step");
  // Bad input: not acknowledging the notice.
  await page.getByRole("button", { name: "Inizia a compilare" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("conferma di aver letto");
  await page.getByLabel("Ho letto e compreso l'informativa sulla privacy").check();
  await page.getByRole("button", { name: "Inizia a compilare" }).click();

  // Step 1: prefilled from the profile.
  await expect(page).toHaveURL(/\/area-personale\/pratiche\/[0-9a-f-]+\/modifica/);
  await expect(page.getByRole("heading", { level: 2, name: "Richiedente" })).toBeVisible();
  await expect(steps(page)).toContainText("Passo 2 di 4");
  await expect(page.getByLabel(/^Codice fiscale/)).toHaveValue("RSSMRA80A01H501U");
  await expect(page.getByLabel(/^Nome/)).toHaveValue("Mario");
  await expectNoAxeViolations(page, "form step 1");
  // Bad input: a wrong check character and a malformed email.
  await page.getByLabel(/^Codice fiscale/).fill("RSSMRA80A01H501A");
  await page.getByLabel(/^Email/).fill("mario.rossi@");
  await page.getByRole("button", { name: "Avanti" }).click();
  const summary = page.getByRole("main").getByRole("alert");
  await expect(summary).toContainText("Correggi questi errori");
  await expect(summary).toContainText("Codice fiscale non valido");
  await expect(summary).toContainText("Inserisci un indirizzo email valido");
  await expect(page.getByLabel(/^Email/)).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page, "form step 1 with errors");
  await page.getByLabel(/^Codice fiscale/).fill("rssmra80a01h501u");
  await page.getByLabel(/^Email/).fill("mario.rossi@example.com");
  await expect(page.getByRole("status").filter({ hasText: "Bozza salvata alle" })).toBeVisible();
  await page.getByRole("button", { name: "Avanti" }).click();

  // Step 2: the service's own text for the step, after the generic one.
  await expect(page.getByRole("heading", { level: 2, name: "Richiesta" })).toBeVisible();
  await expect(steps(page)).toContainText("Passo 3 di 4");
  // The privacy notice is not asked a second time inside the form.
  await expect(page.getByRole("checkbox", { name: /informativa|trattamento dei dati/i })).toHaveCount(0);
  await expect(page.getByText("Per l'accesso civico generalizzato non è necessaria alcuna motivazione.")).toBeVisible();
  await page.getByRole("button", { name: "Vai al riepilogo" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Tipo di accesso: Campo obbligatorio");
  await page.getByLabel("Accesso documentale (L. 241/1990)").check();
  await page.getByLabel(/^Documenti richiesti/).fill("corto");
  await page.getByLabel(/^Modalità di ricezione/).selectOption("email");

  // Uploads: a file whose bytes are not a PDF is refused; a real PDF is accepted.
  const upload = page.getByLabel(/^Delega/);
  await upload.setInputFiles({ name: "delega.pdf", mimeType: "application/pdf", buffer: Buffer.from("questo non è un pdf") });
  await expect(page.getByText(/Il file non è stato accettato: Tipo di file non accettato/)).toBeVisible();
  await upload.setInputFiles({ name: "../../delega firmata.pdf", mimeType: "application/pdf", buffer: pdfBytes("delega") });
  await expect(page.getByText("delega firmata.pdf", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Rimuovi delega firmata.pdf" })).toBeVisible();
  await page.getByRole("button", { name: "Vai al riepilogo" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Testo troppo corto");
  await page.getByLabel(/^Documenti richiesti/).fill("Copia della delibera di giunta n. 42 del 2026 con gli allegati.");
  await expectNoAxeViolations(page, "form step 2");
  await page.getByRole("button", { name: "Vai al riepilogo" }).click();

  // Summary, checked again by the server.
  await expect(page.getByRole("heading", { level: 2, name: "Riepilogo della domanda" })).toBeVisible();
  await expect(steps(page)).toContainText("Passo 4 di 4");
  await expect(page.getByText("Accesso documentale (L. 241/1990)")).toBeVisible();
  await expect(page.getByText("delega firmata.pdf")).toBeVisible();
  await expectNoAxeViolations(page, "summary");
  await page.getByRole("button", { name: "Invia la domanda" }).click();

  // The confirmation, with the pratica's number; then the pratica: submitted, with the receipt to download.
  await expect(page.getByRole("heading", { level: 1, name: "Richiesta inviata" })).toBeVisible();
  await expect(page.getByTestId("numero-pratica")).not.toBeEmpty();
  await expectNoAxeViolations(page, "confirmation");
  await page.getByRole("link", { name: "Consulta la richiesta" }).click();
  await expect(page.getByText("Domanda inviata.")).toBeVisible();
  await expect(page.getByText("Acquisita").first()).toBeVisible();
  const receipt = page.getByRole("link", { name: /^modulo-.*\.pdf$/ });
  await expect(receipt).toBeVisible();
  const href = await receipt.getAttribute("href");
  const res = await page.request.get(href ?? "");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  expect((await res.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await expectNoAxeViolations(page, "pratica detail");
  // The receipt also arrives by email: without the modulo (no form data in a notice, issue 16), pointing to this page.
  const numero = ((await page.getByTestId("pratica-number").textContent()) ?? "").trim();
  const mail = await waitForMail((m) => recipients(m).includes("mario.rossi@example.com") && /pratica ricevuta/.test(m.subject ?? "") && (m.subject ?? "").includes(numero));
  expect(mail.attachments ?? []).toHaveLength(0);
  expect(mail.text ?? "").toContain(page.url().split("?")[0]!.replace(/\/$/, ""));

  // Le mie pratiche lists it; the draft is gone.
  await page.getByRole("link", { name: "Area personale" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Area personale" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Richiesta di accesso agli atti" }).first()).toBeVisible();
  await expectNoAxeViolations(page, "personal area");
});

test("drafts are resumed where they were left, and can be deleted", async ({ page }) => {
  await loginAsCitizen(page, "Giulia Bianchi");
  await page.goto(`/${ENTE}/servizi/occupazione-suolo-pubblico/compila`);
  await page.getByLabel("Ho letto e compreso l'informativa sulla privacy").check();
  await page.getByRole("button", { name: "Inizia a compilare" }).click();
  await page.getByRole("button", { name: "Avanti" }).click();
  const saved = page.waitForResponse((r) => r.url().endsWith("/bozza") && r.request().method() === "PUT" && r.ok());
  await page.getByLabel(/^Indirizzo dell'occupazione/).fill("Via Garibaldi 7");
  await page.getByLabel(/^Superficie/).fill("12,5");
  await saved;
  await expect(page.getByRole("status").filter({ hasText: "Bozza salvata alle" })).toBeVisible();
  const draftUrl = page.url();
  // Changes typed just before leaving the page are still saved (keepalive on pagehide).
  await page.getByLabel(/^Motivo/).selectOption("trasloco");

  await page.goto(`/${ENTE}/area-personale`);
  await expect(page.getByRole("heading", { name: "Bozze da completare" })).toBeVisible();
  await page.getByRole("link", { name: "Riprendi la bozza di Occupazione temporanea di suolo pubblico" }).first().click();
  await page.getByRole("button", { name: "Avanti" }).click();
  await expect(page.getByLabel(/^Indirizzo dell'occupazione/)).toHaveValue("Via Garibaldi 7");
  await expect(page.getByLabel(/^Superficie/)).toHaveValue("12,5");
  await expect(page.getByLabel(/^Motivo/)).toHaveValue("trasloco");
  expect(page.url().split("?")[0]).toBe(draftUrl.split("?")[0]);

  await page.goto(`/${ENTE}/area-personale`);
  await page.getByRole("button", { name: "Elimina la bozza di Occupazione temporanea di suolo pubblico" }).first().click();
  await expect(page.getByText("Bozza eliminata.")).toBeVisible();
  const gone = await page.goto(draftUrl);
  expect(gone?.status()).toBe(404);
});

test("a suspended service says so and cannot be started", async ({ page }) => {
  await page.goto(`/${ENTE}/servizi/bonus-idrico`);
  await expect(page.getByText("Servizio momentaneamente sospeso")).toBeVisible();
  await expect(page.getByRole("link", { name: "Accedi al servizio" })).toHaveCount(0);
  await loginAsCitizen(page);
  await page.goto(`/${ENTE}/servizi/bonus-idrico/compila`);
  await expect(page.getByRole("button", { name: "Inizia a compilare" })).toHaveCount(0);
  await expect(page.getByText("Servizio momentaneamente sospeso")).toBeVisible();
});

test("the upload endpoint refuses oversized and mistyped files with 413 and 415, and anonymous callers with 401", async ({ page }) => {
  await loginAsCitizen(page);
  await page.goto(`/${ENTE}/servizi/accesso-agli-atti/compila`);
  await page.getByLabel("Ho letto e compreso l'informativa sulla privacy").check();
  await page.getByRole("button", { name: "Inizia a compilare" }).click();
  await expect(page).toHaveURL(/modifica/);
  const id = /pratiche\/([0-9a-f-]+)\/modifica/.exec(page.url())?.[1];
  const url = `/${ENTE}/area-personale/pratiche/${id}/file?campo=delega`;
  const big = Buffer.concat([pdfBytes(), Buffer.alloc(5 * 1024 * 1024 + 10, 0x20)]);
  const tooBig = await page.request.post(url, { headers: SAME_ORIGIN, multipart: { file: { name: "grande.pdf", mimeType: "application/pdf", buffer: big } } });
  expect(tooBig.status()).toBe(413);
  expect((await tooBig.json()).error).toContain("dimensione massima di 5 MB");
  const wrongType = await page.request.post(url, { headers: SAME_ORIGIN, multipart: { file: { name: "foto.png", mimeType: "image/png", buffer: Buffer.from("GIF89a....") } } });
  expect(wrongType.status()).toBe(415);
  const wrongField = await page.request.post(`/${ENTE}/area-personale/pratiche/${id}/file?campo=documenti`, { headers: SAME_ORIGIN, multipart: { file: { name: "a.pdf", mimeType: "application/pdf", buffer: pdfBytes() } } });
  expect(wrongField.status()).toBe(422);
  const ok = await page.request.post(url, { headers: SAME_ORIGIN, multipart: { file: { name: "ok.pdf", mimeType: "application/pdf", buffer: pdfBytes() } } });
  expect(ok.status()).toBe(201);
  expect((await ok.json()).file.filename).toBe("ok.pdf");
  const anonymous = await page.context().browser()?.newContext();
  const r = await anonymous?.request.post(`http://127.0.0.1:${process.env.E2E_PORT ?? 3100}${url}`, { headers: SAME_ORIGIN, multipart: { file: { name: "ok.pdf", mimeType: "application/pdf", buffer: pdfBytes() } } });
  expect(r?.status()).toBe(401);
  await anonymous?.close();
});
