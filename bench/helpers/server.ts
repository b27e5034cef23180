// Shared by the benchmarks that run the production server: a throw-away PostgreSQL database, `next start`,
// waiting for it to answer, and signing in through Auth.js's REST endpoints.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";

/** A fresh database on the PostgreSQL server of `serverUrl`, named `stanza_bench_<tag>_<random>`, and how to drop it. */
export async function createBenchDatabase(serverUrl: string, tag: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `stanza_bench_${tag}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await c.unsafe(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Polls `url` until it answers 2xx, for at most `ms`. */
export async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not answer ${url}`);
}

/**
 * `next start` of the production build (run `npx next build` first) on 127.0.0.1:port with `env` added to this
 * process's environment. The child is node itself running Next's bin, so its pid is the server's (no npm wrapper).
 * MALLOC_ARENA_MAX=2 as `npm start` sets it (README, "Memory"), unless this process's environment says otherwise.
 */
export function startNextServer(port: number, env: Record<string, string>, opts: { nodeArgs?: string[]; stdout?: "ignore" | "inherit" } = {}): ChildProcess {
  return spawn(process.execPath, [...(opts.nodeArgs ?? []), "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { MALLOC_ARENA_MAX: "2", ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), ...env },
    stdio: ["ignore", opts.stdout ?? "ignore", "inherit"],
  });
}

/** Stops a server started by startNextServer and waits for it to exit. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");

/** Signs in through an Auth.js credentials provider (csrf, then the callback) and returns the session cookie. */
export async function signIn(base: string, provider: string, fields: Record<string, string>): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/${provider}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookiesOf(csrfRes).join("; ") },
    body: new URLSearchParams({ csrfToken, ...fields, callbackUrl: `${base}/` }),
  });
  const session = cookiesOf(res).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in through ${provider} failed (HTTP ${res.status})`);
  return session;
}

/** Signs in as a demo citizen (demo mode's identity provider). */
export const citizenCookie = (base: string, codiceFiscale: string) => signIn(base, "demo-idp", { codiceFiscale });

/**
 * Before a benchmark seeds the demo in its own process: demo mode, as the server it starts will run in, and the
 * attachments written under the data folder that server will read.
 */
export async function prepareInProcessSeed(dataDir: string): Promise<void> {
  process.env.DEMO_MODE = "true";
  const { LocalDiskStorage, setStorage } = await import("@/lib/storage");
  setStorage(new LocalDiskStorage(path.join(dataDir, "files")));
}
