/**
 * `npm run scale-test`: many instances, proven (issue 15). On one PostgreSQL (DATABASE_URL names the server; a
 * database of its own is created and dropped), with the production build (`npx next build` first), it starts an S3
 * server, an SMTP sink, two web instances (`next start`, WORKER=off) and two `npm run worker` processes; drives a
 * bounded mixed load over both instances (partner submissions, citizen submissions through the citizen's own pages,
 * operator take-in-charge, partner reads) while it kills one worker with SIGKILL and restarts one web instance;
 * then checks that nothing was lost, that no email went out twice beyond the documented bound, that a session
 * works on both instances, that the rate limit and the partner-row cache hold across instances, and reports
 * throughput with one web instance and with two. JSON summary on stdout (last line), a table on stderr; exit 1
 * when a check fails. Ports: SCALE_WEB_PORTS (default 3441,3442), SCALE_SMTP_PORT (2741), SCALE_S3_PORT (4590; 0: any
 * free port). SCALE_CITIZEN_SUBMISSIONS: how many citizen submissions (default 20).
 * Logs of every process: SCALE_LOG_DIR (default test-results/scale).
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { checkPartnerDisable, checkSession, checkSharedRateLimit, type CheckResult } from "./scale/checks";
import { actionIds, callAction, cookieHeader, mergeCookies, pool, stats, type Instance } from "./scale/http";
import { attachmentMatches, measureThroughput, partnerRead, submit, takeInCharge, type Submission, type Throughput } from "./scale/load";
import { signalProc, startProc, stopAll, stopProc, waitReady, type Proc } from "./scale/procs";
import { createScaleDatabase, ENTE, OPERATOR, prepareFixtures, seedOnce, type ScaleDb } from "./scale/setup";
import { startSink, type Sink } from "./scale/sink";
import { citizenSignIn, citizenSubmit, demoCitizens, type CitizenSession, type CitizenSubmission } from "./scale/citizen";
import { storageFor, type FileStorage } from "@/lib/storage";
import { startS3Server, type S3Server } from "../tests/helpers/s3-server";

const SUBMISSIONS = 40;
/** Citizen submissions through the citizen's own pages (privacy step, form, upload, summary, submit), 4 at a time. */
const CITIZEN_SUBMISSIONS = Number(process.env.SCALE_CITIZEN_SUBMISSIONS ?? 20);
const CITIZEN_CONCURRENCY = 4;
const PARTNER_CALLS = 100;
const CONCURRENCY = 6;
const THROUGHPUT_ROUNDS = 20;
const LEASE_MS = 10_000;
/** lib/outbox/worker.ts: each delivery lane has at most one message sent and not yet recorded. */
const WORKER_LANES = 5;

const log = (msg: string) => process.stderr.write(`[scale] ${msg}\n`);

function refuse(msg: string): never {
  process.stderr.write(`many-instances: ${msg}\n`);
  process.exit(2);
}

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl || !/^postgres(ql)?:\/\//.test(serverUrl)) refuse("needs DATABASE_URL=postgres://… (PostgreSQL only: several instances cannot share the embedded PGlite)");
if (!Number.isInteger(CITIZEN_SUBMISSIONS) || CITIZEN_SUBMISSIONS < 0) refuse("SCALE_CITIZEN_SUBMISSIONS must be a whole number, 0 or more");
if (!existsSync(".next/BUILD_ID")) refuse("needs the production build: run `npx next build` first (.next/BUILD_ID is missing)");

const ports = (process.env.SCALE_WEB_PORTS ?? "3441,3442").split(",").map(Number);
const smtpPort = Number(process.env.SCALE_SMTP_PORT ?? 2741);
const s3Port = Number(process.env.SCALE_S3_PORT ?? 4590);
const logDir = path.resolve(process.env.SCALE_LOG_DIR ?? "test-results/scale");
const runTag = randomBytes(3).toString("hex");
const work = mkdtempSync(path.join(tmpdir(), "stanza-scale-"));
const checks: CheckResult[] = [];
const figures: Record<string, unknown> = {};
let db: ScaleDb | undefined;
let sink: Sink | undefined;
let s3: S3Server | undefined;
/** The attachment store the instances share, opened here too to read the stored objects back. */
let store: FileStorage | undefined;

