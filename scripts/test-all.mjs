// `npm test`: every test. Unit and integration tests (vitest) on a real database, then the production build,
// then Playwright (API and UI projects) against it with a real SMTP sink.
//   DATABASE_URL unset → embedded PGlite everywhere.
//   DATABASE_URL set   → the PostgreSQL server it names: vitest makes a database per test file, and each
//                        end-to-end server gets a fresh database made here and dropped afterwards. After a
//                        PGlite run on the same checkout, vitest leaves out the files that never read
//                        DATABASE_URL nor start a process (recorded by that run, tests/helpers/db-use.ts).
//   vitest's databases are copies of a migrated template made once per run (tests/helpers/db-template.ts).
//   SKIP_BUILD=1       → reuse the existing .next build (CI builds once for every stage).
//   E2E_SHARDS=N       → split Playwright into N shards run side by side, each with its own server, SMTP sink,
//                        data folder (and database). For machines with 4+ cores: on 2 cores two shards
//                        saturate the machine and the longer UI tests run past their timeouts (seen).
//   E2E_UI_SCOPE=core  → only the main-flow browser specs (see playwright.config.ts); the API project in full.
//   After Playwright, with DATABASE_URL set: `npm run scale-test` (scripts/many-instances.ts) on the same build:
//   two web instances, two workers, S3, a worker killed and a web instance restarted (SKIP_SCALE=1 skips it;
//   so does a run of chosen Playwright specs).
// Arguments after `--` go to Playwright (e.g. `npm test -- e2e/ui/smoke.spec.ts`).
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function run(cmd, args, extraEnv = {}) {
  console.log(`\n▶ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  if (r.status !== 0) {
    console.error(`✖ ${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

/** Runs a command with its output lines prefixed; resolves to its exit code. */
function runPrefixed(prefix, cmd, args, extraEnv) {
  console.log(`\n▶ ${prefix} ${cmd} ${args.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...env, ...extraEnv } });
    for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      let rest = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) out.write(`${prefix} ${line}\n`);
      });
      stream.on("end", () => rest && out.write(`${prefix} ${rest}\n`));
    }
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
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

// Which vitest files can depend on the database (tests/helpers/db-use.ts): the PGlite run records it, for this very
// checkout (a fingerprint of every file's path, size and time), and a PostgreSQL run on the same checkout leaves out
// the files that never read DATABASE_URL nor start a process: they ran identically on PGlite. Without a matching
// record (a PostgreSQL run alone, or files changed since) it runs them all.
const DB_USE_RECORD = "test-results/vitest-db-use.json";
function checkoutFingerprint() {
  const r = spawnSync("git", ["ls-files", "-z", "-co", "--exclude-standard"], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) return null;
  const h = createHash("sha256");
  // docs/screenshots/ is left out: the browser tests rewrite those pictures between the two runs, and no test reads them.
  for (const f of r.stdout.split("\0").filter((f) => f && !f.startsWith("docs/screenshots/")).sort()) {
    let st = "gone";
    try {
      const s = statSync(f);
      st = `${s.size}:${s.mtimeMs}`;
    } catch {}
    h.update(`${f}\0${st}\0`);
  }
  return h.digest("hex");
}

if (!databaseUrl) {
  const log = `test-results/vitest-db-use-${process.pid}.jsonl`;
  mkdirSync("test-results", { recursive: true });
  rmSync(DB_USE_RECORD, { force: true });
  rmSync(log, { force: true });
  const fingerprint = checkoutFingerprint();
  run("npx", ["vitest", "run"], { STANZA_DB_USE_LOG: log });
  if (fingerprint && existsSync(log)) {
    const files = Object.fromEntries(readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).map((e) => [e.file, e.db]));
    writeFileSync(DB_USE_RECORD, JSON.stringify({ fingerprint, files }, null, 1));
    const free = Object.values(files).filter((db) => !db).length;
    console.log(`\n▶ ${free} of ${Object.keys(files).length} test files never read DATABASE_URL nor start a process (${DB_USE_RECORD})`);
  }
  rmSync(log, { force: true });
} else {
  let skip = [];
  if (existsSync(DB_USE_RECORD)) {
    const record = JSON.parse(readFileSync(DB_USE_RECORD, "utf8"));
    if (record.fingerprint === checkoutFingerprint()) skip = Object.entries(record.files).filter(([, db]) => !db).map(([file]) => file);
    else console.log(`\n▶ ${DB_USE_RECORD} is from other files than these: every vitest file runs`);
  }
  if (skip.length) console.log(`\n▶ not run again on PostgreSQL (they never read DATABASE_URL nor start a process; passed on PGlite): ${skip.join(" ")}`);
  run("npx", ["vitest", "run", ...skip.flatMap((f) => ["--exclude", f])]);
}

const builtBefore = existsSync(".next/BUILD_ID");
if (process.env.SKIP_BUILD === "1" && builtBefore) console.log("\n▶ reusing the existing build (.next)");
else run("npx", ["next", "build"], { STANZA_STANDALONE: "1" }); // with the standalone output, checked below
// The tests that run the production build (SIGTERM of the web server, a backup under load restored and started):
// vitest above skipped them when there was no build.
if (!builtBefore) run("npx", ["vitest", "run", "tests/shutdown.test.ts", "tests/backup-app.test.ts", "-t", "web server|restores to a working app"]);
// The standalone output (what the container runs) starts, serves and stops: once, on the PGlite run.
if (!databaseUrl) run("node", ["scripts/standalone-check.mjs"]);

const passThrough = process.argv.slice(2);
const shards = Math.max(1, Math.min(4, Number(process.env.E2E_SHARDS ?? 1) || 1));

/** One Playwright run: its own port, SMTP port, data and output folders, and (on PostgreSQL) its own database. */
async function playwright(shard) {
  const args = ["playwright", "test", ...passThrough, ...(shards > 1 ? [`--shard=${shard}/${shards}`] : [])];
  const own = shards > 1
    ? {
        E2E_PORT: String(Number(process.env.E2E_PORT ?? 3100) + shard - 1),
        E2E_SMTP_PORT: String(Number(process.env.E2E_SMTP_PORT ?? 2525) + shard - 1),
        E2E_DATA_DIR: `${process.env.E2E_DATA_DIR ?? "test-results/e2e-data"}-${shard}`,
        E2E_OUTPUT_DIR: `test-results/playwright-${shard}`,
      }
    : {};
  const go = (dbUrl) => (shards > 1 ? runPrefixed(`[${shard}/${shards}]`, "npx", args, { ...own, DATABASE_URL: dbUrl }) : Promise.resolve(spawnSync("npx", args, { stdio: "inherit", env: { ...env, DATABASE_URL: dbUrl } }).status ?? 1));
  return databaseUrl ? withServerDatabase(databaseUrl, go) : go("");
}

const codes = await Promise.all(Array.from({ length: shards }, (_, i) => playwright(i + 1)));
const failed = codes.map((c, i) => (c === 0 ? null : i + 1)).filter((s) => s !== null);
if (failed.length) {
  console.error(`✖ playwright failed${shards > 1 ? ` (shard ${failed.join(", ")} of ${shards})` : ""}`);
  process.exit(1);
}
if (databaseUrl && process.env.SKIP_SCALE !== "1" && passThrough.length === 0) run("npx", ["tsx", "scripts/many-instances.ts"]);
else if (!databaseUrl) console.log("\n▶ many-instances test skipped: it needs PostgreSQL (DATABASE_URL)");

console.log("\n✔ all tests passed");
