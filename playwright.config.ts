import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * Playwright runs the production build (`npm run build` first) on its own port and data folder, with a real
 * SMTP sink (e2e/helpers/smtp-sink.ts) as the app's SMTP server. DATABASE_URL, when set, must name a
 * database made for this run (scripts/test-all.mjs does that).
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 2525);
const dataDir = process.env.E2E_DATA_DIR ?? path.resolve("test-results", "e2e-data");
export const baseURL = `http://127.0.0.1:${port}`;

/**
 * E2E_UI_SCOPE=core: the browser specs that walk the main flows end to end (citizen, operator, SPID, payments) and load every
 * page once. CI runs the whole suite on PGlite and this scope on PostgreSQL: layout, accessibility and the finer
 * UI checks do not depend on the database, while the data layer is covered on both by vitest and the API project.
 */
const CORE_UI_SPECS = /e2e\/ui\/(citizen-journey|operator-manual|spid-login|every-page|payments|payments-intermediary)\.spec\.ts$/;
const uiSpecs = process.env.E2E_UI_SCOPE === "core" ? CORE_UI_SPECS : /e2e\/ui\/.*\.spec\.ts$/;

const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export default defineConfig({
  testDir: "e2e",
  // One folder per concurrent run (scripts/test-all.mjs runs shards side by side): Playwright empties it at start.
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results/playwright",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  globalSetup: "./e2e/helpers/global-setup.ts",
  use: {
    baseURL,
    locale: "it-IT",
    timezoneId: "Europe/Rome",
    // A missing element fails the step within seconds instead of waiting out a long test's whole budget.
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs },
  },
  projects: [
    { name: "api", testMatch: /e2e\/api\/.*\.spec\.ts$/ },
    { name: "ui", testMatch: uiSpecs, use: { ...devices["Desktop Chrome"], launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs } } },
  ],
  webServer: {
    command: `node scripts/e2e-server.mjs`,
    url: `${baseURL}/api/health/ready`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      APP_URL: baseURL,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: "Comune di Bugliano <noreply@bugliano.example>",
      DEMO_MODE: "true",
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      E2E_SMTP_PORT: String(smtpPort),
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
