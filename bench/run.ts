// `npm run bench`: runs every bench/*.ts module (but this one), each in its own tsx process, one after the other.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const dir = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts")
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== bench/${f} ===`);
  const res = spawnSync(process.execPath, ["--import", "tsx", path.join(dir, f)], { stdio: "inherit", env: process.env });
  if (res.status !== 0) {
    failed += 1;
    console.error(`bench/${f} exited with ${res.status ?? res.signal}`);
  }
}
process.exit(failed ? 1 : 0);
