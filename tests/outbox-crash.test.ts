import { spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { outbox } from "@/db/schema";
import { enqueueSignInLink } from "@/lib/notifications/enqueue";
import { SmtpMailer, messageIdFor } from "@/lib/notifications/mailer";
import { createHandlers } from "@/lib/outbox/handlers";
import { OutboxWorker } from "@/lib/outbox/worker";
import { createEnte } from "./helpers/fixtures";
import { databaseForProcesses, type ProcessDatabase } from "./helpers/process-db";
import { SmtpSink } from "./helpers/smtp";
import { waitFor } from "./helpers/wait";

/**
 * The real thing: `npm run worker` in its own process, killed with SIGKILL in the middle of its work, then a
 * new worker takes over. On PostgreSQL both run against the same server; on PGlite (one process at a time)
 * they take turns on the same data folder, which also exercises PGlite's recovery after a kill.
 */
const MAIL_FROM = "Stanza <noreply@stanza.test>";
const N = 300;
let sink: SmtpSink;
let pdb: ProcessDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  sink = await new SmtpSink().start();
  sink.delayMs = 5;
  const base = { SMTP_URL: sink.url, MAIL_FROM, APP_URL: "http://stanza.test", DEMO_MODE: "false", AUTH_SECRET: "x".repeat(40), WORKER_POLL_MS: "50" };
  pdb = await databaseForProcesses("crash", { max: 5 });
  env = { ...base, ...pdb.env };
});
afterAll(async () => {
  await sink?.stop();
  await pdb?.cleanup();
});

const withDb = <T>(fn: (d: Database) => Promise<T>): Promise<T> => pdb.withDb(fn);

it("a worker process killed mid-batch loses nothing; the next one delivers the rest", { timeout: 180_000 }, async () => {
  const ids = await withDb(async ({ db }) => {
    const ente = await createEnte(db, { quietHoursStart: "00:00", quietHoursEnd: "00:00" });
    const out: string[] = [];
    for (let i = 0; i < N; i++) {
      const id = await enqueueSignInLink(db, { enteId: ente.id, email: `p${i}@example.com`, url: `http://stanza.test/l/${i}`, lang: "it" });
      if (id) out.push(id);
    }
    return out;
  });
  expect(ids).toHaveLength(N);

  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  // Killed once it is well under way: 40 messages out.
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`the worker exited before it got going:\n${output}`);
      return sink.messages.length >= 40;
    },
    { timeout: 120_000, message: () => `the worker did not get going:\n${output}` },
  );
  child.kill("SIGKILL");
  await exited;
  const beforeKill = sink.messages.length;
  expect(beforeKill).toBeLessThan(N);

  await withDb(async ({ db }) => {
    const mailer = new SmtpMailer(sink.url);
    // After the lease of the dead worker's claim has run out.
    const w = new OutboxWorker({ db, handlers: createHandlers({ db, mailer, appUrl: "http://stanza.test", mailFrom: MAIL_FROM }), now: () => new Date(Date.now() + 10 * 60_000), log: () => {} });
    await w.drain();
    mailer.close();
    const rows = await db.select({ id: outbox.id, status: outbox.status }).from(outbox).where(eq(outbox.kind, "sign_in_link"));
    expect(rows.filter((r) => r.status !== "sent")).toEqual([]);
  });
  const counts = sink.counts();
  for (const id of ids) expect(counts.get(messageIdFor(id, MAIL_FROM)) ?? 0).toBeGreaterThanOrEqual(1);
  // Duplicates only in the documented window: messages in flight at the kill (at most one per connection).
  const duplicates = sink.messages.length - N;
  expect(duplicates).toBeGreaterThanOrEqual(0);
  expect(duplicates).toBeLessThanOrEqual(5);
});
