// HTTP for the many-instances run: a client that spreads calls over the web instances and, when one does not answer
// (connection refused or reset: it is restarting), sends the call to another one; server actions called the way
// Next's client calls them (POST with a `Next-Action` id read from the build's server-reference manifest).
import { readFileSync } from "node:fs";

export type Instance = { name: string; base: string };
export type Answer = { status: number; headers: Headers; text: string; instance: string; rerouted: boolean };

export const stats = { rerouted: 0, connectionErrors: 0 };

function isConnectionError(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  return err instanceof TypeError && (cause?.code === undefined || ["ECONNREFUSED", "ECONNRESET", "UND_ERR_SOCKET", "EPIPE", "UND_ERR_CLOSED"].includes(cause.code));
}

/** One request to `first`; on a connection error only, the same request once to each other instance in turn. */
export async function send(instances: Instance[], first: number, path: string, init: RequestInit & { originHeader?: boolean } = {}): Promise<Answer> {
  let lastErr: unknown;
  for (let k = 0; k < instances.length; k++) {
    const inst = instances[(first + k) % instances.length];
    if (!inst) continue;
    const headers = new Headers(init.headers);
    if (init.originHeader) headers.set("origin", inst.base);
    try {
      const res = await fetch(inst.base + path, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(60_000) });
      const text = await res.text();
      if (k > 0) stats.rerouted += 1;
      return { status: res.status, headers: res.headers, text, instance: inst.name, rerouted: k > 0 };
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      stats.connectionErrors += 1;
      lastErr = err;
    }
  }
  throw lastErr instanceof Error ? lastErr : new Error("no instance answered");
}

/** Server action ids by exported name and defining file, from the production build. */
export function actionIds(): (exportName: string, file: string) => string {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string; filename?: string }> };
  return (exportName, file) => {
    const hit = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportName && v.filename === file);
    if (!hit) throw new Error(`server action ${exportName} of ${file} not in the build's manifest`);
    return hit[0];
  };
}

/** Calls a server action as the app's own client does; `cookie` is the Cookie header (if any). */
export function callAction(instances: Instance[], first: number, pagePath: string, actionId: string, args: unknown[], cookie?: string): Promise<Answer> {
  const headers: Record<string, string> = { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" };
  if (cookie) headers.cookie = cookie;
  return send(instances, first, pagePath, { method: "POST", headers, body: JSON.stringify(args), originHeader: true });
}

/** The cookies an answer sets, merged into a jar (a cleared cookie leaves it). */
export function mergeCookies(jar: Map<string, string>, answer: Answer): void {
  for (const line of answer.headers.getSetCookie()) {
    const [pair = "", ...attrs] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
    if (!value || expired) jar.delete(name);
    else jar.set(name, value);
  }
}

export const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Runs `jobs` with at most `concurrency` at once; jobs may add more jobs while running. */
export async function pool(jobs: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const next = () => {
      if (jobs.length === 0 && active === 0) return resolve();
      while (active < concurrency && jobs.length > 0) {
        const job = jobs.shift();
        if (!job) break;
        active++;
        job().then(
          () => {
            active--;
            next();
          },
          (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
        );
      }
    };
    next();
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
