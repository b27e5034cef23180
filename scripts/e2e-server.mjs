// Starts what the end-to-end tests run against: the SMTP sink and the production build, with a fresh data folder.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { startSmtpSink } from "../e2e/helpers/smtp-sink.mjs";

const dataDir = process.env.DATA_DIR;
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
const sink = await startSmtpSink(Number(process.env.E2E_SMTP_PORT ?? 2525), `${dataDir}/smtp-sink`);
// NEXT_MANUAL_SIG_HANDLE: the app's own graceful shutdown (lib/ops/shutdown.ts) answers SIGTERM, as in production.
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", process.env.PORT ?? "3100", "-H", "127.0.0.1"], {
  stdio: "inherit",
  env: { ...process.env, NEXT_MANUAL_SIG_HANDLE: "true" },
});
const stop = () => {
  server.kill("SIGTERM");
  sink.close();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => {
  sink.close();
  process.exit(code ?? 0);
});
