import { expect, test } from "@playwright/test";
import { ENTE, expectNoAxeViolations } from "./citizen-helpers";

test("SPID metadata: served, signed, with the SP's endpoints", async ({ request }) => {
  const res = await request.get(`/${ENTE}/spid/metadata`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("xml");
  const xml = await res.text();
  expect(xml).toMatch(/<md:EntityDescriptor[^>]*entityID="[^"]+\/comune-di-bugliano\/spid"[^>]*><ds:Signature/);
  expect(xml).toContain("<spid:IPACode>c_b999</spid:IPACode>");
  expect(xml).toContain('RequestedAttribute Name="fiscalNumber"');
});

test("SPID login through the demo identity provider: button, provider list, signed response, personal area", async ({ page }) => {
  // Three axe runs and two full-page screenshots: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  await page.goto(`/${ENTE}/accedi`);
  const spid = page.getByText("Entra con SPID");
  await expect(spid).toBeVisible();
  await expect(page.getByRole("link", { name: "Entra con CIE" })).toBeVisible();
  await expectNoAxeViolations(page, "login");
  await page.setViewportSize({ width: 1280, height: 900 });
  await spid.click();
  await expect(page.getByRole("link", { name: "Demo IdP" })).toBeVisible();
  await expectNoAxeViolations(page, "login with the provider list open");
  await page.screenshot({ path: "docs/screenshots/accedi.png", fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: "docs/screenshots/accedi-360.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByRole("link", { name: "Demo IdP" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Gestore di identità di prova" })).toBeVisible();
  await expect(page.getByText("livello minimo SpidL2")).toBeVisible();
  await expectNoAxeViolations(page, "demo identity provider");
  await page.getByRole("button", { name: "Entra come Giulia Bianchi" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Area personale" })).toBeVisible();
  await expect(page.getByText("Giulia Bianchi").first()).toBeVisible();
});

test("a service asking for a higher level sends the login back to the provider with that level", async ({ page }) => {
  await page.goto(`/${ENTE}/accedi?livello=3&next=${encodeURIComponent(`/${ENTE}/servizi/contributo-affitto/compila`)}`);
  await expect(page.getByText("richiede un accesso con SPID di livello 3")).toBeVisible();
  // No email link for a service that needs a verified identity.
  await expect(page.getByRole("button", { name: "Inviami il link" })).toHaveCount(0);
  await page.getByText("Entra con SPID").click();
  await page.getByRole("link", { name: "Demo IdP" }).click();
  await expect(page.getByText("livello minimo SpidL3")).toBeVisible();
  await page.getByRole("button", { name: "Entra come Mario Rossi" }).click();
  await expect(page).toHaveURL(new RegExp(`/${ENTE}/servizi/contributo-affitto/compila$`));
});

test("the ACS takes a cross-site POST but refuses a bad response with a clear message, never a 500", async ({ page, request }) => {
  const res = await request.post(`/${ENTE}/spid/acs`, {
    headers: { Origin: "https://idp.example.org", "Sec-Fetch-Site": "cross-site" },
    form: { SAMLResponse: Buffer.from("<samlp:Response/>").toString("base64") },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(303);
  expect(res.headers().location).toContain(`/${ENTE}/accedi?accesso=spid.invalid_response`);
  // Any other cross-site write is still refused.
  const other = await request.post(`/${ENTE}/spid/login`, { headers: { Origin: "https://idp.example.org", "Sec-Fetch-Site": "cross-site" }, maxRedirects: 0 });
  expect(other.status()).toBe(403);
  await page.goto(res.headers().location ?? "");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("non è valida o non è firmata");
});
