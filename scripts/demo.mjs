// `npm run demo`: builds once if needed, then serves the app on PORT (default 3000) with the embedded
// database under DATA_DIR (default ./data), seeded with the demo municipality on first start.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

// Demo mode (test identity provider, /posta mailbox, demo seed) is on only because this script asks for it.
// MALLOC_ARENA_MAX: as `npm start` sets it (README, "Memory").
// NEXT_MANUAL_SIG_HANDLE: Ctrl+C goes through the app's graceful shutdown (lib/ops/shutdown.ts).
const env = { NEXT_TELEMETRY_DISABLED: "1", MALLOC_ARENA_MAX: "2", NEXT_MANUAL_SIG_HANDLE: "true", ...process.env, DEMO_MODE: "true" };
const port = env.PORT ?? "3000";
if (!existsSync(".next/BUILD_ID") || env.REBUILD === "1") {
  console.log("Building Stanza (first run only, about a minute)…");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", port], { stdio: "inherit", env });
const base = env.APP_URL ?? `http://localhost:${port}`;

// The first request opens the database (and seeds the demo); print the logins once it answers.
for (let i = 0; i < 120; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  const ok = await fetch(`http://127.0.0.1:${port}/api/health/ready`).then((r) => r.ok, () => false);
  if (ok) {
    console.log(`
  Stanza is running: ${base}/comune-di-bugliano
  All demo accounts use the password: stanza-demo
    admin       admin@bugliano.example        ${base}/comune-di-bugliano/admin
    operator    operatore@bugliano.example    ${base}/comune-di-bugliano/operatori   (every service)
    operator    operatore2@bugliano.example   (Richiesta di accesso agli atti only)
    citizens    ${base}/comune-di-bugliano/accedi → "Mario Rossi" (RSSMRA80A01H501U) or "Giulia Bianchi" (BNCGLI85M41H501Y)
                (emails mario.rossi@example.com, giulia.bianchi@example.com)
    partner API bugliano-protocollo / stanza-demo-partner   ${base}/api/docs
    mailbox     ${base}/posta   (demo mode only: every email the app wrote)
  Press Ctrl+C to stop.`);
    break;
  }
}
const stop = () => server.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.on("exit", (code) => process.exit(code ?? 0));
