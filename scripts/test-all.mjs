// `npm test`: every test. Unit and integration tests (vitest) on a real database, then the production build,
// then Playwright (API and UI projects) against it with a real SMTP sink.
//   DATABASE_URL unset → embedded PGlite everywhere.
//   DATABASE_URL set   → the PostgreSQL server it names: vitest makes a database per test file, and the
//                        end-to-end server gets a fresh database made here and dropped afterwards.
//   SKIP_BUILD=1       → reuse the existing .next build (CI builds once for every stage).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function run(cmd, args, extraEnv = {}) {
  console.log(`\n▶ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  if (r.status !== 0) {
    console.error(`✖ ${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

async function withServerDatabase(url, fn) {
  const { default: postgres } = await import("postgres");
  const name = `stanza_e2e_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  try {
    return await fn(dbUrl.toString());
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const databaseUrl = process.env.DATABASE_URL;
console.log(`Database for this run: ${databaseUrl ? `PostgreSQL (${new URL(databaseUrl).host})` : "embedded PGlite"}`);

run("npx", ["vitest", "run"]);

if (process.env.SKIP_BUILD === "1" && existsSync(".next/BUILD_ID")) console.log("\n▶ reusing the existing build (.next)");
else run("npx", ["next", "build"]);

const e2eArgs = ["playwright", "test", ...process.argv.slice(2)];
if (databaseUrl) {
  await withServerDatabase(databaseUrl, async (url) => run("npx", e2eArgs, { DATABASE_URL: url }));
} else {
  run("npx", e2eArgs, { DATABASE_URL: "" });
}
console.log("\n✔ all tests passed");
