// `node scripts/standalone-check.mjs`, after `next build`: proves the standalone output (what the container runs)
// works from the command line. Copies public/ and .next/static into .next/standalone (as Next's docs require; the
// Dockerfile does the same), starts `node .next/standalone/server.js` on PGlite with a fresh data folder, waits for
// readiness, loads a page and the OpenAPI document, then sends SIGTERM and expects a clean exit (0).
// Exits non-zero on any failure. PORT: STANDALONE_CHECK_PORT (default 3423).
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const standalone = path.join(root, ".next", "standalone");
const port = Number(process.env.STANDALONE_CHECK_PORT ?? 3423);
const base = `http://127.0.0.1:${port}`;

let server = null;
function fail(message, output = "") {
  console.error(`✖ standalone check: ${message}${output ? `\n--- server output ---\n${output.slice(-4000)}` : ""}`);
  if (server && server.exitCode === null) server.kill("SIGKILL");
  process.exit(1);
}

if (!existsSync(path.join(standalone, "server.js"))) fail(".next/standalone/server.js is missing: build with `STANZA_STANDALONE=1 npx next build` (next.config.ts)");
cpSync(path.join(root, "public"), path.join(standalone, "public"), { recursive: true });
cpSync(path.join(root, ".next", "static"), path.join(standalone, ".next", "static"), { recursive: true });
for (const needed of ["db/migrations/meta/_journal.json", "node_modules/@electric-sql/pglite/dist/pglite.wasm", "node_modules/pdfkit/js/data/Helvetica.afm"]) {
  if (!existsSync(path.join(standalone, needed))) fail(`${needed} is not in the standalone output (next.config.ts, outputFileTracingIncludes)`);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), "stanza-standalone-"));
const env = { ...process.env, DATABASE_URL: "", SMTP_URL: "", STORAGE_URL: "", PORT: String(port), HOSTNAME: "127.0.0.1", DATA_DIR: dataDir, APP_URL: base, DEMO_MODE: "true", NEXT_MANUAL_SIG_HANDLE: "true", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" };
delete env.AUTH_SECRET;
server = spawn(process.execPath, [path.join(standalone, "server.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
let output = "";
server.stdout.on("data", (c) => (output += c));
server.stderr.on("data", (c) => (output += c));
const exited = new Promise((resolve) => server.on("exit", (code, signal) => resolve({ code, signal })));
const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
process.on("exit", cleanup);

try {
  const deadline = Date.now() + 180_000;
  let ready = false;
  while (!ready) {
    if (server.exitCode !== null) fail(`the server exited (${server.exitCode}) before it was ready`, output);
    if (Date.now() > deadline) fail("not ready within 180 s", output);
    ready = await fetch(`${base}/api/health/ready`).then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 500));
  }
  console.log("✔ /api/health/ready answers 200");
  const page = await fetch(`${base}/comune-di-bugliano`);
  const html = await page.text();
  if (page.status !== 200 || !html.includes("Bugliano")) fail(`the demo ente's page answered ${page.status}`, output);
  const css = /href="(\/_next\/static\/[^"]+\.css)"/.exec(html)?.[1];
  if (css && (await fetch(`${base}${css}`)).status !== 200) fail(`the page's stylesheet ${css} is not served (static files not copied?)`, output);
  console.log("✔ a page renders (with its static files)");
  const openapi = await fetch(`${base}/api/v1.0/openapi.json`);
  if (openapi.status !== 200 || !(await openapi.json()).openapi) fail(`/api/v1.0/openapi.json answered ${openapi.status}`, output);
  console.log("✔ the partner API's OpenAPI document");
  server.kill("SIGTERM");
  const { code, signal } = await exited;
  if (code !== 0) fail(`after SIGTERM the server exited with ${code ?? signal}, not 0`, output);
  console.log("✔ SIGTERM: clean exit (0)");
  console.log("✔ standalone output works");
} catch (err) {
  fail(err instanceof Error ? err.message : String(err), output);
}
