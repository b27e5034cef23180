import { readdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { recipients, waitForMail } from "../helpers/mail";
import { totp } from "../helpers/totp";
import { adminContext, OPERATOR, staffLogin } from "./admin-helpers";
import { ENTE, loginAsCitizen } from "./citizen-helpers";

/**
 * Every page of the app, at phone width (360 px) and at desktop width (1280 px): nothing scrolls sideways and
 * axe finds no WCAG 2.1 A/AA violation. The inventory below lists each page once per way of reaching it; the
 * first test fails when a page file (app/∗∗/page.tsx) has no entry, so a new page must be added here.
 *
 * To add a page: one line in PAGES with its role (who visits it), its route (the page file's path under app/,
 * route groups left out) and its address. Addresses that need an id take it from `ids`, filled once per role by
 * looking at the demo data (first link of a list), so the spec runs on any seed.
 */

/** Who visits: signed out, an invited staff member before and during sign-in, a citizen, an operator, an admin. */
type Role = "public" | "invitee" | "secondFactor" | "citizen" | "operator" | "admin";

type Ids = {
  /** A citizen's submitted pratica, and one of their drafts. */
  citizenPratica: string;
  citizenDraft: string;
  /** A citizen's payment still to make: its demo checkout's reference (the demo position is the payment's id). */
  demoCheckout: string;
  /** A pratica the demo operator has in charge (Elabora open), and a concluded one. */
  operatorPending: string;
  operatorConcluded: string;
  service: string;
  staff: string;
  partner: string;
  /** An office of the demo ente (Uffici). */
  office: string;
  mail: string;
  /** The demo identity provider's page for a real, signed AuthnRequest (its address, from the SPID button). */
  demoIdp: string;
  /** A set-password link's token, for a staff member invited by this spec. */
  setPasswordToken: string;
};

type Entry = {
  role: Role;
  /** What the report calls it. */
  name: string;
  /** The page file's route: its folder under app/ without route groups, e.g. "/[ente]/servizi/[slug]". "error" for the not-found and forbidden pages (not-found.tsx, forbidden.tsx). */
  route: string;
  url: string | ((ids: Ids) => string);
  /** The HTTP status the page answers with (200 unless said). */
  status?: number;
};

const E = `/${ENTE}`;
const OP = `${E}/operatori`;
const AD = `${E}/admin`;
const SERVICE_SLUG = "accesso-agli-atti";

const PAGES: readonly Entry[] = [
  // Public pages, signed out.
  { role: "public", name: "installation home (to the only ente)", route: "/", url: "/" },
  { role: "public", name: "ente home", route: "/[ente]", url: E },
  { role: "public", name: "services", route: "/[ente]/servizi", url: `${E}/servizi` },
  { role: "public", name: "service sheet", route: "/[ente]/servizi/[slug]", url: `${E}/servizi/${SERVICE_SLUG}` },
  { role: "public", name: "sign in", route: "/[ente]/accedi", url: `${E}/accedi` },
  { role: "public", name: "email link, confirm", route: "/[ente]/accedi/email", url: `${E}/accedi/email?email=nome.cognome%40example.com&token=x&next=%2F` },
  { role: "public", name: "email link, failed", route: "/[ente]/accedi/email", url: `${E}/accedi/email?errore=1` },
  { role: "public", name: "privacy", route: "/[ente]/info/[page]", url: `${E}/info/privacy` },
  { role: "public", name: "legal notes", route: "/[ente]/info/[page]", url: `${E}/info/note-legali` },
  { role: "public", name: "accessibility", route: "/[ente]/info/[page]", url: `${E}/info/accessibilita` },
  { role: "public", name: "conditions of service", route: "/[ente]/servizi/[slug]/condizioni", url: `${E}/servizi/${SERVICE_SLUG}/condizioni` },
  { role: "public", name: "verify an act's seal", route: "/[ente]/verifica", url: `${E}/verifica` },
  { role: "public", name: "demo SPID identity provider", route: "/demo-idp/sso", url: (ids) => ids.demoIdp },
  { role: "public", name: "monitoring", route: "/[ente]/monitoraggio", url: `${E}/monitoraggio` },
  // Booking: the list of bookable services; each step, the confirmation and the manage page are judged in appointments-citizen.spec.ts.
  { role: "public", name: "booking, services", route: "/[ente]/prenota", url: `${E}/prenota` },
  { role: "public", name: "booking confirmation, bad link", route: "/[ente]/prenota/confermata/[token]", url: `${E}/prenota/confermata/link-non-valido`, status: 404 },
  { role: "public", name: "appointment, bad link", route: "/[ente]/appuntamenti/[token]", url: `${E}/appuntamenti/link-non-valido`, status: 404 },
  { role: "public", name: "API docs", route: "/api/docs", url: "/api/docs" },
  { role: "public", name: "demo mailbox", route: "/posta", url: "/posta" },
  { role: "public", name: "demo mail", route: "/posta/[id]", url: (ids) => `/posta/${ids.mail}` },
  { role: "public", name: "not found in an ente", route: "error", url: `${E}/pagina-che-non-esiste`, status: 404 },
  { role: "public", name: "not found", route: "error", url: "/ente-che-non-esiste/pagina", status: 404 },

  { role: "public", name: "staff login", route: "/[ente]/operatori/login", url: `${OP}/login` },
  { role: "public", name: "set password, bad link", route: "/[ente]/operatori/imposta-password/[token]", url: `${OP}/imposta-password/link-non-valido` },

  // A staff member invited by the spec: the set-password link, then (with two-step verification on) the code page.
  { role: "invitee", name: "set password", route: "/[ente]/operatori/imposta-password/[token]", url: (ids) => `${OP}/imposta-password/${ids.setPasswordToken}` },
  { role: "secondFactor", name: "second factor code", route: "/[ente]/operatori/login/codice", url: `${OP}/login/codice` },

  // A citizen (Mario Rossi, demo identity provider).
  { role: "citizen", name: "personal area", route: "/[ente]/area-personale", url: `${E}/area-personale` },
  { role: "citizen", name: "personal area, messages", route: "/[ente]/area-personale/messaggi", url: `${E}/area-personale/messaggi` },
  { role: "citizen", name: "personal area, activity", route: "/[ente]/area-personale/attivita", url: `${E}/area-personale/attivita` },
  { role: "citizen", name: "personal area, services", route: "/[ente]/area-personale/servizi", url: `${E}/area-personale/servizi` },
  { role: "citizen", name: "personal area, payments", route: "/[ente]/area-personale/pagamenti", url: `${E}/area-personale/pagamenti` },
  { role: "citizen", name: "personal area, appointments", route: "/[ente]/area-personale/appuntamenti", url: `${E}/area-personale/appuntamenti` },
  { role: "citizen", name: "booking, signed in", route: "/[ente]/prenota", url: `${E}/prenota` },
  { role: "citizen", name: "demo payment checkout", route: "/[ente]/pagamenti/demo/[ref]", url: (ids) => `${E}/pagamenti/demo/${ids.demoCheckout}` },
  { role: "citizen", name: "request sent (confirmation, with the rating)", route: "/[ente]/area-personale/pratiche/[id]/inviata", url: (ids) => `${E}/area-personale/pratiche/${ids.citizenPratica}/inviata` },
  { role: "citizen", name: "profile", route: "/[ente]/area-personale/profilo", url: `${E}/area-personale/profilo` },
  { role: "citizen", name: "pratica", route: "/[ente]/area-personale/pratiche/[id]", url: (ids) => `${E}/area-personale/pratiche/${ids.citizenPratica}` },
  { role: "citizen", name: "draft, form", route: "/[ente]/area-personale/pratiche/[id]/modifica", url: (ids) => `${E}/area-personale/pratiche/${ids.citizenDraft}/modifica` },
  { role: "citizen", name: "draft, summary", route: "/[ente]/area-personale/pratiche/[id]/riepilogo", url: (ids) => `${E}/area-personale/pratiche/${ids.citizenDraft}/riepilogo` },
  { role: "citizen", name: "privacy step", route: "/[ente]/servizi/[slug]/compila", url: `${E}/servizi/${SERVICE_SLUG}/compila` },
  { role: "citizen", name: "service sheet, signed in", route: "/[ente]/servizi/[slug]", url: `${E}/servizi/${SERVICE_SLUG}` },
  { role: "citizen", name: "forbidden", route: "/[ente]/vietato", url: `${E}/vietato`, status: 403 },

  // The demo operator.
  { role: "operator", name: "dashboard", route: "/[ente]/operatori", url: OP },
  { role: "operator", name: "dashboard, all", route: "/[ente]/operatori", url: `${OP}?tab=tutte` },
  { role: "operator", name: "pratica in charge", route: "/[ente]/operatori/pratiche/[id]", url: (ids) => `${OP}/pratiche/${ids.operatorPending}` },
  { role: "operator", name: "pratica concluded", route: "/[ente]/operatori/pratiche/[id]", url: (ids) => `${OP}/pratiche/${ids.operatorConcluded}` },
  { role: "operator", name: "elabora", route: "/[ente]/operatori/pratiche/[id]/elabora", url: (ids) => `${OP}/pratiche/${ids.operatorPending}/elabora` },
  { role: "operator", name: "protocol", route: "/[ente]/operatori/protocollo", url: `${OP}/protocollo` },
  { role: "operator", name: "metrics", route: "/[ente]/operatori/metriche", url: `${OP}/metriche` },
  { role: "operator", name: "agenda, day", route: "/[ente]/operatori/agenda", url: `${OP}/agenda` },
  { role: "operator", name: "agenda, week", route: "/[ente]/operatori/agenda", url: `${OP}/agenda?vista=settimana` },
  { role: "operator", name: "agenda, book on a citizen's behalf", route: "/[ente]/operatori/agenda/prenota", url: `${OP}/agenda/prenota` },
  { role: "operator", name: "agenda, print (choose the office)", route: "/[ente]/operatori/agenda/stampa", url: `${OP}/agenda/stampa` },
  { role: "operator", name: "security", route: "/[ente]/operatori/sicurezza", url: `${OP}/sicurezza` },
  { role: "operator", name: "admin refused to an operator", route: "error", url: AD, status: 403 },

  // The demo admin.
  { role: "admin", name: "admin overview", route: "/[ente]/admin", url: AD },
  { role: "admin", name: "operators", route: "/[ente]/admin/operatori", url: `${AD}/operatori` },
  { role: "admin", name: "operator", route: "/[ente]/admin/operatori/[id]", url: (ids) => `${AD}/operatori/${ids.staff}` },
  { role: "admin", name: "services", route: "/[ente]/admin/servizi", url: `${AD}/servizi` },
  { role: "admin", name: "service", route: "/[ente]/admin/servizi/[id]", url: (ids) => `${AD}/servizi/${ids.service}` },
  { role: "admin", name: "service form", route: "/[ente]/admin/servizi/[id]/modulo", url: (ids) => `${AD}/servizi/${ids.service}/modulo` },
  { role: "admin", name: "service emails", route: "/[ente]/admin/servizi/[id]/email", url: (ids) => `${AD}/servizi/${ids.service}/email` },
  { role: "admin", name: "service fees", route: "/[ente]/admin/servizi/[id]/pagamenti", url: (ids) => `${AD}/servizi/${ids.service}/pagamenti` },
  { role: "admin", name: "service App IO", route: "/[ente]/admin/servizi/[id]/io", url: (ids) => `${AD}/servizi/${ids.service}/io` },
  { role: "admin", name: "partners", route: "/[ente]/admin/partner", url: `${AD}/partner` },
  { role: "admin", name: "partner", route: "/[ente]/admin/partner/[id]", url: (ids) => `${AD}/partner/${ids.partner}` },
  { role: "admin", name: "offices", route: "/[ente]/admin/uffici", url: `${AD}/uffici` },
  { role: "admin", name: "new office", route: "/[ente]/admin/uffici/nuovo", url: `${AD}/uffici/nuovo` },
  { role: "admin", name: "office", route: "/[ente]/admin/uffici/[id]", url: (ids) => `${AD}/uffici/${ids.office}` },
  { role: "admin", name: "print an office's day", route: "/[ente]/operatori/agenda/stampa", url: (ids) => `${OP}/agenda/stampa?ufficio=${ids.office}` },
  { role: "admin", name: "settings", route: "/[ente]/admin/impostazioni", url: `${AD}/impostazioni` },
  { role: "admin", name: "notifications", route: "/[ente]/admin/notifiche", url: `${AD}/notifiche` },
  { role: "admin", name: "protocol registry", route: "/[ente]/admin/protocollo", url: `${AD}/protocollo` },
  { role: "admin", name: "ratings", route: "/[ente]/admin/valutazioni", url: `${AD}/valutazioni` },
  { role: "admin", name: "payments", route: "/[ente]/admin/pagamenti", url: `${AD}/pagamenti` },
  { role: "admin", name: "payment provider settings", route: "/[ente]/admin/pagamenti/impostazioni", url: `${AD}/pagamenti/impostazioni` },
  { role: "admin", name: "notice channels", route: "/[ente]/admin/canali", url: `${AD}/canali` },
  { role: "admin", name: "PEC provider settings", route: "/[ente]/admin/canali/pec", url: `${AD}/canali/pec` },
  { role: "admin", name: "audit log", route: "/[ente]/admin/registro", url: `${AD}/registro` },
];

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** The route of every page file under app/: route groups "(…)" left out, "/" for the root. */
function pageRoutes(dir = path.resolve("app"), segments: string[] = []): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...pageRoutes(path.join(dir, entry.name), /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]));
    else if (/^page\.(tsx|ts|jsx|js|mdx)$/.test(entry.name)) out.push(`/${segments.join("/")}`);
  }
  return out;
}

