import { expect, test } from "@playwright/test";
import { recipients, waitForMail } from "../helpers/mail";
import { adminContext, ENTE, screenshots, staffLogin } from "./admin-helpers";

const NEW_OP = { name: "Carla Esposito", email: `carla.esposito.${Date.now()}@bugliano.example`, password: "una-password-molto-lunga-1" };

/** The set-password link in the newest invitation email to `to`. */
async function inviteLink(to: string, after: number): Promise<string> {
  const mail = await waitForMail((m) => recipients(m).includes(to) && (m.date?.getTime() ?? 0) >= after - 2000 && /password/i.test(m.subject ?? ""), 45_000);
  const text = `${mail.text ?? ""} ${typeof mail.html === "string" ? mail.html : ""}`;
  const match = /https?:\/\/[^\s"'<>]+\/operatori\/imposta-password\/[A-Za-z0-9_-]+/.exec(text);
  expect(match, "link in the email").not.toBeNull();
  return new URL(match?.[0] ?? "").pathname;
}

test("an admin invites an operator, who sets a password from the email and logs in; reset and disable work", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  await page.goto(`/${ENTE}/admin/operatori`);
  await expect(page.getByRole("heading", { level: 1, name: "Operatori" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Ultimo accesso" })).toBeVisible();

  // Create: validation first, then for real.
  await page.getByRole("button", { name: "Crea e invia l'invito" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("Dati non validi");
  const startedAt = Date.now();
  await page.getByLabel("Nome e cognome").fill(NEW_OP.name);
  await page.getByLabel("Email", { exact: true }).fill(NEW_OP.email);
  await page.getByRole("checkbox", { name: "Richiesta di accesso agli atti" }).check();
  await page.getByRole("button", { name: "Crea e invia l'invito" }).click();
  await expect(page.getByRole("status")).toContainText("Operatore creato");
  const row = page.getByRole("row").filter({ hasText: NEW_OP.email });
  await expect(row).toContainText("Invito in attesa");
  await expect(row).toContainText("Mai");
  await screenshots(page, "admin-operatori");

  // The operator follows the link from the email (anonymous browser).
  const link = await inviteLink(NEW_OP.email, startedAt);
  const anon = await browser.newContext();
  const op = await anon.newPage();
  await op.goto(link);
  await expect(op.getByRole("heading", { level: 1 })).toHaveText("Scegli la tua password");
  await op.getByLabel("Nuova password").fill("corta");
  await op.getByLabel("Ripeti la password").fill("corta");
  await op.getByRole("button", { name: "Salva la password" }).click();
  await expect(op.locator("main").getByRole("alert")).toContainText("Password troppo corta");
  await op.getByLabel("Nuova password").fill(NEW_OP.password);
  await op.getByLabel("Ripeti la password").fill(NEW_OP.password);
  await op.getByRole("button", { name: "Salva la password" }).click();
  await expect(op.getByRole("status")).toContainText("Password salvata");
  // The link is single-use.
  await op.goto(link);
  await expect(op.getByRole("heading", { level: 1 })).toHaveText("Link non valido");
  await staffLogin(op, { email: NEW_OP.email, password: NEW_OP.password });
  await expect(op).toHaveURL(new RegExp(`/${ENTE}/operatori$`));
  await anon.close();

  // Last login and status now show; manage the operator.
  await page.reload();
  await expect(row).toContainText("Attivo");
  await expect(row).not.toContainText("Mai");
  await row.getByRole("link", { name: NEW_OP.name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(NEW_OP.name);
  await page.getByRole("checkbox", { name: "Contributo per il sostegno all'affitto" }).check();
  await page.getByRole("button", { name: "Salva i servizi" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Servizi aggiornati" })).toBeVisible();
  await screenshots(page, "admin-operatore");

  // Reset: the old password stops working, a new email arrives.
  const resetAt = Date.now();
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Reimposta la password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password reimpostata" })).toBeVisible();
  const resetLink = await inviteLink(NEW_OP.email, resetAt);
  expect(resetLink).not.toBe(link);
  const anon2 = await browser.newContext();
  const op2 = await anon2.newPage();
  await op2.goto(`/${ENTE}/operatori/login`);
  await op2.getByLabel("Email").fill(NEW_OP.email);
  await op2.getByLabel("Password").fill(NEW_OP.password);
  await op2.getByRole("button", { name: "Accedi" }).click();
  await expect(op2.locator("main").getByRole("alert")).toContainText("Credenziali non valide");

  // Disable: the new link stops working too.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Disattiva l'utente" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Utente disattivato" })).toBeVisible();
  await op2.goto(resetLink);
  await expect(op2.getByRole("heading", { level: 1 })).toHaveText("Link non valido");
  await anon2.close();

  // Everything is in the audit log, on the user's page and in the viewer.
  await page.reload();
  for (const action of ["operator.create", "operator.activate", "operator.services", "operator.reset_password", "operator.disable"])
    await expect(page.getByRole("cell", { name: action, exact: true })).toBeVisible();
  await context.close();
});

test("audit log viewer: filters and CSV export", async ({ browser }) => {
  const { context, page } = await adminContext(browser);
  await page.goto(`/${ENTE}/admin/registro`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registro attività");
  await page.getByLabel("Azione", { exact: true }).fill("pratica.submit");
  await page.getByRole("button", { name: "Filtra" }).click();
  await expect(page).toHaveURL(/action=pratica.submit/);
  const cells = page.getByRole("cell", { name: /^pratica\./ });
  await expect(cells.first()).toHaveText("pratica.submit");
  expect(new Set(await cells.allTextContents())).toEqual(new Set(["pratica.submit"]));
  await screenshots(page, "admin-registro");

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Esporta CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^registro-comune-di-bugliano-\d{4}-\d{2}-\d{2}\.csv$/);
  const body = await (await import("node:fs/promises")).readFile((await download.path()) ?? "", "utf8");
  const lines = body.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("id;created_at;actor_kind;actor_id;actor_name;action;target_type;target_id;data");
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((l) => l.includes(";pratica.submit;"))).toBe(true);

  await page.goto(`/${ENTE}/admin/registro?from=ieri`);
  await expect(page.locator("main").getByRole("alert")).toContainText("Filtri non validi");
  await context.close();
});