/** The S3 server of the test suite (s3rver behind a SigV4 check); SCALE_STORAGE=file uses a shared folder instead. */
async function startStorage(): Promise<Record<string, string>> {
  if (process.env.SCALE_STORAGE === "file") {
    store = await storageFor({ kind: "disk", root: path.join(work, "files") });
    return { STORAGE_URL: `file:${path.join(work, "files")}` };
  }
  const server = await startS3Server({ port: s3Port, dir: path.join(work, "s3"), bucket: "stanza-scale" });
  s3 = server;
  store = await storageFor({ kind: "s3", bucket: server.bucket, prefix: "attachments", endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, forcePathStyle: true });
  return {
    STORAGE_URL: `s3://${server.bucket}/attachments`,
    S3_ENDPOINT: server.endpoint,
    S3_REGION: server.region,
    S3_ACCESS_KEY_ID: server.accessKeyId,
    S3_SECRET_ACCESS_KEY: server.secretAccessKey,
    S3_FORCE_PATH_STYLE: "true",
  };
}

function webEnv(common: NodeJS.ProcessEnv, port: number, name: string): NodeJS.ProcessEnv {
  // NEXT_MANUAL_SIG_HANDLE: the app's own graceful shutdown (lib/ops/shutdown.ts), as `npm start` and the container run it.
  return { ...common, PORT: String(port), APP_URL: `http://127.0.0.1:${port}`, DATA_DIR: path.join(work, name), WORKER: "off", NEXT_MANUAL_SIG_HANDLE: "true", SHUTDOWN_GRACE_MS: "10000" };
}

function startWeb(common: NodeJS.ProcessEnv, port: number, name: string): Proc {
  return startProc(name, process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], webEnv(common, port, name), logDir);
}