/** "/[ente]/servizi/[slug]" → a pattern for the path of an address. */
function routePattern(route: string): RegExp {
  const body = route === "/" ? "" : route.replace(/[.*+?^${}()|\\]/g, "\\$&").replace(/\\?\[[^/]+?\\?\]/g, "[^/]+");
  return new RegExp(`^${body}/?$`);
}

test("the inventory covers every page file, and each address matches its route", () => {
  const routes = pageRoutes();
  expect(routes.length).toBeGreaterThan(30);
  const covered = new Set(PAGES.map((p) => p.route));
  const missing = routes.filter((r) => !covered.has(r)).sort();
  expect(missing, "page files with no entry in PAGES (e2e/ui/every-page.spec.ts): add one per new page").toEqual([]);
  const unknown = [...covered].filter((r) => r !== "error" && !routes.includes(r));
  expect(unknown, "entries whose route has no page file").toEqual([]);
  const sample: Ids = { citizenPratica: "p", citizenDraft: "d", demoCheckout: "r", operatorPending: "p", operatorConcluded: "c", service: "s", staff: "o", partner: "x", office: "u", mail: "m", demoIdp: "/demo-idp/sso?SAMLRequest=x", setPasswordToken: "t" };
  for (const p of PAGES) {
    if (p.route === "error") continue;
    const url = new URL(typeof p.url === "string" ? p.url : p.url(sample), "http://x");
    expect(url.pathname, `${p.name}: address and route`).toMatch(routePattern(p.route));
  }
});

