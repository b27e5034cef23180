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

const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
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
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs },
  },
  projects: [
    { name: "api", testMatch: /e2e\/api\/.*\.spec\.ts$/ },
    { name: "ui", testMatch: /e2e\/ui\/.*\.spec\.ts$/, use: { ...devices["Desktop Chrome"], launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs } } },
  ],
  webServer: {
    command: `node scripts/e2e-server.mjs`,
    url: `${baseURL}/api/health`,
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