function startWorker(common: NodeJS.ProcessEnv, name: string): Proc {
  return startProc(name, process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/worker.ts"], { ...common, DATA_DIR: path.join(work, name), WORKER_POLL_MS: "200" }, logDir);
}

/** /api/health/ready once the health work is merged, /api/health until then. */
const readyPath = existsSync("app/api/health/ready") ? "/api/health/ready" : "/api/health";

/** The pids of a child's process group (the worker is tsx's child, whose pid goes into its worker id). */
function groupPids(proc: Proc): string[] {
  try {
    return execFileSync("ps", ["-o", "pid=", "-g", String(proc.child.pid)], { encoding: "utf8" }).split("\n").map((s) => s.trim()).filter(Boolean);
  } catch {
    return [];
  }
}

async function outboxCounts(): Promise<Record<string, number>> {
  if (!db) return {};
  const rows = await db.sql<{ status: string; n: number }[]>`select status, count(*)::int as n from outbox group by status`;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function main(): Promise<void> {
  const t0 = Date.now();
  db = await createScaleDatabase(serverUrl as string);
  log(`database ${new URL(db.url).pathname.slice(1)}; logs in ${logDir}`);
  sink = await startSink(smtpPort);
  const storageEnv = await startStorage();
  figures.storage = storageEnv.STORAGE_URL?.startsWith("s3:") ? "S3 (s3rver)" : "a folder both instances share";
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    ...storageEnv,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: db.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    DEMO_MODE: "true",
    OUTBOX_LEASE_MS: String(LEASE_MS),
    LOG_LEVEL: "warn",
  };
  seedOnce({ ...common, DATA_DIR: path.join(work, "seed") });
  // No quiet hours nor holidays: the checks below want every email of the load delivered during the run. With the
  // demo's evening quiet hours the operators' notices of a run after 20:00 in Rome waited for the morning (seen).
  await db.sql`update enti set quiet_hours_start = '00:00', quiet_hours_end = '00:00', holidays = '[]'::jsonb`;
  const fx = await prepareFixtures(db.sql, 10);
  log(`seeded once (${((Date.now() - t0) / 1000).toFixed(1)} s); starting 2 web instances and 2 workers`);

  const webA = startWeb(common, ports[0] ?? 3441, "web-a");
  let webB = startWeb(common, ports[1] ?? 3442, "web-b");
  const workers = [startWorker(common, "worker-1"), startWorker(common, "worker-2")];
  const a: Instance = { name: "A", base: `http://127.0.0.1:${ports[0]}` };
  const b: Instance = { name: "B", base: `http://127.0.0.1:${ports[1]}` };
  await Promise.all([waitReady(a.base + readyPath, 90_000, webA), waitReady(b.base + readyPath, 90_000, webB)]);
  log(`instances ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const both = [a, b];
  const ids = actionIds();

  checks.push(await checkSession(a, b, ids, fx));
  checks.push(await checkSharedRateLimit(a, b, fx));
  checks.push(await checkPartnerDisable(b, db.sql, fx));
  for (const c of checks) log(`${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);

  // Throughput: the same fixed mix against A alone, then against A and B.
  // Warm-up of both instances (first requests load code and fill caches); not measured.
  await measureThroughput(both, 4, CONCURRENCY, runTag, 500);
  const one = await measureThroughput([a], THROUGHPUT_ROUNDS, CONCURRENCY, runTag, 100);
  const two = await measureThroughput(both, THROUGHPUT_ROUNDS, CONCURRENCY, runTag, 200);
  figures.throughput = [one, two];
  log(`throughput: 1 instance ${one.perSecond} req/s (p50 ${one.p50Ms} ms, p95 ${one.p95Ms} ms); 2 instances ${two.perSecond} req/s (p50 ${two.p50Ms} ms, p95 ${two.p95Ms} ms)`);

  // The operator signs in once; the same session cookie is used on both instances.
  const jar = new Map<string, string>();
  mergeCookies(jar, await callAction([a], 0, `/${ENTE}/operatori/login`, ids("staffLogin", "app/(operator)/[ente]/operatori/login/actions.ts"), [{ ente: ENTE, ...OPERATOR }]));
  if (jar.size === 0) throw new Error("the operator's sign-in set no cookie");
  const operatorCookie = cookieHeader(jar);
  const takeId = ids("takeInChargeAction", "app/(operator)/[ente]/operatori/actions.ts");

  // The demo citizens sign in once each (alternately on A and B); their submissions use both instances.
  const loginId = ids("demoIdpLogin", "app/(citizen)/[ente]/accedi/actions.ts");
  const citizens: CitizenSession[] = [];
  for (const [k, c] of (await demoCitizens(db.sql, 4)).entries()) citizens.push(await citizenSignIn(both, k, loginId, c));
  if (citizens.length === 0) throw new Error("the seed has no demo citizen with an email");
  figures.citizens = citizens.length;

  // The mixed load with failures injected.
  const submissions: Submission[] = [];
  const submitErrors: string[] = [];
  const taken: string[] = [];
  const takeErrors: string[] = [];
  let partnerOk = 0;
  const partnerErrors: number[] = [];
  let killed: { at: number; claimed: number; rowIds: string[] } | undefined;
  let restart: Promise<void> | undefined;
  let n = 0;
  const jobs: (() => Promise<void>)[] = [];
  const onSubmitted = async (s: Submission) => {
    submissions.push(s);
    jobs.push(async () => {
      const r = await takeInCharge(both, n++, takeId, s.praticaId, operatorCookie);
      if (r.ok) taken.push(s.praticaId);
      else takeErrors.push(r.detail);
    });
    if (submissions.length === 12 && !killed) killed = await killWorker(workers[0] as Proc);
    if (submissions.length === 20 && !restart) restart = restartB();
  };
  const killWorker = async (victim: Proc) => {
    // Wait (briefly) for rows in flight, so the kill lands while the worker holds claims.
    const pids = groupPids(victim);
    let claimed = 0;
    for (let i = 0; i < 40; i++) {
      const rows = await (db as ScaleDb).sql<{ locked_by: string }[]>`select locked_by from outbox where status = 'processing'`;
      claimed = rows.filter((r) => pids.some((p) => r.locked_by.split(":")[1] === p)).length;
      if (claimed > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    signalProc(victim, "SIGKILL");
    await victim.exited;
    const stuck = await (db as ScaleDb).sql<{ id: string }[]>`select id from outbox where status = 'processing' and split_part(locked_by, ':', 2) = any(${pids})`;
    log(`worker-1 killed with SIGKILL holding ${stuck.length} claimed rows (${claimed} seen just before)`);
    return { at: Date.now(), claimed: stuck.length, rowIds: stuck.map((r) => r.id) };
  };
  const restartB = async () => {
    const tStop = Date.now();
    await stopProc(webB, 20_000);
    figures.webStopExitCode = webB.child.exitCode;
    log(`web B stopped with SIGTERM (${Date.now() - tStop} ms, exit ${webB.child.exitCode}); starting it again`);
    webB = startWeb(common, ports[1] ?? 3442, "web-b");
    await waitReady(b.base + readyPath, 90_000, webB);
    figures.webRestartMs = Date.now() - tStop;
    log(`web B back after ${Date.now() - tStop} ms`);
  };
  for (let i = 0; i < SUBMISSIONS; i++) {
    jobs.push(async () => {
      const r = await submit(both, n++, i, runTag);
      if ("error" in r) submitErrors.push(r.error);
      else await onSubmitted(r);
    });
    for (let k = 0; k < PARTNER_CALLS / SUBMISSIONS; k++) {
      jobs.push(async () => {
        const known = submissions[Math.floor(Math.random() * submissions.length)];
        const status = await partnerRead(both, n++, known?.praticaId);
        if (status === 200) partnerOk++;
        else partnerErrors.push(status);
      });
    }
  }
  const citizenDone: CitizenSubmission[] = [];
  const citizenErrors: string[] = [];
  const citizenJobs: (() => Promise<void>)[] = [];
  for (let i = 0; i < CITIZEN_SUBMISSIONS; i++) {
    citizenJobs.push(async () => {
      const r = await citizenSubmit(both, i, citizens[i % citizens.length] as CitizenSession, i, runTag);
      if ("error" in r) citizenErrors.push(r.error);
      else citizenDone.push(r);
    });
  }
  const tLoad = Date.now();
  const tCitizens = Date.now();
  await Promise.all([pool(jobs, CONCURRENCY), pool(citizenJobs, CITIZEN_CONCURRENCY).then(() => void (figures.citizenSeconds = (Date.now() - tCitizens) / 1000))]);
  await restart;
  figures.loadSeconds = (Date.now() - tLoad) / 1000;
  log(`load done in ${figures.loadSeconds} s: ${submissions.length} partner submissions, ${citizenDone.length} citizen submissions, ${taken.length} taken in charge, ${partnerOk} partner reads; ${stats.rerouted} calls rerouted to the other instance after ${stats.connectionErrors} connection errors`);

  // Drain: every due row delivered, the killed worker's claims taken again after their lease.
  const tDrain = Date.now();
  const drainUntil = Date.now() + LEASE_MS + 60_000;
  let counts = await outboxCounts();
  for (;;) {
    const [due] = await db.sql<{ n: number }[]>`select count(*)::int as n from outbox where status = 'processing' or (status = 'pending' and available_at <= now())`;
    counts = await outboxCounts();
    if ((due?.n ?? 0) === 0 || Date.now() > drainUntil) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const [waiting] = await db.sql<{ n: number }[]>`select count(*)::int as n from outbox where status = 'pending' and available_at > now()`;
  figures.outbox = counts;
  figures.drainSeconds = (Date.now() - tDrain) / 1000;
  const heldIds = killed?.rowIds ?? [];
  const held = heldIds.length ? await db.sql<{ status: string }[]>`select status from outbox where id = any(${heldIds})` : [];
  const heldDone = held.filter((r) => ["sent", "skipped", "cancelled"].includes(r.status)).length;

  // Nothing lost.
  const ids40 = submissions.map((s) => s.praticaId);
  const inDb = ids40.length ? await db.sql<{ id: string }[]>`select id from pratiche where id = any(${ids40})` : [];
  let readable = 0;
  await pool(submissions.map((s, i) => async () => void ((await attachmentMatches(both, i + 1, s)) && readable++)), 4);
  checks.push({
    name: "submissions: none lost, attachments intact",
    ok: submitErrors.length === 0 && inDb.length === submissions.length && readable === submissions.length && submissions.length === SUBMISSIONS,
    detail: `${submissions.length}/${SUBMISSIONS} acknowledged (${submitErrors.length} refused${submitErrors[0] ? `: ${submitErrors[0]}` : ""}); ${inDb.length} in the database; ${readable} attachments read back from the other instance with the same sha256`,
  });
  const history = taken.length ? await db.sql<{ pratica_id: string }[]>`select distinct pratica_id from status_history where event = 'assign' and pratica_id = any(${taken})` : [];
  checks.push({
    name: "operator take-in-charge: none lost",
    ok: takeErrors.length === 0 && history.length === taken.length && taken.length === submissions.length,
    detail: `${taken.length} acknowledged (${takeErrors.length} refused${takeErrors[0] ? `: ${takeErrors[0]}` : ""}), ${history.length} in the status history`,
  });
  checks.push(await checkCitizenSubmissions(citizenDone, citizenErrors, new Set(heldIds)));
  checks.push({ name: "web instance restarted gracefully", ok: figures.webStopExitCode === 0, detail: `B answered SIGTERM by finishing its requests and exiting ${String(figures.webStopExitCode)}; back after ${String(figures.webRestartMs)} ms` });
  checks.push({ name: "partner API calls", ok: partnerErrors.length === 0, detail: `${partnerOk} × 200, ${partnerErrors.length} other${partnerErrors.length ? ` (${[...new Set(partnerErrors)].join(", ")})` : ""}` });
  const processing = counts.processing ?? 0;
  const dueLeft = (counts.pending ?? 0) - (waiting?.n ?? 0);
  checks.push({
    name: "outbox drained after the SIGKILL",
    ok: processing === 0 && dueLeft === 0 && heldDone === heldIds.length,
    detail: `rows by status ${JSON.stringify(counts)} ${String(figures.drainSeconds)} s after the load; ${processing} still processing, ${dueLeft} due and undelivered, ${waiting?.n ?? 0} waiting for a later time (quiet hours, retry backoff); of the ${heldIds.length} rows the killed worker held, ${heldDone} done by the other worker after the lease (${LEASE_MS} ms)`,
  });

  // No email twice beyond the bound: only the killed worker's claims can repeat, at most one per delivery lane.
  const dups = [...sink.byMessageId.values()].filter((c) => c > 1).reduce((sum, c) => sum + c - 1, 0);
  const bound = Math.min(killed?.claimed ?? 0, WORKER_LANES);
  checks.push({
    name: "no email sent twice beyond the bound",
    ok: dups <= bound,
    detail: `${sink.total()} messages, ${sink.byMessageId.size} distinct Message-IDs, ${dups} repeated; bound = min(rows the killed worker held = ${killed?.claimed ?? 0}, delivery lanes = ${WORKER_LANES})`,
  });
  if (s3) figures.s3Requests = { put: s3.requests.filter((r) => r.startsWith("PUT ")).length, get: s3.requests.filter((r) => r.startsWith("GET ")).length };
  figures.reroutedCalls = stats.rerouted;
  figures.connectionErrors = stats.connectionErrors;
  figures.totalSeconds = (Date.now() - t0) / 1000;
}

/** Outbox ids → how many times the sink received their Message-ID (`<outbox id@domain>`). */
function sinkCountsById(): Map<string, number> {
  const out = new Map<string, number>();
  for (const [mid, n] of sink?.byMessageId ?? []) {
    const id = /^<([^@>]+)@/.exec(mid)?.[1];
    if (id) out.set(id, (out.get(id) ?? 0) + n);
  }
  return out;
}

/**
 * Every acknowledged citizen submission: a submitted pratica (a `submit` row in its status history), its file
 * field's attachment row with the uploaded bytes' sha256 and an object in the store with those bytes, and every
 * email it queued delivered, once (twice only for a row the killed worker held: the documented bound).
 */
async function checkCitizenSubmissions(done: CitizenSubmission[], errors: string[], held: Set<string>): Promise<CheckResult> {
  const sql = (db as ScaleDb).sql;
  const ids = done.map((s) => s.praticaId);
  const submitted = ids.length ? await sql<{ pratica_id: string }[]>`select distinct h.pratica_id from status_history h join pratiche p on p.id = h.pratica_id where h.event = 'submit' and h.pratica_id = any(${ids}) and p.submitted_at is not null` : [];
  // The attachment row the submitted form names in its file field (a retried upload could leave another row).
  const rows = ids.length
    ? await sql<{ pratica_id: string; sha256: string | null; storage_key: string }[]>`
        select a.pratica_id, a.sha256, a.storage_key from pratiche p
        join attachments a on a.pratica_id = p.id and a.id::text = p.form_data -> 'delega' -> 0 ->> 'id' and a.field_name = 'delega'
        where p.id = any(${ids})`
    : [];
  const want = new Map(done.map((s) => [s.praticaId, s.sha256]));
  let intact = 0;
  const problems: string[] = [];
  for (const r of rows) {
    try {
      const bytes = await (store as FileStorage).get(r.storage_key);
      const sha = createHash("sha256").update(bytes).digest("hex");
      if (sha === want.get(r.pratica_id) && r.sha256 === sha) intact++;
      else problems.push(`${r.pratica_id}: stored sha256 differs`);
    } catch (err) {
      problems.push(`${r.pratica_id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // Sent rows must have reached the sink once; a row may also end without a message by design (a draft's reminder
  // cancelled by the submission, a notice nobody is subscribed to skipped); nothing may be left pending.
  const emails = ids.length ? await sql<{ id: string; pratica_id: string; kind: string; status: string }[]>`select id, pratica_id, kind, status from outbox where topic = 'email' and pratica_id = any(${ids})` : [];
  const seen = sinkCountsById();
  const sent = emails.filter((e) => e.status === "sent");
  const withEmail = new Set(sent.map((e) => e.pratica_id));
  const once = sent.filter((e) => seen.get(e.id) === 1).length;
  const repeatedInBound = sent.filter((e) => seen.get(e.id) === 2 && held.has(e.id)).length;
  const undelivered = sent.length - once - repeatedInBound;
  const notEnded = emails.filter((e) => !["sent", "skipped", "cancelled"].includes(e.status)).length;
  const byKind: Record<string, number> = {};
  for (const e of emails) byKind[`${e.kind} ${e.status}`] = (byKind[`${e.kind} ${e.status}`] ?? 0) + 1;
  const ok =
    errors.length === 0 &&
    done.length === CITIZEN_SUBMISSIONS &&
    submitted.length === done.length &&
    rows.length === done.length &&
    intact === done.length &&
    withEmail.size === done.length &&
    undelivered === 0 &&
    notEnded === 0;
  figures.citizenSubmissions = { acknowledged: done.length, refused: errors.length, submitted: submitted.length, attachmentsIntact: intact, reroutedSteps: done.reduce((n, s) => n + s.rerouted, 0), emails: emails.length, sent: sent.length, deliveredOnce: once, repeatedWithinBound: repeatedInBound, undelivered, notEnded, emailsByKind: byKind };
  return {
    name: "citizen submissions: none lost, files, emails",
    ok,
    detail: `${done.length}/${CITIZEN_SUBMISSIONS} acknowledged (${errors.length} refused${errors[0] ? `: ${errors[0]}` : ""}; started on one instance, filled and uploaded on the other, submitted on the first; ${done.reduce((n, s) => n + s.rerouted, 0)} steps of ${done.filter((s) => s.rerouted > 0).length} of them sent to the other instance while B restarted); ${submitted.length} submitted with a status history row; ${rows.length} attachment rows named by the submitted forms, ${intact} objects read from the store with the uploaded sha256${problems[0] ? ` (${problems[0]})` : ""}; ${emails.length} emails queued (${Object.entries(byKind).map(([k, n]) => `${n} ${k}`).join(", ")}); ${sent.length} sent for ${withEmail.size} pratiche: ${once} reached the sink once, ${repeatedInBound} twice (held by the killed worker), ${undelivered} not or more often; ${notEnded} not ended`,
  };
}

function report(): boolean {
  const ok = checks.length > 0 && checks.every((c) => c.ok);
  const rows = checks.map((c) => `${c.ok ? "PASS" : "FAIL"}  ${c.name.padEnd(44)} ${c.detail}`);
  const tp = figures.throughput as Throughput[] | undefined;
  process.stderr.write(`\n${rows.join("\n")}\n`);
  if (tp) {
    process.stderr.write(`\nthroughput (fixed mix: home page, service page, partner list, submission with attachment; concurrency ${CONCURRENCY}; ${availableParallelism()} cores on this machine, shared by every process of the run)\n`);
    for (const t of tp) process.stderr.write(`  ${t.instances} web instance${t.instances > 1 ? "s" : " "}: ${t.requests} requests in ${t.seconds} s = ${t.perSecond} req/s, p50 ${t.p50Ms} ms, p95 ${t.p95Ms} ms, ${t.errors} errors\n`);
  }
  const cs = figures.citizenSubmissions as Record<string, number> | undefined;
  if (cs) process.stderr.write(`\ncitizen submissions (${String(figures.citizens)} demo citizens, ${CITIZEN_CONCURRENCY} at a time, during the mixed load, in ${String(figures.citizenSeconds)} s): ${cs.acknowledged} acknowledged, ${cs.submitted} submitted, ${cs.attachmentsIntact} attachments intact in the store, ${cs.emails} emails queued, ${cs.sent} sent (${cs.deliveredOnce} reached the SMTP sink exactly once)\n`);
  process.stdout.write(`${JSON.stringify({ ok, checks, figures })}\n`);
  return ok;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping every child and dropping the database`);
    void stopAll()
      .then(() => db?.drop())
      .finally(() => {
        rmSync(work, { recursive: true, force: true });
        process.exit(130);
      });
  });
}

process.on("uncaughtException", (err) => {
  log(`uncaught: ${err.stack ?? err.message}; stopping every child and dropping the database`);
  void stopAll()
    .then(() => db?.drop())
    .finally(() => {
      rmSync(work, { recursive: true, force: true });
      process.exit(1);
    });
});

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  checks.push({ name: "run", ok: false, detail: err instanceof Error ? (err.stack ?? err.message) : String(err) });
} finally {
  await stopAll();
  await sink?.close().catch(() => {});
  await s3?.close().catch(() => {});
  await db?.drop().catch((err: unknown) => log(`could not drop the database: ${String(err)}`));
  rmSync(work, { recursive: true, force: true });
}
const ok = report() && !failed;
process.exit(ok ? 0 : 1);