/**
 * Where the page is wider than the window: the outermost elements reaching past its right edge outside any
 * scrolling box, by tag, id and classes, with their size. null when nothing overflows.
 */
async function sidewaysOverflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const viewport = root.clientWidth;
    if (root.scrollWidth <= viewport) return null;
    const clipped = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body && p !== root; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflowX !== "visible" || s.contain.includes("paint")) return true;
      }
      return false;
    };
    const over = new Set<Element>();
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > viewport + 0.5 && !clipped(el)) over.add(el);
    }
    const describe = (el: Element) => {
      const r = el.getBoundingClientRect();
      const cls = typeof el.className === "string" && el.className.trim() ? `.${el.className.trim().split(/\s+/).slice(0, 8).join(".")}` : "";
      const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 60);
      return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${cls}> ${Math.round(r.width)} px wide, from ${Math.round(r.left)} to ${Math.round(r.right)} px${text ? ` "${text}"` : ""}`;
    };
    const outermost = [...over].filter((el) => !el.parentElement || !over.has(el.parentElement));
    const widest = [...over].sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0];
    const lines = outermost.slice(0, 4).map(describe);
    if (widest && !outermost.slice(0, 4).includes(widest)) lines.push(`widest: ${describe(widest)}`);
    return `page is ${root.scrollWidth} px wide in a ${viewport} px window; overflowing: ${lines.join(" | ") || "(no element found: a pseudo-element or a transform?)"}`;
  });
}

/**
 * axe on the page. A frame that may run no scripts (the demo mailbox shows each email in `<iframe sandbox>`) is left
 * out: axe cannot enter it and would wait for it forever. A run that still does not finish fails within a minute
 * and says where, instead of using up the test's whole budget.
 */
async function axeViolations(page: Page, label: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`axe did not finish within 60 s on ${label}`)), 60_000);
  });
  const results = await Promise.race([new AxeBuilder({ page }).withTags(AXE_TAGS).exclude("iframe[sandbox]").analyze(), stuck]).finally(() => clearTimeout(timer));
  return results.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

/** Visits each page of a role at 360 px, then at 1280 px (same load, the window resized), and reports every problem found. */
/**
 * Layout and accessibility do not depend on the database: they are judged in the PGlite run (`npm test` without
 * DATABASE_URL). On PostgreSQL every page is still loaded with the demo data and must answer its status and finish.
 */
const layoutChecked = !process.env.DATABASE_URL;
const judged = layoutChecked ? "no sideways scrolling at 360 px, no axe violations" : "each loads with its status (layout is judged on PGlite)";

async function checkPages(page: Page, role: Role, ids: Ids): Promise<void> {
  const problems: string[] = [];
  for (const entry of PAGES.filter((p) => p.role === role)) {
    const url = typeof entry.url === "string" ? entry.url : entry.url(ids);
    await page.setViewportSize(PHONE);
    const res = await page.goto(url);
    expect.soft(res?.status(), `${entry.name} (${url}): HTTP status`).toBe(entry.status ?? 200);
    // Next streams the <title> of dynamic pages: wait until the page is complete before judging it.
    await expect(page).toHaveTitle(/\S/);
    if (!layoutChecked) continue;
    for (const size of [PHONE, DESKTOP]) {
      if (size !== PHONE) await page.setViewportSize(size);
      const label = `${entry.name} (${url}) at ${size.width} px`;
      const overflow = await sidewaysOverflow(page);
      if (overflow) problems.push(`${label}: ${overflow}`);
      // axe once per page, on the phone layout (the one that stacks and hides); the desktop layout is judged by axe
      // in the specs of each area (admin-a11y, citizen journey, Modello Comuni, operator manual…). Time matters in CI.
      if (size === PHONE) for (const v of await axeViolations(page, label)) problems.push(`${label}: axe ${v}`);
    }
  }
  expect(problems, `${role} pages`).toEqual([]);
}

/** The first address on `url` matching `pattern` (its capture group, when it has one); null when there is none. */
async function findLink(page: Page, url: string, pattern: RegExp, scope = "main"): Promise<string | null> {
  await page.goto(url);
  const hrefs = await page.locator(`${scope} a[href]`).evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const found = hrefs.map((h) => pattern.exec(h)).find((m) => m !== null);
  return found ? (found[1] ?? found[0]) : null;
}

async function firstMatch(page: Page, url: string, pattern: RegExp, scope = "main"): Promise<string> {
  const found = await findLink(page, url, pattern, scope);
  expect(found, `a link matching ${pattern} on ${url}`).toBeTruthy();
  return found ?? "";
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** Time for a role's pages: axe takes seconds per call on a busy machine, and each page is checked twice. */
function budget(role: Role, extra = 60_000): number {
  return extra + PAGES.filter((p) => p.role === role).length * 45_000;
}

const ids: Partial<Ids> = {};
const allIds = () => ids as Ids;

// Traces would store axe-core's source at every call: the problems listed say what is wrong.
test.use({ trace: "off" });

test(`public pages: ${judged}`, async ({ browser }) => {
  test.setTimeout(budget("public"));
  const context = await browser.newContext();
  const page = await context.newPage();
  // A mail in the demo mailbox: ask for a sign-in link, which the worker writes there too.
  const address = `larghezza.${Date.now()}@example.com`;
  await page.goto(`${E}/accedi`);
  await page.getByLabel("Email", { exact: true }).fill(address);
  await page.getByRole("button", { name: "Inviami il link" }).click();
  await expect(page.getByText("Se l'indirizzo è corretto riceverai a breve un'email")).toBeVisible();
  await expect(async () => {
    await page.goto("/posta");
    const href = await page.locator("li").filter({ hasText: address }).getByRole("link").getAttribute("href", { timeout: 1000 });
    ids.mail = /^\/posta\/([^/?#]+)$/.exec(href ?? "")?.[1];
    expect(ids.mail).toBeTruthy();
  }).toPass({ timeout: 30_000 });
  // The demo identity provider's page, reached as a citizen would: the SPID button's "Demo IdP" sends a signed request.
  await page.goto(`${E}/accedi`);
  await page.getByText("Entra con SPID").click();
  await page.getByRole("link", { name: "Demo IdP" }).click();
  await page.waitForURL(/\/demo-idp\/sso\?/);
  ids.demoIdp = new URL(page.url()).pathname + new URL(page.url()).search;
  await checkPages(page, "public", allIds());
  await context.close();
});

test(`set-password and second-factor pages: ${judged}`, async ({ browser }) => {
  test.setTimeout(budget("invitee") + budget("secondFactor"));
  // An operator invited by the admin: the set-password link, then a second factor, then the code page.
  const who = { name: "Lara Larghezza", email: `lara.larghezza.${Date.now()}@bugliano.example`, password: "una-password-molto-lunga-7" };
  const admin = await adminContext(browser);
  await admin.page.goto(`${AD}/operatori`);
  const since = Date.now();
  await admin.page.getByLabel("Nome e cognome").fill(who.name);
  await admin.page.getByLabel("Email", { exact: true }).fill(who.email);
  await admin.page.getByLabel("Ruolo").selectOption("operator");
  await admin.page.getByRole("button", { name: "Crea e invia l'invito" }).click();
  await expect(admin.page.getByRole("status")).toContainText("Operatore creato");
  await admin.context.close();
  const mail = await waitForMail((m) => recipients(m).includes(who.email) && (m.date?.getTime() ?? 0) >= since - 2000, 45_000);
  const token = /\/operatori\/imposta-password\/([A-Za-z0-9_-]+)/.exec(`${mail.text ?? ""} ${typeof mail.html === "string" ? mail.html : ""}`)?.[1];
  expect(token, "a set-password link in the invitation").toBeTruthy();
  ids.setPasswordToken = token;

  const context = await browser.newContext();
  const page = await context.newPage();
  // The set-password page is checked before the token is spent.
  await checkPages(page, "invitee", allIds());
  await page.goto(`${OP}/imposta-password/${token}`);
  await page.getByLabel("Nuova password").fill(who.password);
  await page.getByLabel("Ripeti la password").fill(who.password);
  await page.getByRole("button", { name: "Salva la password" }).click();
  await expect(page.getByRole("status")).toContainText("Password salvata");
  await staffLogin(page, who);
  await page.goto(`${OP}/sicurezza`);
  await page.getByRole("button", { name: "Attiva la verifica in due passaggi" }).click();
  const secret = (await page.locator("code").first().innerText()).replace(/\s/g, "");
  await page.getByLabel("Codice di 6 cifre").fill(totp(secret));
  await page.getByRole("button", { name: "Conferma e attiva" }).click();
  await expect(page.getByRole("status")).toContainText("Verifica in due passaggi attivata");
  await page.getByRole("button", { name: "Esci" }).click();
  await page.goto(`${OP}/login`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Accedi" }).click();
  await expect(page).toHaveURL(new RegExp(`${OP}/login/codice$`));
  await checkPages(page, "secondFactor", allIds());
  await context.close();
});

test(`citizen pages: ${judged}`, async ({ browser }) => {
  test.setTimeout(budget("citizen"));
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAsCitizen(page, "Mario Rossi");
  ids.citizenPratica = await firstMatch(page, `${E}/area-personale`, new RegExp(`/area-personale/pratiche/(${UUID})$`));
  const draft = new RegExp(`/area-personale/pratiche/(${UUID})/modifica$`);
  if (!(await findLink(page, `${E}/area-personale`, draft))) {
    // The demo's drafts were sent or deleted by other specs: start one.
    await page.goto(`${E}/servizi/${SERVICE_SLUG}/compila`);
    await page.getByLabel("Ho letto e compreso l'informativa sulla privacy").check();
    await page.getByRole("button", { name: "Inizia a compilare" }).click();
    await expect(page).toHaveURL(new RegExp(`/area-personale/pratiche/${UUID}/modifica`));
  }
  ids.citizenDraft = await firstMatch(page, `${E}/area-personale`, draft);
  // The demo seed leaves Mario Rossi payments to make (to pay, refused); the notice's link names the payment.
  ids.demoCheckout = await firstMatch(page, `${E}/area-personale/pagamenti`, new RegExp(`/area-personale/pagamenti/(${UUID})/avviso$`));
  await checkPages(page, "citizen", allIds());
  await context.close();
});

test(`operator pages: ${judged}`, async ({ browser }) => {
  test.setTimeout(budget("operator"));
  const context = await browser.newContext();
  const page = await context.newPage();
  await staffLogin(page, OPERATOR);
  const detail = new RegExp(`/operatori/pratiche/(${UUID})$`);
  // In the "to handle" tab, a pratica in charge ("In carico") opens Elabora.
  ids.operatorPending = await firstMatch(page, `${OP}?tab=da-gestire`, detail, "tr:has-text('In carico')");
  ids.operatorConcluded = await firstMatch(page, `${OP}?tab=concluse`, detail);
  await checkPages(page, "operator", allIds());
  await context.close();
});

test(`admin pages: ${judged}`, async ({ browser }) => {
  test.setTimeout(budget("admin"));
  const { context, page } = await adminContext(browser);
  ids.service = await firstMatch(page, `${AD}/servizi`, /\/admin\/servizi\/([^/?#]+)$/);
  ids.staff = await firstMatch(page, `${AD}/operatori`, /\/admin\/operatori\/([^/?#]+)$/);
  ids.partner = await firstMatch(page, `${AD}/partner`, /\/admin\/partner\/([^/?#]+)$/);
  ids.office = await firstMatch(page, `${AD}/uffici`, new RegExp(`/admin/uffici/(${UUID})$`));
  await checkPages(page, "admin", allIds());
  await context.close();
});
