// Child processes of the many-instances run: each in its own process group, so a kill reaches `npm`/`tsx` and
// whatever they started, and every group is ended when the run ends, however it ends.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";

export type Proc = { name: string; child: ChildProcess; exited: Promise<number | null> };

const live = new Set<Proc>();

export function startProc(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, logDir: string): Proc {
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${name}.log`), { flags: "a" });
  const child = spawn(cmd, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const proc = { name, child, exited };
  live.add(proc);
  void exited.then(() => live.delete(proc));
  return proc;
}

/** Signals the whole group of a child (never anything else). */
export function signalProc(proc: Proc, signal: NodeJS.Signals): void {
  if (proc.child.pid === undefined || proc.child.exitCode !== null) return;
  try {
    process.kill(-proc.child.pid, signal);
  } catch {
    // already gone
  }
}

export async function stopProc(proc: Proc, graceMs = 10_000): Promise<void> {
  signalProc(proc, "SIGTERM");
  const timer = setTimeout(() => signalProc(proc, "SIGKILL"), graceMs);
  await proc.exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => stopProc(p, 5_000)));
}

/** On exit by any path, no child group is left behind (synchronous: the last chance on process exit). */
process.on("exit", () => {
  for (const p of live) signalProc(p, "SIGKILL");
});

export async function waitReady(url: string, timeoutMs: number, proc?: Proc): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.child.exitCode !== null) throw new Error(`${proc.name} exited (${proc.child.exitCode}) before it was ready: see its log`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
