import { constants } from "node:fs";
import { access, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { getDatabase } from "@/db";
import { MIGRATIONS_FOLDER, rowsOf } from "@/db/client";
import { getConfig } from "@/lib/config/env";
import { mailDir, parseSmtpUrl } from "@/lib/notifications/mailer";
import { getStorage } from "@/lib/storage";

/**
 * Readiness (`/api/health/ready`): can this instance serve requests? Each dependency is checked with a short
 * timeout, and the answer is shared for a few seconds, so a load balancer polling every instance every second
 * costs one database query, one storage check and one SMTP handshake per instance every CACHE_MS at most.
 * The answer names checks and outcomes only: never a host, a path, a user or an error's text.
 */
export type CheckName = "database" | "storage" | "mail";
export type CheckResult = { status: "ok" } | { status: "failed"; reason: "timeout" | "unavailable" | "migrations_pending" };
export type Readiness = { status: "ready" | "unready" | "draining"; checks: Partial<Record<CheckName, CheckResult>> };

export const CHECK_TIMEOUT_MS = 2_000;
export const CACHE_MS = 3_000;

type State = { draining: boolean; cached?: { at: number; value: Promise<Readiness> } };
// On globalThis: instrumentation (which marks draining) and the route handlers are bundled apart.
const state = ((globalThis as { __stanzaHealth?: State }).__stanzaHealth ??= { draining: false });

/** From SIGTERM on, readiness answers "draining" (503) so that a load balancer sends nothing new here. */
export function markDraining(): void {
  state.draining = true;
}

export function isDraining(): boolean {
  return state.draining;
}

class CheckTimeout extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimeout()), ms);
        timer.unref?.();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

class MigrationsPending extends Error {}

let expectedMigrations: number | undefined;
async function migrationCount(): Promise<number> {
  if (expectedMigrations === undefined) {
    const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
    expectedMigrations = journal.entries.length;
  }
  return expectedMigrations;
}

async function checkDatabase(): Promise<void> {
  const { db } = await getDatabase();
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
  const applied = Number(row?.n ?? 0);
  if (applied < (await migrationCount())) throw new MigrationsPending();
}

async function checkStorage(): Promise<void> {
  await (await getStorage()).ready();
}

/** SMTP_URL: a connection, greeting and EHLO (and login when the URL has credentials); else the mail folder is writable. */
async function checkMail(): Promise<void> {
  const config = getConfig();
  if (!config.smtpUrl) {
    const dir = mailDir(config.dataDir);
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return;
  }
  const transport = nodemailer.createTransport({ ...parseSmtpUrl(config.smtpUrl), connectionTimeout: CHECK_TIMEOUT_MS, greetingTimeout: CHECK_TIMEOUT_MS, socketTimeout: CHECK_TIMEOUT_MS });
  try {
    await transport.verify();
  } finally {
    transport.close();
  }
}

const CHECKS: Record<CheckName, () => Promise<void>> = { database: checkDatabase, storage: checkStorage, mail: checkMail };

async function runChecks(checks: Record<CheckName, () => Promise<void>>, timeoutMs: number): Promise<Readiness> {
  const names = Object.keys(checks) as CheckName[];
  const results = await Promise.all(
    names.map(async (name): Promise<[CheckName, CheckResult]> => {
      try {
        await withTimeout(checks[name](), timeoutMs);
        return [name, { status: "ok" }];
      } catch (err) {
        const reason = err instanceof CheckTimeout ? "timeout" : err instanceof MigrationsPending ? "migrations_pending" : "unavailable";
        return [name, { status: "failed", reason }];
      }
    }),
  );
  return { status: results.every(([, r]) => r.status === "ok") ? "ready" : "unready", checks: Object.fromEntries(results) as Record<CheckName, CheckResult> };
}

/** The readiness of this instance: "draining" at once during shutdown, else the checks (shared for CACHE_MS). */
export async function readiness(opts: { now?: number; timeoutMs?: number; cacheMs?: number; checks?: Record<CheckName, () => Promise<void>> } = {}): Promise<Readiness> {
  if (state.draining) return { status: "draining", checks: {} };
  const now = opts.now ?? Date.now();
  const cacheMs = opts.cacheMs ?? CACHE_MS;
  if (!state.cached || now - state.cached.at >= cacheMs) {
    state.cached = { at: now, value: runChecks(opts.checks ?? CHECKS, opts.timeoutMs ?? CHECK_TIMEOUT_MS) };
  }
  const value = await state.cached.value;
  return state.draining ? { status: "draining", checks: {} } : value;
}

/** Tests: forget the cached answer and the draining mark. */
export function resetHealthForTests(): void {
  state.draining = false;
  state.cached = undefined;
}
