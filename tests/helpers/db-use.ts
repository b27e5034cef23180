import { appendFileSync } from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { afterAll } from "vitest";

/**
 * Which test files can depend on the database (scripts/test-all.mjs). DATABASE_URL is the one input that differs
 * between the PGlite and the PostgreSQL runs of vitest, so a file that never reads it, in its own process or in a
 * process it starts, runs the same on both: the PostgreSQL run need not run it again. With STANZA_DB_USE_LOG set,
 * each file appends one line to that file: `{ file, db }`, db false only when the file, its imports and its hooks
 * neither read DATABASE_URL (get, `in`, descriptor) nor started a child process or a worker thread (which may read
 * it). A file that fails before its end writes nothing and so counts as using the database.
 */
type Watch = { touched: string | null };
const g = globalThis as { __stanzaDbUse?: Watch };

const log = process.env.STANZA_DB_USE_LOG;
if (log) {
  if (!g.__stanzaDbUse) {
    const watch: Watch = { touched: null };
    g.__stanzaDbUse = watch;
    const mark = (why: string) => {
      watch.touched ??= why;
    };
    const env = process.env;
    process.env = new Proxy(env, {
      get: (t, k) => (k === "DATABASE_URL" && mark("reads DATABASE_URL"), Reflect.get(t, k)),
      has: (t, k) => (k === "DATABASE_URL" && mark("reads DATABASE_URL"), Reflect.has(t, k)),
      getOwnPropertyDescriptor: (t, k) => (k === "DATABASE_URL" && mark("reads DATABASE_URL"), Reflect.getOwnPropertyDescriptor(t, k)),
      // Set on the real object itself: Node's environment takes only complete data descriptors, and a set through
      // a proxy would define the property with a partial one.
      set: (t, k, v) => Reflect.set(t, k, v),
    });
    const require = createRequire(import.meta.url);
    const cp = require("node:child_process") as Record<string, unknown>;
    for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) {
      const original = cp[name] as (...a: unknown[]) => unknown;
      cp[name] = function (this: unknown, ...a: unknown[]) {
        mark(`starts a process (${name})`);
        return original.apply(this, a);
      };
    }
    const wt = require("node:worker_threads") as { Worker: new (...a: never[]) => object };
    const OriginalWorker = wt.Worker;
    wt.Worker = class extends OriginalWorker {
      constructor(...a: never[]) {
        mark("starts a worker thread");
        super(...a);
      }
    };
    syncBuiltinESMExports();
  }
  // This module runs again for each test file (setupFiles): what that file's imports and tests do from here on.
  const watch = g.__stanzaDbUse;
  watch.touched = null;
  afterAll(({}, suite) => {
    const file = path.relative(process.cwd(), suite.file.filepath).split(path.sep).join("/");
    appendFileSync(log, `${JSON.stringify({ file, db: watch.touched !== null, why: watch.touched ?? undefined })}\n`);
  });
}
