import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { outbox } from "@/db/schema";
import { enqueueSignInLink } from "@/lib/notifications/enqueue";
import { messageIdFor } from "@/lib/notifications/mailer";
import { createEnte } from "./helpers/fixtures";
import { databaseForProcesses, type ProcessDatabase } from "./helpers/process-db";
import { SmtpSink } from "./helpers/smtp";
import { waitFor } from "./helpers/wait";

/**
 * SIGTERM, on real processes. The worker (`npm run worker`): stops claiming, finishes the rows it is sending,
 * releases the rest of its batch, exits 0; no row is left "processing". The web server (the production build,
 * `next start` as `npm start` runs it): a request in flight at SIGTERM gets its answer, a new connection is
 * refused, the process exits 0. The web part needs `next build` first (scripts/test-all.mjs runs this file again
 * after the build); without a build it is skipped, saying so.
 */
const MAIL_FROM = "Stanza <noreply@stanza.test>";
const exitOf = (child: ChildProcess) => new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on("exit", (code, signal) => r({ code, signal })));

function capture(child: ChildProcess): () => string {
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  return () => output;
}

describe("the worker on SIGTERM", () => {
  let sink: SmtpSink;
  let pdb: ProcessDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    // Slow enough that a batch (100 rows, 5 at a time) cannot end within the grace: the release is exercised.
    sink.delayMs = 300;
    const base = { SMTP_URL: sink.url, MAIL_FROM, APP_URL: "http://stanza.test", DEMO_MODE: "false", AUTH_SECRET: "x".repeat(40), WORKER_POLL_MS: "50", SHUTDOWN_GRACE_MS: "1500" };
    pdb = await databaseForProcesses("shutdown", { max: 3 });
    env = { ...base, ...pdb.env };
  });
  afterAll(async () => {
    await sink?.stop();
    await pdb?.cleanup();
  });

  const withDb = <T>(fn: (d: Database) => Promise<T>): Promise<T> => pdb.withDb(fn);

  it("stops claiming, finishes what it is sending, releases the rest, exits 0", { timeout: 180_000 }, async () => {
    const N = 150;
    const ids = await withDb(async ({ db }) => {
      const ente = await createEnte(db, { quietHoursStart: "00:00", quietHoursEnd: "00:00" });
      const out: string[] = [];
      for (let i = 0; i < N; i++) {
        const id = await enqueueSignInLink(db, { enteId: ente.id, email: `s${i}@example.com`, url: `http://stanza.test/l/${i}`, lang: "it" });
        if (id) out.push(id);
      }
      return out;
    });
    expect(ids).toHaveLength(N);
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const output = capture(child);
    const exited = exitOf(child);
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`the worker exited before it got going:\n${output()}`);
        return sink.messages.length >= 3;
      },
      { timeout: 120_000, message: () => `the worker did not get going:\n${output()}` },
    );
    child.kill("SIGTERM");
    const { code } = await exited;
    expect(code, output()).toBe(0);
    const sent = sink.messages.length;
    expect(sent).toBeLessThan(N);

    await withDb(async ({ db }) => {
      const rows = await db.select({ id: outbox.id, status: outbox.status, lockedBy: outbox.lockedBy, lockedAt: outbox.lockedAt }).from(outbox).where(eq(outbox.kind, "sign_in_link"));
      // Nothing stuck: every row is sent, or pending and unlocked (another worker takes it at once).
      expect(rows.filter((r) => r.status === "processing")).toEqual([]);
      const pending = rows.filter((r) => r.status === "pending");
      expect(pending.length).toBeGreaterThan(0);
      for (const r of pending) expect(r).toMatchObject({ lockedBy: null, lockedAt: null });
      // What the sink received is exactly what is recorded as sent: no send lost, none to repeat.
      const sentIds = new Set(rows.filter((r) => r.status === "sent").map((r) => r.id));
      expect(sentIds.size).toBe(sent);
      const counts = sink.counts();
      for (const id of sentIds) expect(counts.get(messageIdFor(id, MAIL_FROM)), id).toBe(1);
    });
  });
});

const BUILT = existsSync(path.join(process.cwd(), ".next", "BUILD_ID"));
if (!BUILT) console.warn("[shutdown.test] no production build (.next/BUILD_ID): the web server's SIGTERM test is skipped; run `npx next build` first (scripts/test-all.mjs runs it after the build).");

describe.skipIf(!BUILT)("the web server on SIGTERM", () => {
  const PORT = Number(process.env.SHUTDOWN_TEST_PORT ?? 3422);
  let dataDir: string;
  let blackHole: net.Server;
  let held: net.Socket[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "stanza-shutdown-web-"));
    // An "SMTP server" that accepts and never greets: the readiness check waits on it, so a request stays in flight.
    blackHole = net.createServer((s) => held.push(s));
    await new Promise<void>((r) => blackHole.listen(0, "127.0.0.1", r));
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    held = [];
    await new Promise((r) => blackHole?.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (p: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port: PORT, path: p, agent: false }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on("error", reject);
    });

  const connectOutcome = () =>
    new Promise<"accepted" | "refused">((resolve) => {
      const s = net.connect(PORT, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        resolve("accepted");
      });
      s.once("error", () => resolve("refused"));
    });

  it("answers the request in flight, refuses new connections, exits 0", { timeout: 240_000 }, async () => {
    const { address, port } = blackHole.address() as net.AddressInfo;
    const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_MANUAL_SIG_HANDLE: "true",
        DATABASE_URL: "",
        DATA_DIR: dataDir,
        APP_URL: `http://127.0.0.1:${PORT}`,
        AUTH_SECRET: "y".repeat(40),
        DEMO_MODE: "false",
        SMTP_URL: `smtp://${address}:${port}`,
        SHUTDOWN_GRACE_MS: "20000",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = capture(child);
    const exited = exitOf(child);
    try {
      await waitFor(async () => (await get("/api/health").catch(() => ({ status: 0 }))).status === 200, { timeout: 120_000, message: () => `the server did not start:\n${output()}` });
      const before = held.length;
      const inFlight = get("/api/health/ready");
      // In flight: its SMTP check has connected to the black hole and waits for a greeting.
      await waitFor(() => held.length > before, { timeout: 60_000, message: () => `the readiness check never reached the SMTP server:\n${output()}` });
      child.kill("SIGTERM");
      await waitFor(async () => (await connectOutcome()) === "refused", { timeout: 30_000, message: () => `new connections still accepted after SIGTERM:\n${output()}` });
      const answer = await inFlight;
      expect([200, 503]).toContain(answer.status);
      expect(JSON.parse(answer.body)).toMatchObject({ status: expect.stringMatching(/^(ready|unready|draining)$/) });
      const { code } = await exited;
      expect(code, output()).toBe(0);
      expect(output()).toMatch(/"component":"shutdown".*"msg":"SIGTERM: refusing new connections/);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
